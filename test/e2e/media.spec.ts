import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AttachmentView } from '../../src/shared/types';
import { ConsolePage, shown } from './support/consolePage';
import { startFakeCore } from './support/fakeCore';
import { conversationFixture, messageFixture } from './support/fixtures';
import { expect, test } from './support/serve';

test('a received picture shows in the thread from the laptop’s own copy, and opens full size', async ({
  consolePage: app,
  page,
}) => {
  await expect(app.demoBadge).toHaveText('Demo mode');
  const mediaRequests: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'image') mediaRequests.push(request.url());
  });

  await app.customerNumber.fill('+1 415 555 0100');
  await app.customerMessage.fill('This is the fence panel that came down in the storm');
  await page.getByRole('checkbox', { name: 'Attach a picture (sent as an MMS)' }).check();
  await app.textTheBusiness.click();
  const row = app.row('+14155550100');
  await row.click();
  await expect(app.threadTitle).toHaveText(shown('+14155550100'));

  // The media job keeps it; the thread shows it without a reload (message:updated).
  const attachment = app.messages.last().getByTestId('attachment');
  await expect(attachment).toHaveAttribute('data-state', 'kept');
  const thumbnail = attachment.locator('img');
  await expect(thumbnail).toHaveAttribute('src', /^\/media\/[0-9a-f]{64}$/);
  await expect
    .poll(() =>
      thumbnail.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
    )
    .toBe(160);
  // Every image the page loaded came from the console's own origin, never the carrier.
  const origin = new URL(page.url()).origin;
  expect(mediaRequests.length).toBeGreaterThan(0);
  for (const url of mediaRequests) expect(new URL(url).origin).toBe(origin);
  await app.screenshot('media-01-picture-in-thread');

  await attachment.getByRole('button', { name: /^Open Picture \(PNG, / }).click();
  const viewer = page.getByTestId('picture-viewer');
  await expect(viewer).toBeVisible();
  await expect(viewer.getByRole('img')).toHaveJSProperty('naturalWidth', 160);
  await app.screenshot('media-02-picture-viewer');
  await page.keyboard.press('Escape');
  await expect(viewer).toHaveCount(0);

  await page.emulateMedia({ colorScheme: 'dark' });
  await app.screenshot('media-03-picture-in-thread-dark');
});

test('an attachment not kept says why, and a file that is not shown is offered to save', async ({
  page,
}) => {
  const now = Date.now();
  const summary = conversationFixture(
    1,
    {
      contact: {
        id: 1,
        address: '+14155551001',
        name: 'Ana Ruiz',
        optedOut: false,
        optedOutAt: null,
      },
      lastActivityAt: now,
      lastMessage: {
        body: 'Video of the leak',
        direction: 'inbound',
        status: 'received',
        hasMedia: true,
      },
    },
    now,
  );

  const attachment = (over: Partial<AttachmentView>): AttachmentView => ({
    carrierCopyDeleted: false,
    position: 0,
    kind: 'image',
    contentType: 'image/jpeg',
    size: null,
    state: 'waiting',
    stateText: 'Downloading to this computer…',
    error: null,
    url: null,
    ...over,
  });
  const message = messageFixture(
    1,
    {
      sid: 'MM1',
      body: 'Video of the leak',
      attachments: [
        attachment({
          kind: 'video',
          contentType: 'video/mp4',
          state: 'too-large',
          stateText: 'Too large to keep: it stays on Twilio only',
          error:
            'The attachment is larger than 5 MB, the most Switchboard keeps; it stays on Twilio only.',
        }),
        attachment({
          position: 1,
          state: 'failed',
          stateText: 'Could not be kept',
          error:
            'The attachment is no longer on Twilio (it was deleted there before we could keep a copy).',
        }),
        attachment({ position: 2 }),
        attachment({
          position: 3,
          kind: 'file',
          contentType: 'image/svg+xml',
          size: 2048,
          state: 'kept',
          stateText: 'Kept on this computer',
          url: `/media/${'a'.repeat(64)}`,
        }),
      ],
    },
    now,
  );
  const core = await startFakeCore({ conversations: [summary], messages: [message] });
  try {
    const app = new ConsolePage(page);
    await page.goto(core.url);
    await app.row('Ana Ruiz').click();
    const items = app.messages.getByTestId('attachment');
    await expect(items).toHaveCount(4);
    await expect(items.nth(0)).toContainText('Too large to keep: it stays on Twilio only');
    await expect(items.nth(0)).toContainText('larger than 5 MB');
    await expect(items.nth(1)).toContainText('Could not be kept');
    await expect(items.nth(2)).toContainText('Downloading to this computer…');
    // An SVG is kept but never rendered: no image element, a link to save it.
    await expect(items.nth(3).locator('img')).toHaveCount(0);
    await expect(items.nth(3).getByTestId('attachment-save')).toHaveText(
      'Save File (SVG+XML, 2 KB)',
    );
    await expect(items.nth(3).getByTestId('attachment-save')).toHaveAttribute('download', '');
    await app.screenshot('media-04-not-kept');
  } finally {
    await core.close();
  }
});

test('an export of messages can carry the pictures, in a media folder beside the file', async ({
  consolePage: app,
  page,
}) => {
  await app.customerNumber.fill('+1 415 555 0100');
  await app.customerMessage.fill('The cracked tile, as promised');
  await page.getByRole('checkbox', { name: 'Attach a picture (sent as an MMS)' }).check();
  await app.textTheBusiness.click();
  await app.row('+14155550100').click();
  await expect(app.messages.last().getByTestId('attachment')).toHaveAttribute('data-state', 'kept');

  const dialog = page.getByRole('dialog', { name: 'Records' });
  await page.getByRole('button', { name: 'Records' }).click();
  await dialog.getByLabel('What').selectOption('messages');
  await dialog.getByLabel('Format').selectOption('jsonl');
  await dialog.getByRole('checkbox', { name: /^Include the pictures and files/ }).check();
  await app.screenshot('media-04-export-with-pictures');
  await dialog.getByRole('button', { name: 'Start export' }).click();
  const state = dialog.getByTestId('export-state');
  await expect(state).toHaveAttribute('data-done', 'true');
  await expect(state).toContainText('1 row saved to');
  const path = (await dialog.getByTestId('export-path').textContent()) ?? '';
  const row = JSON.parse(readFileSync(path, 'utf8').trim()) as { attachments: string[] };
  expect(row.attachments).toHaveLength(1);
  expect(row.attachments[0]).toMatch(/^media\/[0-9a-f]{64}\.png$/);
  const copy = readFileSync(join(dirname(path), row.attachments[0]!));
  expect(createHash('sha256').update(copy).digest('hex')).toBe(
    row.attachments[0]!.slice('media/'.length, -'.png'.length),
  );

  // Other kinds carry no attachments: the box goes away.
  await dialog.getByLabel('What').selectOption('conversations');
  await expect(dialog.getByRole('checkbox', { name: /^Include the pictures/ })).toHaveCount(0);
});
