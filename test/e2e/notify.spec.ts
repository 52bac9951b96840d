import type { Page } from '@playwright/test';
import { startHttpStandIn, type HttpStandIn } from '../support/notifyStandIns';
import { test as modelTest } from './support/fakeModel';
import { expect, test } from './support/serve';

/** Settings → Notifications and the controls the operator uses there. */
function notifySettings(page: Page) {
  const settings = page.getByRole('dialog', { name: 'Settings' });
  return {
    open: async () => {
      await page.getByRole('button', { name: 'Settings', exact: true }).click();
      await settings
        .getByRole('navigation', { name: 'Settings sections' })
        .getByRole('button', { name: 'Notifications' })
        .click();
    },
    settings,
    channels: settings.getByTestId('notify-channel'),
  };
}

let slack: HttpStandIn;
test.beforeEach(async () => {
  slack = await startHttpStandIn();
});
test.afterEach(async () => {
  await slack.close();
});

test('notification channels: added in Settings, the secret shown as set, Test says what happened', async ({
  consolePage: app,
  page,
}) => {
  const ui = notifySettings(page);
  const webhook = `${slack.url}/services/T000/B000/secret-part`;
  await ui.open();
  await expect(ui.settings.getByTestId('notify-empty')).toBeVisible();
  await ui.settings.getByTestId('notify-add').click();
  await ui.settings.getByTestId('notify-kind').selectOption('slack');
  await ui.settings.getByTestId('notify-name').fill('Team Slack');
  await ui.settings.getByLabel('Webhook URL', { exact: true }).fill(webhook);
  await app.screenshot('70-notify-add-slack');
  await ui.settings.getByRole('button', { name: 'Add channel' }).click();

  await expect(ui.channels).toHaveCount(1);
  await expect(ui.channels).toContainText('Team Slack');
  await expect(ui.channels).toContainText('Webhook URL: set');
  // The webhook URL is a secret: never back on the page.
  expect(await page.content()).not.toContain('secret-part');

  await ui.channels.getByTestId('notify-test').click();
  await expect(ui.channels.getByTestId('notify-test-done')).toHaveText(
    'Sent a test notification through “Team Slack”. Check that it arrived.',
  );
  const post = await slack.nth(1);
  expect(post.path).toBe('/services/T000/B000/secret-part');
  expect((JSON.parse(post.body) as { text: string }).text).toContain('+1 415 ••• ••42');

  // The service refuses: the button says exactly what failed and what to do.
  slack.answer((_post, res) => res.writeHead(404).end('no_service'));
  await ui.channels.getByTestId('notify-test').click();
  await expect(ui.channels.getByTestId('notify-test-error')).toContainText(
    'Slack does not know this address any more (HTTP 404) (Slack said: no_service)',
  );

  // The email form asks for the SMTP server and how it is secured.
  await ui.settings.getByTestId('notify-add').click();
  await ui.settings.getByTestId('notify-kind').selectOption('email');
  await expect(ui.settings.getByLabel('SMTP server')).toBeVisible();
  await expect(ui.settings.getByLabel('Security')).toHaveValue('starttls');
  await expect(ui.settings.getByLabel('Port')).toHaveValue('587');
  await app.screenshot('76-notify-add-email');
  await ui.settings.getByRole('button', { name: 'Cancel' }).click();

  await ui.settings.getByTestId('notify-include-body').check();
  await ui.settings.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(ui.settings.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await app.screenshot('71-notify-settings');
});

test('a failed send notifies; a channel that refuses it is shown in Health with what to do', async ({
  consolePage: app,
  page,
  serveMode,
}) => {
  slack.answer((_post, res) => res.writeHead(404).end('no_service'));
  await serveMode.command('notify:saveChannel', {
    name: 'Team Slack',
    enabled: true,
    settings: { kind: 'slack' },
    secrets: { webhookUrl: `${slack.url}/services/gone` },
  });
  // Twilio's magic test number for an invalid "To" (21211).
  await app.textBusiness('+1 500 555 0001', 'Call me back');
  await app.row('+15005550001').click();
  await page.getByRole('textbox', { name: 'Message', exact: true }).fill('Sure, calling you now.');
  await page.keyboard.press('Control+Enter');

  const post = await slack.nth(1);
  expect((JSON.parse(post.body) as { text: string }).text).toContain(
    'A reply to +1 500 ••• ••01 could not be delivered',
  );
  const trouble = page.getByTestId('health-panel').getByTestId('notify-trouble');
  await expect(trouble).toContainText('Team Slack (a failed send');
  await expect(trouble).toContainText('gave up after 1 try');
  await expect(trouble).toContainText('create a new one and paste it in Settings → Notifications');
  await trouble.scrollIntoViewIfNeeded();
  await app.screenshot('74-notify-failed-in-health');
  await trouble.getByRole('button', { name: 'Open notification settings' }).click();
  await expect(page.getByRole('dialog', { name: 'Settings' }).getByTestId('notify-channel')).toContainText('Team Slack'); // prettier-ignore
});

modelTest.describe('translation for the operator', () => {
  modelTest(
    'a message in another language is translated on request; the draft shows its meaning',
    async ({ consolePage: app, page, fakeModel }) => {
      await fakeModel.reply('¡Claro! Tenemos mesa a las 20:00.');
      await fakeModel.translation('Do you have a table for two tonight?');
      await app.textBusiness('+1 415 555 0142', '¿Tienen mesa para dos esta noche? Gracias');
      await app.row('+14155550142').click();
      const draft = page.getByTestId('draft-panel');
      await expect(draft).toHaveAttribute('data-state', 'ready');
      // The draft is in Spanish: its meaning in English is shown under it, asked for at once.
      await expect(draft.getByTestId('draft-translation')).toContainText(
        'In English: Do you have a table for two tonight?',
      );

      const message = page.getByTestId('message').filter({ hasText: '¿Tienen mesa' });
      await message.getByTestId('message-translate').click();
      await expect(message.getByTestId('message-translation')).toHaveText(
        'In English: Do you have a table for two tonight?',
      );
      await app.screenshot('72-translated-message');
    },
  );
});

test('offline, Translate says it needs the model', async ({ consolePage: app, page }) => {
  await app.textBusiness('+1 415 555 0199', '¿Tienen mesa para dos esta noche? Gracias');
  await app.row('+14155550199').click();
  await expect(page.getByTestId('draft-panel')).toHaveAttribute('data-state', 'ready');
  const message = page.getByTestId('message').filter({ hasText: '¿Tienen mesa' });
  await message.getByTestId('message-translate').click();
  await expect(message.getByTestId('message-translation-note')).toContainText(
    'Translation needs the AI model',
  );
  await app.screenshot('73-translate-offline');

  // The operator reads Spanish too: nothing to translate any more.
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await settings
    .getByRole('navigation', { name: 'Settings sections' })
    .getByRole('button', { name: 'Languages' })
    .click();
  await settings.getByRole('textbox', { name: /Two-letter codes/ }).fill('en, es');
  await settings.getByRole('button', { name: 'Save languages' }).click();
  await expect(settings.getByTestId('languages-read')).toHaveText('English, Spanish');
  await app.screenshot('75-settings-languages');
  await page.keyboard.press('Escape');
  await expect(message.getByTestId('message-translate')).toHaveCount(0);
  await expect(message.getByTestId('message-translation-note')).toHaveCount(0);
});
