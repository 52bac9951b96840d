import { expect, test } from './support/serve';

test('the operator replies from the composer and watches it reach Delivered', async ({
  consolePage: app,
  page,
}) => {
  await app.textBusiness('+1 415 555 0100', 'Hi, are you open on Saturday?');
  await app.row('+14155550100').click();

  const message = page.getByRole('textbox', { name: 'Message', exact: true });
  await message.fill('We’re open 9–5 on Saturday. See you then!');
  // A curly quote and an en dash would double the price: the console says so and offers a fix.
  const warning = page.getByTestId('encoding-warning');
  await expect(warning).toContainText('“’”');
  await expect(warning).toContainText('“–”');
  await expect(page.getByTestId('composer-meter')).toContainText('UCS-2');
  await app.screenshot('09-composer-encoding-warning');
  await page.getByTestId('replace-lookalikes').click();
  await expect(message).toHaveValue("We're open 9-5 on Saturday. See you then!");
  await expect(warning).toHaveCount(0);
  await expect(page.getByTestId('composer-meter')).toContainText('1 segment · GSM-7');

  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(message).toHaveValue('');
  const sent = app.messages.filter({ hasText: "We're open 9-5" });
  await expect(sent.getByTestId('delivery-status')).toHaveText('Delivery status: Delivered');
  await app.screenshot('10-reply-delivered');
});

test('a send the carrier refuses shows why, and Retry sends again', async ({
  consolePage: app,
  page,
}) => {
  // Twilio's magic test number for an invalid "To" (21211).
  await app.textBusiness('+1 500 555 0001', 'Call me back');
  await app.row('+15005550001').click();
  await page.getByRole('textbox', { name: 'Message', exact: true }).fill('Sure, calling you now.');
  await page.keyboard.press('Control+Enter');

  const bubble = app.messages.filter({ hasText: 'Sure, calling you now.' });
  await expect(bubble.getByTestId('delivery-status')).toContainText('Failed: 21211');
  await expect(bubble.getByTestId('delivery-error')).not.toBeEmpty();
  await app.screenshot('11-send-failed');
  await bubble.getByTestId('message-retry').click();
  await expect(bubble.getByTestId('retried')).toBeVisible();
  await expect(bubble.getByTestId('delivery-status')).toContainText('Failed: 21211');
});

test('a customer who texts STOP cannot be messaged', async ({ consolePage: app, page }) => {
  await app.textBusiness('+1 415 555 0177', 'STOP');
  await app.row('+14155550177').click();
  await expect(page.getByTestId('composer-blocked')).toContainText('texted STOP');
  await expect(page.getByRole('textbox', { name: 'Message', exact: true })).toHaveCount(0);
  await app.screenshot('12-opted-out');
});
