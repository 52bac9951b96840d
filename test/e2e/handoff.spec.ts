/**
 * Issue 17 items 3 and 4 in Chromium: an angry message in an auto-send conversation is held with
 * its reason, the opening-hours settings give one closed-hours reply marked as automatic, and the
 * header's away switch.
 */
import { operatorClient } from '../support/operatorClient';
import { expect, test } from './support/serve';

test('an angry message in an auto-send conversation is held for the operator, with the reason', async ({
  consolePage: app,
  serveMode,
  page,
}) => {
  await operatorClient(serveMode.operatorUrl).invoke('drafting:saveSettings', {
    autoSendCategories: ['question', 'booking'],
  });
  await app.textBusiness('+1 415 555 0160', 'Hi, can I book a cut on Friday?');
  await app.row('+14155550160').click();
  await expect(page.getByTestId('draft-panel')).toHaveAttribute('data-state', 'ready');
  await page.getByRole('combobox', { name: 'AI mode' }).selectOption({ label: 'Auto-send' });
  await page.getByTestId('auto-send-countdown').getByRole('button', { name: 'Stop' }).click();

  await app.textBusiness('+1 415 555 0160', 'This is the WORST service ever, I am really angry!!');
  const held = page.getByTestId('held-for-you');
  await expect(held).toContainText('Held for you: the message is a complaint.');
  await expect(page.getByTestId('notices')).toHaveCount(0); // said once, beside the draft
  await expect(page.getByTestId('auto-send-countdown')).toHaveCount(0);
  await app.screenshot('60-handoff-held-complaint');

  // The operator answers: the hold is over.
  await page
    .getByRole('textbox', { name: 'Message', exact: true })
    .fill('So sorry! I am calling you now.');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(held).toHaveCount(0);
});

test('opening hours in Settings: a text while closed gets one automatic reply', async ({
  consolePage: app,
  page,
}) => {
  const today = new Date().toISOString().slice(0, 10);
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await settings
    .getByRole('navigation', { name: 'Settings sections' })
    .getByRole('button', { name: 'Opening hours' })
    .click();
  for (const day of [
    'monday',
    'tuesday',
    'wednesday',
    'thursday',
    'friday',
    'saturday',
    'sunday',
  ]) {
    await settings.getByTestId(`hours-${day}`).fill('09:00-12:30, 13:30-18:00');
  }
  await settings.getByTestId('hours-timezone').fill('UTC');
  // Closed all day today, whatever the time: the next opening is tomorrow at 9.
  await settings.getByTestId('hours-closed-days').fill(`${today} Staff training`);
  await settings.getByTestId('closed-reply-enabled').check();
  await settings.getByRole('button', { name: 'Save opening hours' }).click();
  await expect(settings.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await settings.getByRole('group', { name: 'Opening hours' }).scrollIntoViewIfNeeded();
  await settings.getByText('When you are open.').scrollIntoViewIfNeeded();
  await app.screenshot('61-settings-opening-hours');
  await settings.getByTestId('closed-reply-en').scrollIntoViewIfNeeded();
  await app.screenshot('62-settings-closed-reply');
  await page.keyboard.press('Escape');

  await app.textBusiness('+1 415 555 0161', 'Hi, are you open today?');
  await app.row('+14155550161').click();
  const reply = app.messages.filter({ has: page.getByTestId('sent-automatically') });
  await expect(reply).toHaveCount(1);
  await expect(reply).toContainText(
    "Thanks for your message! We're closed right now. We open again tomorrow at 9:00 AM and will reply then.",
  );
  await app.textBusiness('+1 415 555 0161', 'Hello?');
  await expect(app.messages).toHaveCount(3);
  await expect(reply).toHaveCount(1); // once per closure
  await app.screenshot('63-closed-hours-reply');
});

test('the away switch in the header sends the away reply until it is switched off', async ({
  consolePage: app,
  page,
}) => {
  const away = page.getByTestId('away-switch');
  await expect(away).toHaveText('Away');
  await away.click();
  await expect(away).toHaveText('Away · on');
  await expect(away).toHaveAttribute('aria-pressed', 'true');
  await app.textBusiness('+1 415 555 0162', 'Is anyone there?');
  await app.row('+14155550162').click();
  const reply = app.messages.filter({ has: page.getByTestId('sent-automatically') });
  await expect(reply).toContainText("We're away right now and will reply as soon as we're back.");
  await app.screenshot('64-away-on');
  await away.click();
  await expect(away).toHaveText('Away');
});
