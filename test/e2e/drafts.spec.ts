import type { Page } from '@playwright/test';
import { operatorClient } from '../support/operatorClient';
import { test as modelTest } from './support/fakeModel';
import { shown } from './support/consolePage';
import { expect, test } from './support/serve';

/** The draft panel and the controls the operator uses on it. */
function draftPanel(page: Page) {
  const panel = page.getByTestId('draft-panel');
  return {
    panel,
    text: panel.getByTestId('draft-text'),
    label: panel.getByTestId('draft-label'),
    meter: panel.getByTestId('draft-meter'),
    error: panel.getByTestId('draft-error'),
    approve: panel.getByRole('button', { name: 'Approve', exact: true }),
    edit: panel.getByRole('button', { name: 'Edit', exact: true }),
    regenerate: panel.getByRole('button', { name: 'Regenerate', exact: true }),
    reject: panel.getByRole('button', { name: 'Reject', exact: true }),
    instruction: panel.getByRole('textbox', { name: 'Instruction', exact: true }),
    draftBox: page.getByRole('textbox', { name: 'Draft', exact: true }),
  };
}

const tab = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Conversations' }).getByRole('tab', { name });

test('an offline draft is edited, approved with Ctrl+Enter and delivered', async ({
  consolePage: app,
  page,
}) => {
  await app.textBusiness('+1 415 555 0142', 'Hi, are you open on Saturday?');
  const row = app.row('+14155550142');
  // The inbox marks the conversation as soon as the offline draft is ready.
  await expect(row.getByTestId('draft-marker')).toHaveText('Draft waiting');
  await expect(row.getByTestId('category-chip')).toHaveText('Question');
  await tab(page, 'Drafts waiting').click();
  await expect(app.rows).toHaveCount(1);

  await row.click();
  const draft = draftPanel(page);
  await expect(draft.panel).toHaveAttribute('data-state', 'ready');
  await expect(draft.label).toContainText('Offline suggestion');
  await expect(draft.text).toContainText('We are open');
  await expect(draft.panel.getByTestId('draft-language')).toHaveText('English');
  await expect(draft.panel.getByTestId('draft-category')).toHaveText('Question');
  await expect(draft.meter).toContainText('segment');
  await app.screenshot('20-draft-offline-ready');

  await draft.edit.click();
  await expect(draft.draftBox).toBeFocused();
  await draft.draftBox.fill('See you Saturday — we’re open 10am to 2pm!');
  // The counter follows the text, and names what makes it a Unicode text.
  await expect(draft.meter).toContainText('42 characters · 1 segment · UCS-2');
  const warning = draft.panel.getByTestId('draft-encoding-warning');
  await expect(warning).toContainText('“—”');
  await expect(warning).toContainText('“’”');
  await app.screenshot('21-draft-editing');
  await draft.draftBox.fill("See you Saturday, we're open 10am to 2pm!");
  await expect(draft.meter).toContainText('41 characters · 1 segment · GSM-7');
  await expect(warning).toHaveCount(0);

  await draft.draftBox.press('Control+Enter');
  await expect(draft.panel).toHaveCount(0);
  const sent = app.messages.filter({ hasText: "See you Saturday, we're open 10am to 2pm!" });
  await expect(sent.getByTestId('delivery-status')).toHaveText('Delivery status: Delivered');
  await expect(row.getByTestId('draft-marker')).toHaveCount(0);
  // Answered: it left "Drafts waiting" and does not need a reply any more.
  await expect(page.getByTestId('inbox-filter-empty')).toBeVisible();
  await tab(page, 'Needs reply').click();
  await expect(app.rows).toHaveCount(0);
  await tab(page, 'All').click();
  await expect(app.rows).toHaveCount(1);
  await app.screenshot('22-draft-approved-delivered');
});

test('nothing the offline drafter knows fits: the panel says so; a failed send is marked and filtered', async ({
  consolePage: app,
  page,
}) => {
  // Twilio's magic test number for an invalid "To" (21211): every send to it fails.
  await app.textBusiness('+1 500 555 0001', 'My cat knocked the vase over, lol');
  const row = app.row('+15005550001');
  await row.click();
  const draft = draftPanel(page);
  await expect(draft.panel).toHaveAttribute('data-state', 'failed');
  await expect(draft.panel.getByTestId('draft-status')).toHaveText('No suggestion');
  await expect(draft.error).not.toBeEmpty();
  await expect(draft.regenerate).toBeVisible();
  await app.screenshot('23-draft-no-suggestion');
  await draft.panel.getByRole('button', { name: 'Dismiss' }).click();
  await expect(draft.panel).toHaveCount(0);

  await page
    .getByRole('textbox', { name: 'Message', exact: true })
    .fill('Oh no! Hope nobody got hurt.');
  await page.keyboard.press('Control+Enter');
  await expect(row.getByTestId('failed-marker')).toHaveText('Failed to send');
  await app.textBusiness('+1 415 555 0143', 'Do you do colour?');
  await expect(app.rows).toHaveCount(2);
  await tab(page, 'Failed').click();
  await expect(app.rows).toHaveCount(1);
  await expect(app.rows.first()).toContainText(shown('+15005550001'));
  await tab(page, 'Needs reply').click();
  await expect(app.rows).toHaveCount(1);
  await expect(app.rows.first()).toContainText(shown('+14155550143'));
  await tab(page, 'All').click();
  await app.screenshot('24-inbox-markers');
});

test('an auto-send countdown shows live and Stop keeps the draft for the operator', async ({
  consolePage: app,
  serveMode,
  page,
}) => {
  const core = operatorClient(serveMode.operatorUrl);
  await core.invoke('drafting:saveSettings', { autoSendCategories: ['question'] });
  await app.textBusiness('+1 415 555 0144', 'What are your opening hours?');
  await app.row('+14155550144').click();
  const draft = draftPanel(page);
  await expect(draft.panel).toHaveAttribute('data-state', 'ready');

  await page.getByRole('combobox', { name: 'AI mode' }).selectOption({ label: 'Auto-send' });
  const countdown = draft.panel.getByTestId('auto-send-countdown');
  await expect(countdown).toContainText(/Auto-sends in 0:\d\d/);
  const first = await countdown.textContent();
  await expect(countdown).not.toHaveText(first!); // it ticks
  await app.screenshot('25-draft-auto-send-countdown');
  await countdown.getByRole('button', { name: 'Stop' }).click();
  await expect(countdown).toHaveCount(0);
  await expect(draft.panel.getByTestId('draft-status')).toHaveText('Waiting for you');
  await expect(draft.approve).toBeEnabled();
});

test('during quiet hours, approving a draft asks first, like the composer', async ({
  consolePage: app,
  serveMode,
  page,
}) => {
  // Quiet from an hour ago until an hour from now (UTC), whatever time the test runs.
  const hh = (offset: number) =>
    `${String((new Date().getUTCHours() + offset + 24) % 24).padStart(2, '0')}:00`;
  await operatorClient(serveMode.operatorUrl).invoke('settings:saveSending', {
    quietHours: { enabled: true, start: hh(-1), end: hh(2), timeZone: 'UTC' },
  });
  await app.textBusiness('+1 415 555 0145', 'Are you open tomorrow?');
  await app.row('+14155550145').click();
  const draft = draftPanel(page);
  await expect(draft.panel).toHaveAttribute('data-state', 'ready');

  await draft.approve.click();
  const confirm = draft.panel.getByTestId('draft-confirm');
  await expect(confirm).toContainText(/quiet hours/i);
  await app.screenshot('2c-draft-quiet-hours');
  await confirm.getByRole('button', { name: 'Send anyway' }).click();
  await expect(draft.panel).toHaveCount(0);
  await expect(app.messages.last().getByTestId('delivery-status')).toHaveText(
    'Delivery status: Delivered',
  );
});

modelTest.describe('with an OpenAI-compatible model', () => {
  const reply =
    'Yes, we are open on Saturday from ten until two. Would you like me to book you in for a blow-dry?';

  modelTest.describe('streaming slowly', () => {
    modelTest.use({ tokenDelayMs: 150 });

    modelTest(
      'the draft streams in without moving the layout, then is approved and delivered',
      async ({ consolePage: app, fakeModel, page }) => {
        await fakeModel.reply(reply);
        await app.textBusiness('+1 415 555 0150', 'Hi, are you open on Saturday?');
        await app.row('+14155550150').click();
        const draft = draftPanel(page);

        // Half-written: still generating, some words in, not the whole reply yet.
        await expect
          .poll(() =>
            draft.panel.evaluate((panel) => {
              const text = panel.querySelector('[data-testid="draft-text"]')?.textContent ?? '';
              return (
                panel.getAttribute('data-state') === 'generating' && text.startsWith('Yes, we')
              );
            }),
          )
          .toBe(true);
        const partial = await draft.text.textContent();
        expect(partial!.length).toBeLessThan(reply.length);
        await expect(draft.approve).toBeDisabled();
        const streamingBox = await draft.panel.boundingBox();
        await app.screenshot('26-draft-streaming');

        await expect(draft.panel).toHaveAttribute('data-state', 'ready');
        await expect(draft.text).toHaveText(reply);
        await expect(draft.label).toHaveText('AI draft · gpt-4o-mini');
        // The panel kept its size from the first token to the last.
        const readyBox = await draft.panel.boundingBox();
        expect(readyBox!.height).toBe(streamingBox!.height);
        expect(readyBox!.y).toBe(streamingBox!.y);
        await app.screenshot('27-draft-model-ready');
        await page.setViewportSize({ width: 1920, height: 1080 });
        await app.screenshot('28-draft-model-ready-1920');
        await page.emulateMedia({ colorScheme: 'dark' });
        await app.screenshot('29-draft-model-ready-dark');

        await draft.approve.click();
        await expect(draft.panel).toHaveCount(0);
        const sent = app.messages.filter({ hasText: reply });
        await expect(sent.getByTestId('delivery-status')).toHaveText('Delivery status: Delivered');
      },
    );
  });

  modelTest(
    'Regenerate with an instruction writes a new draft; Reject with a reason clears it',
    async ({ consolePage: app, fakeModel, page }) => {
      await fakeModel.reply(reply);
      await app.textBusiness('+1 415 555 0151', 'Are you open Saturday?');
      const row = app.row('+14155550151');
      await row.click();
      const draft = draftPanel(page);
      await expect(draft.text).toHaveText(reply);
      const firstId = await draft.panel.getAttribute('data-draft-id');

      await fakeModel.reply('Open Sat 10 to 2. Want a slot?');
      await draft.instruction.fill('shorter');
      await draft.regenerate.click();
      await expect(draft.text).toHaveText('Open Sat 10 to 2. Want a slot?');
      await expect(draft.panel).not.toHaveAttribute('data-draft-id', firstId!);
      await expect(draft.panel.getByTestId('draft-instruction')).toHaveText('“shorter”');
      // The instruction reached the model.
      const prompts = (await fakeModel.requests()).filter((r) => r.stream);
      expect(JSON.stringify(prompts.at(-1)!.body!.messages)).toContain('shorter');
      await expect(row.getByTestId('draft-marker')).toBeVisible();

      await draft.reject.click();
      await page.getByRole('textbox', { name: 'Reason', exact: true }).fill('Wrong hours');
      await app.screenshot('2a-draft-reject-reason');
      await page.getByRole('button', { name: 'Reject draft' }).click();
      await expect(draft.panel).toHaveCount(0);
      await expect(row.getByTestId('draft-marker')).toHaveCount(0);
      await tab(page, 'Drafts waiting').click();
      await expect(page.getByTestId('inbox-filter-empty')).toHaveText(/No drafts are waiting/);
    },
  );

  modelTest(
    'a refused API key shows the plain error and points to Settings',
    async ({ consolePage: app, fakeModel, page }) => {
      await fakeModel.fault({ kind: 'unauthorized' });
      await app.textBusiness('+1 415 555 0152', 'Hi, can I book a haircut for Friday?');
      await app.row('+14155550152').click();
      const draft = draftPanel(page);
      await expect(draft.panel).toHaveAttribute('data-state', 'failed');
      await expect(draft.error).toContainText('refused the API key');
      await expect(draft.error).toContainText('Settings');
      await expect(draft.panel.getByTestId('draft-status')).toHaveText('Failed');
      await expect(draft.regenerate).toBeEnabled();
      await expect(draft.approve).toHaveCount(0);
      await app.screenshot('2b-draft-auth-failed');
    },
  );
});
