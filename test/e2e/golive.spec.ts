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
