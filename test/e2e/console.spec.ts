import { test as plain, type Page } from '@playwright/test';
import type { ConversationSummary } from '../../src/shared/types';
import { ConsolePage, shown } from './support/consolePage';
import { startFakeCore } from './support/fakeCore';
import { expect, test } from './support/serve';

/** The side panel, search and settings, as the operator finds them. */
function consoleParts(page: Page) {
  const settings = page.getByRole('dialog', { name: 'Settings' });
  const contact = page.getByTestId('contact-panel');
  const health = page.getByTestId('health-panel');
  return {
    settingsButton: page.getByRole('button', { name: 'Settings', exact: true }),
    settings,
    section: (name: string) =>
      settings.getByRole('navigation', { name: 'Settings sections' }).getByRole('button', { name }),
    search: page.getByRole('searchbox', { name: 'Search', exact: true }),
    results: page.getByTestId('search-result'),
    contact,
    contactName: contact.getByRole('textbox', { name: 'Name', exact: true }),
    contactTags: contact.getByRole('textbox', { name: 'Tags', exact: true }),
    contactNotes: contact.getByRole('textbox', { name: 'Notes', exact: true }),
    saveContact: contact.getByRole('button', { name: 'Save contact' }),
    health,
    selected: page.locator('[data-testid="conversation-row"][aria-current="true"]'),
  };
}

// A key for a local server that is not there: nothing is drafted in this test, and nothing leaves
// the machine if something were.
const aiSecret = 'sk-e2e-secret-value-4411';

test.describe('settings', () => {
  test.use({ serveEnv: { OPENAI_API_KEY: aiSecret, OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' } });

  test('shows secrets only as set or not set, and saves sending settings', async ({
    consolePage: app,
    page,
  }) => {
    const ui = consoleParts(page);
    const bodies: string[] = [];
    page.on('response', (response) => {
      if (new URL(response.url()).pathname.startsWith('/api/')) {
        void response.text().then(
          (text) => bodies.push(text),
          () => undefined,
        );
      }
    });
    await expect(app.demoBadge).toBeVisible();

    await ui.settingsButton.click();
    await expect(ui.settings).toBeVisible();
    await ui.section('Sending').click(); // Settings opens on Go live
    await expect(ui.settings.getByRole('checkbox', { name: /quiet hours/ })).toBeVisible();
    const price = ui.settings.getByRole('spinbutton', { name: 'Price per segment' });
    await expect(price).toHaveValue('0.0083');
    await price.fill('0.0079');
    await ui.settings.getByRole('button', { name: 'Save sending settings' }).click();
    await expect(ui.settings.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
    await app.screenshot('30-settings-sending');

    await ui.section('Twilio').click();
    await expect(ui.settings.getByTestId('secret-twilio-auth-token')).toHaveText('Not set');
    await expect(ui.settings.getByTestId('twilio-account-sid')).toHaveText('Not set');
    await expect(ui.settings.getByTestId('settings-env-note')).toContainText('TWILIO_AUTH_TOKEN');

    await ui.section('ngrok').click();
    await expect(ui.settings.getByTestId('secret-ngrok-authtoken')).toHaveText(/^(Set|Not set)$/);
    await expect(ui.settings).toContainText('NGROK_AUTHTOKEN');
    await app.screenshot('31-settings-ngrok');

    await ui.section('AI drafts').click();
    await expect(ui.settings.getByTestId('secret-openai-key')).toHaveText('Set');
    await expect(ui.settings).toContainText('http://127.0.0.1:9/v1');
    await expect(ui.settings.getByRole('group', { name: /Auto-send may send/ })).toBeVisible();
    await app.screenshot('32-settings-ai');

    await ui.section('Business profile').click();
    await expect(ui.settings.getByTestId('profile-name')).toHaveValue('Bella Salon');

    // The secret's value never reached the page, neither on screen nor over the wire.
    expect(await page.content()).not.toContain(aiSecret);
    expect(bodies.join('\n')).not.toContain(aiSecret);
    expect(bodies.some((body) => body.includes('OPENAI_API_KEY'))).toBe(true); // bodies were read

    await page.keyboard.press('Escape');
    await expect(ui.settings).toBeHidden();

    // Saved for real: opening Settings again shows the new price.
    await ui.settingsButton.click();
    await ui.section('Sending').click();
    await expect(ui.settings.getByRole('spinbutton', { name: 'Price per segment' })).toHaveValue(
      '0.0079',
    );
  });
});

test('the contact panel edits the name the inbox shows and shows the opt-out history', async ({
  consolePage: app,
  page,
}) => {
  const ui = consoleParts(page);
  await app.textBusiness('+1 415 555 0170', 'Hi, I need to move my appointment');
  const row = app.row('+14155550170');
  await row.click();
  await expect(ui.contact.getByTestId('contact-number')).toHaveText(shown('+14155550170'));
  await expect(ui.contact.getByTestId('contact-consent')).toHaveText('Can receive texts');

  await ui.contactName.fill('Dana Whitfield');
  await ui.contactTags.fill('vip');
  await ui.contactTags.press('Enter');
  await ui.contactNotes.fill('Prefers afternoons.');
  await ui.saveContact.click();
  await expect(ui.contact.getByRole('status')).toHaveText('Saved.');
  await expect(app.row('Dana Whitfield').getByTestId('conversation-name')).toHaveText(
    'Dana Whitfield',
  );
  await expect(app.threadTitle).toHaveText('Dana Whitfield');
  await expect(ui.contact.getByTestId('contact-tag')).toHaveText(['vip×']);

  await app.textBusiness('+1 415 555 0170', 'STOP');
  await expect(ui.contact.getByTestId('contact-consent')).toContainText('Opted out');
  await expect(ui.contact.getByTestId('consent-history')).toContainText('texted STOP');
  await app.screenshot('33-contact-panel');
});

test('search finds an old message and opens its conversation', async ({
  consolePage: app,
  page,
}) => {
  const ui = consoleParts(page);
  await app.textBusiness('+1 415 555 0181', 'Can I book a balayage for Friday afternoon?');
  await expect(app.rows).toHaveCount(1);
  await app.textBusiness('+1 212 555 0182', 'Is there parking near the salon?');
  await expect(app.rows).toHaveCount(2);
  await app.textBusiness('+1 212 555 0182', 'Never mind, found it. Thanks!');
  await expect(app.row('+12125550182').getByTestId('conversation-preview')).toHaveText(
    'Never mind, found it. Thanks!',
  );

  await page.keyboard.press('/');
  await expect(ui.search).toBeFocused();
  await page.keyboard.type('balay');
  await expect(ui.results).toHaveCount(1);
  await expect(ui.results.first()).toContainText(shown('+14155550181'));
  await expect(ui.results.first().locator('mark')).toHaveText('balayage');
  await app.screenshot('34-search');

  await ui.results.first().click();
  await expect(app.threadTitle).toHaveText(shown('+14155550181'));
  await expect(app.messages).toContainText(['Can I book a balayage for Friday afternoon?']);
  await expect(page.getByTestId('search-results')).toHaveCount(0);

  // Every word must match; nothing found says so.
  await ui.search.fill('parking zebra');
  await expect(page.getByTestId('search-results')).toContainText('No messages contain');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('search-results')).toHaveCount(0);
});

test('j / k move between conversations, n finds a waiting draft, health shows the queue', async ({
  consolePage: app,
  page,
}) => {
  const ui = consoleParts(page);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await app.textBusiness('+1 415 555 0191', 'Hi, are you open on Saturday?');
  await expect(app.row('+14155550191').getByTestId('draft-marker')).toBeVisible();
  await app.textBusiness('+1 415 555 0192', 'Do you sell gift cards');
  await expect(app.rows).toHaveCount(2);
  await app.textBusiness('+1 415 555 0193', 'Running 5 minutes late, sorry');
  await expect(app.rows).toHaveCount(3);

  // Newest first: 0193, 0192, 0191.
  await page.locator('body').press('j');
  await expect(app.threadTitle).toHaveText(shown('+14155550193'));
  await expect(ui.selected).toContainText(shown('+14155550193'));
  await page.locator('body').press('j');
  await expect(app.threadTitle).toHaveText(shown('+14155550192'));
  await page.locator('body').press('k');
  await expect(app.threadTitle).toHaveText(shown('+14155550193'));

  // Typing is typing, not a shortcut.
  await app.customerMessage.click();
  await page.keyboard.type('jk');
  await expect(app.customerMessage).toHaveValue('jk');
  await expect(app.threadTitle).toHaveText(shown('+14155550193'));
  await app.customerMessage.fill('');

  await page.keyboard.press('Tab'); // out of the text box, onto "Text the business"
  await page.keyboard.press('n');
  await expect(app.threadTitle).toHaveText(shown('+14155550191'));

  await expect(ui.health.getByTestId('queue-waiting')).toHaveText(/^\d+$/);
  await expect(ui.health.getByTestId('queue-running')).toHaveText(/^\d+$/);
  await expect(ui.health.getByTestId('queue-dead')).toHaveText('0');
  await expect(ui.health.getByTestId('health-mode')).toHaveText('Demo (simulator)');
  await expect(ui.health.getByTestId('health-last-webhook')).not.toHaveText('None received yet');
  await expect(ui.health.getByTestId('health-database')).toHaveText(/\d+(\.\d)? (KB|MB)/);
  await ui.health.scrollIntoViewIfNeeded();
  await app.screenshot('35-console-1920');

  await page.setViewportSize({ width: 1280, height: 800 });
  await app.screenshot('36-console-1280');
});

plain('health lists dead jobs with a Retry for each', async ({ page }) => {
  const summary: ConversationSummary = {
    id: 1,
    channel: 'sms',
    businessNumber: '+15005550006',
    contact: {
      id: 1,
      address: '+14155551001',
      name: 'Ana Ruiz',
      optedOut: false,
      optedOutAt: null,
    },
    unreadCount: 0,
    lastActivityAt: Date.now() - 60_000,
    lastMessage: {
      body: 'See you then',
      direction: 'inbound',
      status: 'received',
      hasMedia: false,
    },
  };
  const core = await startFakeCore({ conversations: [summary], messages: [] });
  try {
    const app = new ConsolePage(page);
    await page.goto(core.url);
    const health = consoleParts(page).health;
    await expect(health.getByTestId('queue-dead')).toHaveText('2');
    await expect(health.getByTestId('dead-job')).toHaveCount(2);
    await expect(health.getByRole('button', { name: 'Retry Send job 41' })).toBeVisible();
    await expect(health.getByTestId('dead-job').first()).toContainText('503 Service Unavailable');
    // A job retried elsewhere meanwhile: the fake core refuses, and the card says so.
    await health.getByRole('button', { name: 'Retry Draft job 42' }).click();
    await expect(health.getByRole('alert')).toContainText('jobs:retry');
    await health.scrollIntoViewIfNeeded();
    await app.screenshot('37-health-dead-jobs');
  } finally {
    await core.close();
  }
});
