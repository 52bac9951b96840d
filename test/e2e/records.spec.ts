import { readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { expect, test } from './support/serve';

test('records: export messages as CSV, back up, import contacts, read the logs', async ({
  consolePage: app,
  page,
}) => {
  await app.textBusiness('+1 415 555 0100', 'Hi, are you open on Saturday?');
  await expect(app.row('+14155550100')).toBeVisible();
  await app.textBusiness('+1 212 555 0199', 'Do you deliver to "Brooklyn", NY?');
  await expect(app.rows).toHaveCount(2);

  const dialog = page.getByRole('dialog', { name: 'Records' });
  await page.getByRole('button', { name: 'Records' }).click();
  await expect(dialog).toBeVisible();

  // Export: messages as CSV, to the end.
  await dialog.getByLabel('What').selectOption('messages');
  await dialog.getByLabel('Format').selectOption('csv');
  await dialog.getByRole('button', { name: 'Start export' }).click();
  const state = dialog.getByTestId('export-state');
  await expect(state).toHaveAttribute('data-done', 'true');
  await expect(state).toContainText('2 rows saved to');
  const path = (await dialog.getByTestId('export-path').textContent()) ?? '';
  expect(isAbsolute(path)).toBe(true);
  expect(path).toMatch(/messages-.*\.csv$/);
  await expect(dialog.getByRole('progressbar', { name: 'Export progress' })).toBeVisible();
  await app.screenshot('50-records-export');

  const csv = readFileSync(path, 'utf8');
  expect(csv.startsWith('\uFEFF')).toBe(true);
  expect(csv).toContain('Hi, are you open on Saturday?');
  // RFC 4180: quotes in a cell are doubled and the cell quoted.
  expect(csv).toContain('"Do you deliver to ""Brooklyn"", NY?"');

  // Backups: none yet, then one.
  await dialog.getByRole('button', { name: 'Backups' }).click();
  await expect(dialog.getByTestId('backups-empty')).toBeVisible();
  await dialog.getByRole('button', { name: 'Back up now' }).click();
  const backupRows = dialog.getByTestId('backup-row');
  await expect(backupRows).toHaveCount(1);
  await expect(backupRows.first()).toContainText(/\d+(\.\d)? (B|KB|MB)/);
  await backupRows
    .first()
    .getByRole('button', { name: /^Restore the backup from/ })
    .click();
  const confirm = dialog.getByRole('alertdialog');
  await expect(confirm).toContainText('A restart is needed');
  await expect(confirm).toContainText('moved aside');
  await app.screenshot('50-records-backups');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toHaveCount(0);

  // Retention: the webhook log's own retention, and the space it takes (measured on a reader).
  await dialog.getByRole('button', { name: 'Retention' }).click();
  await expect(dialog.getByTestId('webhook-log-space')).toContainText(/takes \d+(\.\d)? (B|KB|MB)/);
  await dialog.getByTestId('webhook-log-refused-days').fill('3');
  await dialog.getByTestId('webhook-log-save').click();
  await expect(dialog.getByTestId('webhook-log-done')).toHaveText('Saved.');
  await app.screenshot('50-records-retention');

  // Import: one bad row means nothing is imported, and the row's line is named.
  await dialog.getByRole('button', { name: 'Import contacts' }).click();
  const file = dialog.getByLabel('Contacts CSV file');
  await file.setInputFiles({
    name: 'contacts.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(
      'name,number,tags\nAda Lovelace,+1 415 555 0123,vip\nNobody,not a number,\n',
    ),
  });
  const errors = dialog.getByTestId('import-errors');
  await expect(errors).toContainText('Nothing was imported from contacts.csv');
  await expect(dialog.getByTestId('import-error-row')).toHaveCount(1);
  await expect(dialog.getByTestId('import-error-row')).toContainText('Line 3:');
  await app.screenshot('50-records-import');
  // The good row of that file was not kept: importing it alone creates it now.
  await file.setInputFiles({
    name: 'contacts-fixed.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('name,number,tags\nAda Lovelace,+1 415 555 0123,vip\n'),
  });
  await expect(dialog.getByTestId('import-success')).toHaveText('Imported 1, updated 0.');
  await expect(errors).toHaveCount(0);

  // Retention: off by default; a preview counts before anything is deleted.
  await dialog.getByRole('button', { name: 'Retention' }).click();
  await expect(
    dialog.getByRole('checkbox', { name: /Delete old conversations/ }),
  ).not.toBeChecked();
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await expect(dialog.getByTestId('retention-preview-result')).toHaveText(
    'Nothing is old enough to delete.',
  );
  await expect(dialog.getByTestId('retention-delete')).toHaveCount(0);

  // Logs: lines, newest first, refreshed by hand.
  await dialog.getByRole('button', { name: 'Logs' }).click();
  await dialog.getByRole('button', { name: 'Refresh' }).click();
  await expect(dialog.getByTestId('log-line').first()).toBeVisible();
  await app.screenshot('50-records-logs');
  await dialog.getByLabel('Level').selectOption('error');
  await expect(dialog.getByTestId('log-line').or(dialog.getByTestId('log-empty'))).not.toHaveCount(
    0,
  );

  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});
