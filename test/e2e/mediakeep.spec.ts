/**
 * Attachments kept for good, in the console (issue 16 item 7): Settings › Privacy turns on
 * "Delete Twilio's copy once ours is safe", a picture from the Simulator panel is kept and then
 * shows "Twilio's copy deleted", and a backup's size in Records counts its attachments.
 * Through the real core (serve mode, demo) and its simulator.
 */
import { shown } from './support/consolePage';
import { expect, test } from './support/serve';

test("privacy: Twilio's copy deleted once ours is kept, and the backup carries the picture", async ({
  consolePage: app,
  page,
}) => {
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await settings.getByRole('button', { name: 'Privacy' }).click();
  const toggle = settings.getByRole('checkbox', { name: "Delete Twilio's copy once ours is safe" });
  await expect(toggle).not.toBeChecked(); // off by default
  await expect(settings).toContainText('only this computer and your backups have it');
  await toggle.check();
  await settings.getByRole('button', { name: 'Save privacy' }).click();
  await expect(settings.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await app.screenshot('mediakeep-01-settings-privacy');
  await page.keyboard.press('Escape');
  await expect(settings).toHaveCount(0);

  await app.customerNumber.fill('+1 415 555 0100');
  await app.customerMessage.fill('The cracked tile, before you come round');
  await page.getByRole('checkbox', { name: 'Attach a picture (sent as an MMS)' }).check();
  await app.textTheBusiness.click();
  await app.row('+14155550100').click();
  await expect(app.threadTitle).toHaveText(shown('+14155550100'));
  const attachment = app.messages.last().getByTestId('attachment');
  await expect(attachment).toHaveAttribute('data-state', 'kept');
  await expect(attachment.getByTestId('attachment-carrier-deleted')).toHaveText(
    "Twilio's copy deleted",
  );
  await expect(attachment.locator('img')).toHaveAttribute('src', /^\/media\/[0-9a-f]{64}$/);
  await app.screenshot('mediakeep-02-thread-carrier-copy-deleted');

  const records = page.getByRole('dialog', { name: 'Records' });
  await page.getByRole('button', { name: 'Records' }).click();
  await records.getByRole('button', { name: 'Backups' }).click();
  await records.getByRole('button', { name: 'Back up now' }).click();
  const row = records.getByTestId('backup-row');
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('backup-size')).toContainText(
    /\d+(\.\d)? (B|KB|MB)with 1 attachment/,
  );
  await app.screenshot('mediakeep-03-backup-with-attachments');
});
