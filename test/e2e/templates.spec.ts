/**
 * WhatsApp templates in Chromium, through the real core and the simulator (issue 16, items 4, 5):
 * a WhatsApp conversation whose window closed a day ago (seeded into the data folder: the core
 * and the simulator keep real time, so the customer "wrote" 26 hours before the test), the
 * composer offering only templates, consent recorded, the drafter's proposal filled in and sent,
 * and the template shown in the thread as delivered and read.
 */
import { upsertContact } from '../../src/main/core/store/contacts';
import { touchConversation, upsertConversation } from '../../src/main/core/store/conversations';
import { insertInboundMessage } from '../../src/main/core/store/messages';
import { seedStore } from './support/seedStore';
import { expect, test } from './support/serve';

const SANDBOX = '+14155238886';
const MARIA = '+14155550142';
const HOUR = 3_600_000;

test.use({
  seed: {
    into: (dataDir: string) =>
      seedStore(dataDir, (db) => {
        const wrote = Date.now() - 26 * HOUR;
        const contact = upsertContact(db, { address: MARIA, rawAddress: `whatsapp:${MARIA}`, name: 'Maria Lopez', now: wrote }); // prettier-ignore
        const conversationId = upsertConversation(db, { contactId: contact.id, channel: 'whatsapp', businessNumber: SANDBOX, now: wrote }); // prettier-ignore
        const messageId = insertInboundMessage(db, { conversationId, sid: 'SMseedwa1', from: MARIA, to: SANDBOX, body: 'Hi! Is my order ready to pick up?', media: [], numSegments: 1, now: wrote })!; // prettier-ignore
        touchConversation(db, { conversationId, messageId, at: wrote, unread: true, direction: 'inbound', contactOptedOut: false }); // prettier-ignore
      }),
  },
});

test('after the window closed, the composer offers templates; the proposal is filled in and sent', async ({
  consolePage: app,
  page,
}) => {
  await app.row('Maria Lopez').click();
  await expect(page.getByTestId('window-countdown')).toHaveText('Window closed: templates only');
  await expect(page.getByTestId('composer-body')).toHaveCount(0);

  // The list comes from the carrier the first time, then from the cache.
  const picker = page.getByTestId('template-picker');
  const options = picker.getByTestId('template-option');
  await expect(options).toHaveCount(5);
  await expect(picker.getByTestId('templates-fetched')).toContainText('List from');
  const pending = options.filter({ hasText: 'spring offer' });
  await expect(pending.getByRole('radio')).toBeDisabled();
  await expect(pending).toContainText('WhatsApp has not approved “spring_offer” yet');
  await expect(options.filter({ hasText: 'review request' })).toContainText('WhatsApp rejected');
  // She never agreed to messages the business starts: say so, and offer to record it.
  const consent = page.getByTestId('template-consent');
  await expect(consent).toContainText('WhatsApp requires the customer’s agreement');
  await app.screenshot('tpl-01-picker-consent-missing');

  await page.getByTestId('template-consent-method').selectOption('in-person');
  await page.getByTestId('template-consent-record').click();
  await expect(consent).toHaveCount(0);
  await expect(page.getByTestId('whatsapp-consent')).toContainText('Agreed in person');

  // The drafter proposes the order template (offline: the words she used), as a draft too.
  await page.getByTestId('template-suggest').click();
  await expect(page.getByTestId('draft-panel')).toContainText('template “order_ready”');
  await expect(options.filter({ hasText: 'order ready' }).getByRole('radio')).toBeChecked();
  await expect(page.getByTestId('template-var-1')).toHaveValue('Maria');
  await expect(page.getByTestId('template-var-2')).toHaveValue('Bella Salon');
  await expect(page.getByTestId('template-send')).toBeDisabled(); // {{3}} is still empty
  await page.getByTestId('template-var-3').fill('7 pm');
  const text = 'Hi Maria, your order at Bella Salon is ready to collect. We are open until 7 pm today.'; // prettier-ignore
  await expect(page.getByTestId('template-preview')).toHaveText(text);
  await app.screenshot('tpl-02-proposal-filled');

  await page.getByTestId('template-send').click();
  const sent = app.messages.filter({ hasText: text });
  await expect(sent.getByTestId('message-template')).toHaveText('Template · order ready');
  await expect(sent.getByTestId('delivery-status')).toContainText('Read');
  await expect(page.getByTestId('draft-panel')).toHaveCount(0);
  await app.screenshot('tpl-03-template-sent');
});

test('inside the window a template is at hand in the composer, and needs no recorded consent', async ({
  consolePage: app,
  page,
}) => {
  await page.getByTestId('simulator-whatsapp').check();
  await page.getByTestId('simulator-profile-name').fill('Ana Ruiz');
  await app.customerNumber.fill('+1 415 555 0188');
  await app.customerMessage.fill('Can I come on Friday for a cut?');
  await page.getByRole('button', { name: 'Write on WhatsApp' }).click();
  await app.row('Ana Ruiz').click();
  await expect(page.getByTestId('composer-body')).toBeVisible();

  await page.getByTestId('composer-templates').getByText('Use a template').click();
  const options = page.getByTestId('template-option');
  await options.filter({ hasText: 'appointment reminder' }).getByRole('radio').check();
  await expect(page.getByTestId('template-var-1')).toHaveValue('Ana');
  await expect(page.getByTestId('template-consent')).toHaveCount(0);
  await page.getByTestId('template-var-3').fill('Friday at 11 am');
  await app.screenshot('tpl-04-template-inside-window');
  await page.getByTestId('template-send').click();
  const sent = app.messages.filter({ hasText: 'reminder of your appointment on Friday at 11 am' });
  await expect(sent.getByTestId('message-template')).toHaveText('Template · appointment reminder');
  await expect(sent.getByTestId('delivery-status')).toContainText('Read');
});
