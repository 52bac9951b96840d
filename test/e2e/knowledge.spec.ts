/**
 * Issue 17 in Chromium: Settings → Knowledge (the demo business's entries, adding a fact with a
 * translation, importing a document), and a draft showing "Based on" with its passages openable
 * and a made-up price flagged, which takes one more click to send.
 */
import { expect, test } from './support/serve';

test('the knowledge screen: the demo entries, a new fact with a translation, an imported document', async ({
  consolePage: app,
  page,
}) => {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await settings.getByTestId('settings-section-knowledge').click();
  const entries = settings.getByTestId('knowledge-entry');
  await expect(entries).toHaveCount(4);
  await expect(settings.getByTestId('knowledge-list')).toContainText('Prices 2026');
  await expect(settings.getByTestId('knowledge-list')).toContainText("Men's cut $30");
  await app.screenshot('70-knowledge-list');

  await settings.getByTestId('knowledge-add-fact').click();
  await settings.getByTestId('knowledge-question').fill('Do you sell gift cards?');
  await settings.getByTestId('knowledge-answer').fill('Yes, from $25, at the front desk.');
  await settings.getByTestId('knowledge-add-translation').click();
  const translation = settings.getByTestId('knowledge-translation');
  await translation.getByRole('textbox', { name: 'Question in this language' }).fill('¿Venden tarjetas regalo?'); // prettier-ignore
  await translation.getByRole('textbox', { name: 'Answer in this language' }).fill('Sí, desde $25, en recepción.'); // prettier-ignore
  await app.screenshot('71-knowledge-new-fact');
  await settings.getByTestId('knowledge-save').click();
  await expect(entries).toHaveCount(5);
  await expect(entries.first()).toContainText('Do you sell gift cards?');
  await expect(entries.first()).toContainText('(also in es)');

  await settings.getByTestId('knowledge-file').setInputFiles({
    name: 'Aftercare.md',
    mimeType: 'text/markdown',
    buffer: Buffer.from('# Colour aftercare\n\nWait 48 hours before washing new colour.\n'),
  });
  await expect(settings.getByTestId('knowledge-import-outcome-done')).toHaveText('Imported Aftercare.md.'); // prettier-ignore
  await expect(entries.first()).toContainText('Aftercare.md · Colour aftercare Wait 48 hours');
  await app.screenshot('72-knowledge-imported');

  // Edit the price list; delete an entry.
  const prices = entries.filter({ hasText: 'Prices 2026' });
  await prices.getByRole('button', { name: 'Edit', exact: true }).click();
  const editor = settings.getByTestId('knowledge-editor');
  await editor.getByRole('textbox', { name: 'Price 1', exact: true }).fill('$32');
  await app.screenshot('73-knowledge-edit-prices');
  await editor.getByTestId('knowledge-save').click();
  await expect(settings.getByTestId('knowledge-list')).toContainText("Men's cut $32");
  await entries.filter({ hasText: 'Parking' }).getByTestId('knowledge-delete').click();
  await expect(entries).toHaveCount(5);
  await expect(settings.getByTestId('knowledge-list')).not.toContainText('Parking');
});

test('a draft shows what it is based on, and a made-up price is flagged and needs one more click', async ({
  consolePage: app,
  page,
}) => {
  await app.textBusiness('+1 415 555 0170', "How much is a men's cut and are you open Sunday?");
  await app.row('+14155550170').click();
  const panel = page.getByTestId('draft-panel');
  await expect(panel).toHaveAttribute('data-state', 'ready');
  await expect(panel.getByTestId('draft-text')).toContainText("Men's cut: $30.");
  const basedOn = panel.getByTestId('draft-based-on');
  await expect(basedOn).toHaveText('Based on: Prices 2026 · Sunday opening');
  await app.screenshot('74-draft-based-on');

  await basedOn.getByRole('button', { name: 'Sunday opening' }).click();
  const passage = page.getByTestId('passage-dialog');
  await expect(passage.getByTestId('passage-text')).toHaveText(/We are closed on Sundays/);
  await app.screenshot('75-draft-passage-open');
  await passage.getByTestId('passage-close').click();
  await expect(passage).toBeHidden();

  await panel.getByRole('button', { name: 'Edit', exact: true }).click();
  await page
    .getByRole('textbox', { name: 'Draft', exact: true })
    .fill("A men's cut is $45, see you soon!");
  await expect(panel.getByTestId('draft-claim')).toHaveText('$45 — not in your prices');
  await panel.getByTestId('draft-approve').click();
  const confirm = panel.getByTestId('draft-confirm');
  await expect(confirm).toContainText('This reply states what your knowledge does not: $45 — not in your prices. Send it anyway?'); // prettier-ignore
  await app.screenshot('76-draft-flagged-price');
  await confirm.getByRole('button', { name: 'Send anyway' }).click();
  await expect(app.messages.last()).toContainText("A men's cut is $45, see you soon!");
});

test('a draft with a price it was not told is flagged in its text before editing', async ({
  consolePage: app,
  page,
}) => {
  // The operator's own earlier reply stated a price the price list does not have.
  await app.textBusiness('+1 415 555 0171', 'Do you sell the argan oil shampoo?');
  await app.row('+14155550171').click();
  await page.getByRole('textbox', { name: 'Message', exact: true }).fill('Yes! It is $18 at the front desk.'); // prettier-ignore
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(app.messages.last()).toContainText('$18');
  await app.textBusiness('+1 415 555 0172', 'hi, do you sell argan oil shampoo??');
  await app.row('+14155550172').click();
  const panel = page.getByTestId('draft-panel');
  await expect(panel).toHaveAttribute('data-state', 'ready');
  await expect(panel.getByTestId('draft-claim-mark')).toHaveText('$18');
  await expect(panel.getByTestId('draft-claim')).toHaveText('$18 — not in your prices');
  await app.screenshot('77-draft-flagged-in-text');
});
