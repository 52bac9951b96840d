import { demoPicture } from '../../src/main/core/simulator/demoPicture';
import { expect, test } from './support/serve';

/** A real 160-pixel PNG: the preview and the thread must show a picture, not a broken image. */
const picture = demoPicture();
const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n');

test('the operator attaches a picture, sees the preview and the MMS notice, sends it, and sees it in the thread', async ({
  consolePage: app,
  page,
}) => {
  await app.textBusiness('+1 415 555 0100', 'Could you send me a photo of the new colours?');
  await app.row('+14155550100').click();
  const composer = page.getByTestId('composer');
  // Enabled once the core said what this conversation's channel takes.
  await expect(page.getByTestId('composer-attach')).toBeEnabled();

  // A file that is not a picture or a PDF is refused in the console, before any upload.
  const uploads: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/upload/')) uploads.push(request.url());
  });
  await page.getByTestId('composer-file').setInputFiles({
    name: 'notes.html',
    mimeType: 'text/html',
    buffer: Buffer.from('<p>hi</p>'),
  });
  await expect(page.getByTestId('composer-attachment-problem')).toContainText(
    '“notes.html” cannot be sent here: attach a JPEG, PNG, GIF, PDF file.',
  );
  // Nor is a picture larger than an MMS carries.
  await page.getByTestId('composer-file').setInputFiles({
    name: 'huge.jpg',
    mimeType: 'image/jpeg',
    buffer: Buffer.alloc(6 * 1024 * 1024, 0xff),
  });
  await expect(page.getByTestId('composer-attachment-problem')).toContainText(
    '“huge.jpg” is 6 MB; this channel takes at most 5 MB for a JPEG. Attach a smaller copy.',
  );
  await app.screenshot('mediasend-00-too-large-refused');
  expect(uploads).toEqual([]);

  await page.getByTestId('composer-file').setInputFiles({
    name: 'colours.png',
    mimeType: 'image/png',
    buffer: picture,
  });
  const preview = page.getByTestId('composer-attachment');
  await expect(preview).toHaveCount(1);
  await expect(preview.locator('img')).toHaveJSProperty('naturalWidth', 160);
  await expect(page.getByTestId('composer-attachment-problem')).toHaveCount(0);
  await page.getByRole('textbox', { name: 'Message', exact: true }).fill('Here are the colours');
  await expect(page.getByTestId('media-notice')).toContainText(
    'With the attachment this goes as an MMS: billed as 1 MMS message',
  );
  await expect(page.getByTestId('composer-meter')).toContainText('MMS · billed as 1 message');
  await app.screenshot('mediasend-01-preview-and-mms-notice');

  // Dropped on the composer, a PDF is attached too; Remove takes it off again.
  const dropped = await page.evaluateHandle(
    (bytes) => {
      // The browser's own DataTransfer and File (this file is typed without the DOM library).
      const browser = globalThis as unknown as {
        DataTransfer: new () => { items: { add(file: unknown): void } };
        File: new (parts: Uint8Array[], name: string, options: { type: string }) => unknown;
      };
      const transfer = new browser.DataTransfer();
      transfer.items.add(
        new browser.File([new Uint8Array(bytes)], 'quote.pdf', { type: 'application/pdf' }),
      );
      return transfer;
    },
    [...pdf],
  );
  await composer.dispatchEvent('dragover', { dataTransfer: dropped });
  await composer.dispatchEvent('drop', { dataTransfer: dropped });
  await expect(preview).toHaveCount(2);
  await expect(page.getByTestId('media-notice')).toContainText('With the 2 attachments');
  await app.screenshot('mediasend-02-picture-and-pdf');
  await page.emulateMedia({ colorScheme: 'dark' });
  await app.screenshot('mediasend-02-picture-and-pdf-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await preview.nth(1).getByTestId('composer-attachment-remove').click();
  await expect(preview).toHaveCount(1);

  await composer.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(preview).toHaveCount(0);
  const sent = app.messages.filter({ hasText: 'Here are the colours' });
  await expect(sent.getByTestId('delivery-status')).toHaveText('Delivery status: Delivered');
  const attachment = sent.getByTestId('attachment');
  await expect(attachment).toHaveAttribute('data-state', 'kept');
  await expect(attachment.locator('img')).toHaveAttribute('src', /^\/media\/[0-9a-f]{64}$/);
  await expect(attachment.locator('img')).toHaveJSProperty('naturalWidth', 160);
  await app.screenshot('mediasend-03-sent-picture-in-thread');
});
