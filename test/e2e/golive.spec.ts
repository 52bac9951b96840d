import type { Page } from '@playwright/test';
import { expect, test } from './support/serve';

/** Settings → Go live, as the operator finds it. */
function goLive(page: Page) {
  const settings = page.getByRole('dialog', { name: 'Settings' });
  const section = settings.getByTestId('golive-section');
  return {
    open: page.getByRole('button', { name: 'Settings', exact: true }),
    settings,
    section,
    secret: (id: string) => section.getByTestId(`golive-secret-${id}`),
    startTunnel: section.getByRole('button', { name: 'Start tunnel' }),
    tunnelState: section.getByTestId('golive-tunnel-state'),
    tunnelError: section.getByTestId('golive-tunnel-error'),
    showNumbers: section.getByRole('button', { name: 'Show my numbers' }),
    numbers: section.getByTestId('golive-number'),
    sendTest: section.getByRole('button', { name: 'Send a test' }),
    selfTest: section.getByTestId('golive-selftest-result'),
  };
}

// Serve mode with no accounts: the Go live screen explains what to set and refuses plainly.
test.use({ serveEnv: { NGROK_AUTHTOKEN: '', TWILIO_AUTH_TOKEN: '', OPENAI_API_KEY: '' } });

test('Go live: secrets show as not set, the tunnel asks for its token, the demo number connects', async ({
  consolePage: app,
  page,
}) => {
  const ui = goLive(page);
  await expect(app.demoBadge).toBeVisible();
  await ui.open.click();
  await expect(ui.section).toBeVisible();
  await expect(ui.section.getByTestId('golive-mode')).toContainText('Demo mode');
  await expect(ui.secret('twilio-auth-token')).toHaveText('Not set');
  await expect(ui.secret('ngrok-authtoken')).toHaveText('Not set');
  await expect(ui.section.getByTestId('golive-twilio-env')).toContainText('TWILIO_AUTH_TOKEN');
  await expect(ui.tunnelState).toContainText('Not started');
  await expect(ui.section.getByLabel('ngrok authtoken')).toHaveAttribute('type', 'password');
  await expect(ui.section.getByLabel('Reserved domain (optional)')).toBeVisible();

  await ui.startTunnel.click();
  await expect(ui.tunnelError).toContainText('Paste your ngrok authtoken');

  await ui.showNumbers.click();
  await expect(ui.numbers).toHaveCount(1);
  await expect(ui.numbers).toContainText('+15005550006');
  const connect = ui.section.getByRole('button', { name: 'Connect +15005550006' });
  if (await connect.isVisible()) await connect.click();
  await expect(ui.numbers.getByText('Connected')).toBeVisible();

  await ui.sendTest.click();
  await expect(ui.selfTest).toBeVisible();

  // The first screen as the operator opens it, then the steps below it.
  const content = ui.settings.getByTestId('settings-content');
  await content.evaluate((element) => element.scrollTo(0, 0));
  await app.screenshot('40-go-live');
  await content.evaluate((element) => element.scrollTo(0, element.scrollHeight));
  await app.screenshot('41-go-live-number-and-test');
});

test('Go live: a model on this computer is set up by its address and name, then a restart', async ({
  consolePage: app,
  page,
}) => {
  const ui = goLive(page);
  await ui.open.click();
  const ai = ui.section.locator('details', { hasText: 'AI drafts (optional)' });
  await ai.locator('summary').click();
  const address = ai.getByLabel('Service address (optional)');
  const model = ai.getByLabel('Model (optional)');
  const save = ai.getByRole('button', { name: 'Save service' });
  const saved = ai.getByTestId('golive-ai-service-done');
  const refused = ai.getByTestId('golive-ai-service-error');

  await address.fill('localhost:11434/v1');
  await save.click();
  await expect(refused).toContainText('starting with http:// or https://');

  await address.fill('http://localhost:11434/v1');
  await model.fill('llama3.2');
  await save.click();
  // Serve mode cannot restart itself: it says so.
  await expect(saved).toHaveText('AI service saved. Restart Switchboard to use it.');
  await expect(refused).toHaveCount(0);
  await app.screenshot('42-go-live-ai-service');

  // The saved values come back when Settings opens again.
  await page.keyboard.press('Escape');
  await ui.open.click();
  await ai.locator('summary').click();
  await expect(address).toHaveValue('http://localhost:11434/v1');
  await expect(model).toHaveValue('llama3.2');
});

test('Go live: WhatsApp through the sandbox (join message, URL to paste) or the demo sender, and the self-test covers it', async ({
  consolePage: app,
  page,
}) => {
  const ui = goLive(page);
  await ui.open.click();
  const step = ui.section.getByRole('listitem').filter({ hasText: 'WhatsApp (optional)' });
  const sandbox = step.getByTestId('golive-whatsapp-sandbox');
  // The join code comes from the (simulated) account: the exact message customers send first.
  await expect(sandbox.getByTestId('golive-whatsapp-join')).toHaveText('join silver-lantern');
  await expect(sandbox).toContainText('+14155238886');
  await expect(sandbox).toContainText('Joining lasts 3 days');
  await expect(sandbox.getByTestId('golive-whatsapp-url')).toHaveText(
    /^http:\/\/127\.0\.0\.1:\d+\/webhooks\/twilio\/sms$/,
  );
  await expect(sandbox).toContainText('When a message comes in');
  await expect(sandbox.getByRole('button', { name: 'Copy the webhook URL' })).toBeVisible();
  await sandbox.getByRole('button', { name: 'Use the sandbox' }).click();
  await expect(sandbox.getByTestId('golive-whatsapp-sandbox-done')).toHaveText(
    'Customers start by sending "join silver-lantern" to +14155238886 on WhatsApp.',
  );
  await expect(step.getByText('In use')).toBeVisible();
  await step.scrollIntoViewIfNeeded();
  await app.screenshot('43-go-live-whatsapp-sandbox');

  await step.getByTestId('golive-whatsapp-tab-sender').click();
  const sender = step.getByTestId('golive-whatsapp-sender').first();
  await expect(sender).toContainText('+15005550010');
  await expect(sender).toContainText('Bella Salon');
  await step.getByRole('button', { name: 'Connect WhatsApp sender +15005550010' }).click();
  await expect(sender.getByText('Connected')).toBeVisible();
  await expect(step.getByTestId('golive-whatsapp-sender-done')).toContainText(
    'Incoming WhatsApp messages to +15005550010 (its webhook, POST) now go to',
  );
  await app.screenshot('44-go-live-whatsapp-sender');

  await ui.sendTest.click();
  await expect(ui.selfTest).toContainText('SMS route:');
  const whatsappRoute = ui.section.getByTestId('golive-selftest-whatsapp');
  await expect(whatsappRoute).toContainText('✓ WhatsApp route:');
  await expect(whatsappRoute).toContainText('shaped like an incoming WhatsApp message');
  await whatsappRoute.scrollIntoViewIfNeeded();
  await app.screenshot('45-go-live-self-test-whatsapp');
});
