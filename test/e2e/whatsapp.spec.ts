/**
 * WhatsApp in the console (issue 16): the channel mark, the 24-hour window's countdown in the
 * thread and the inbox, the composer once the window closed, read ticks, and one contact with a
 * conversation per channel. The fake core holds conversations at fixed points of their window (the
 * renderer counts down from the core's `serviceWindow.closesAt`); the demo test goes through the
 * real core and simulator.
 */
import { test as bare, expect as bareExpect } from '@playwright/test';
import type { ConversationSummary, MessageView, TemplateList } from '../../src/shared/types';
import { ConsolePage, shown } from './support/consolePage';
import { startFakeCore } from './support/fakeCore';
import { conversationFixture, messageFixture } from './support/fixtures';
import { expect, test } from './support/serve';

const now = Date.now();
const minute = 60_000;
const hour = 60 * minute;
const SANDBOX = '+14155238886';
const MARIA = {
  id: 1,
  address: '+14155551001',
  name: 'Maria Lopez',
  optedOut: false,
  optedOutAt: null,
};

/** A WhatsApp conversation with the sandbox sender, active `id` × 10 minutes ago. */
const conversation = (
  id: number,
  overrides: Partial<ConversationSummary> & Pick<ConversationSummary, 'contact'>,
) =>
  conversationFixture(
    id,
    {
      channel: 'whatsapp',
      businessNumber: SANDBOX,
      lastActivityAt: now - id * 10 * minute,
      ...overrides,
    },
    now,
  );

const conversations: ConversationSummary[] = [
  // Wrote 22 hours ago: two hours left.
  conversation(1, {
    contact: MARIA,
    lastMessage: {
      body: 'PS: bring your loyalty card.',
      direction: 'outbound',
      status: 'sent',
      hasMedia: false,
    },
    lastInboundAt: now - 22 * hour,
    serviceWindow: { closesAt: now + 2 * hour },
  }),
  // The same customer by SMS: no window.
  conversation(2, { contact: MARIA, channel: 'sms', businessNumber: '+15005550006' }),
  // Wrote 25 hours ago: closed.
  conversation(3, {
    contact: { id: 3, address: '+14155551003', name: 'Tom', optedOut: false, optedOutAt: null },
    lastInboundAt: now - 25 * hour,
    serviceWindow: { closesAt: now - hour },
  }),
  // Wrote an hour ago: plenty of time, no inbox marker.
  conversation(4, {
    contact: { id: 4, address: '+14155551004', name: null, optedOut: false, optedOutAt: null },
    lastInboundAt: now - hour,
    serviceWindow: { closesAt: now + 23 * hour },
  }),
];

const message = (id: number, overrides: Partial<MessageView>) =>
  messageFixture(id, { to: SANDBOX, sendAttempts: 1, ...overrides }, now - (30 - id) * hour);

const reply = {
  direction: 'outbound',
  author: 'operator',
  from: `whatsapp:${SANDBOX}`,
  to: `whatsapp:${MARIA.address}`,
} as const;

const messages: MessageView[] = [
  message(1, { body: 'Hola! Can I book a cut for Friday?', createdAt: now - 23 * hour }),
  message(2, {
    ...reply,
    body: 'Of course, 3 pm?',
    status: 'read',
    statusText: 'Read',
    createdAt: now - 23 * hour + 5 * minute,
  }),
  message(3, { body: 'Could it be 4 pm instead?', createdAt: now - 22 * hour }),
  message(4, {
    ...reply,
    body: '4 pm works. See you Friday!',
    status: 'delivered',
    statusText: 'Delivered',
    createdAt: now - 22 * hour + 3 * minute,
  }),
  message(5, {
    ...reply,
    body: 'PS: bring your loyalty card.',
    status: 'sent',
    statusText: 'Sent',
    createdAt: now - 22 * hour + 4 * minute,
  }),
  message(6, {
    conversationId: 3,
    from: '+14155551003',
    body: 'Do you sell gift cards?',
    createdAt: now - 25 * hour,
  }),
];

/** The cached templates the fake core answers with: one approved, one waiting for WhatsApp. */
const templates: TemplateList = {
  fetchedAt: now - 5 * minute,
  filled: {},
  consent: { required: true, recorded: true, problem: null },
  templates: [
    { sid: `HX${'1'.repeat(32)}`, name: 'appointment_reminder', language: 'en', body: 'Hi {{1}}, see you on {{2}}.', placeholders: ['1', '2'], samples: { '1': 'Maria', '2': 'Friday' }, approval: 'approved', approvalText: 'Approved', usable: true, whyNot: null, category: 'UTILITY' }, // prettier-ignore
    { sid: `HX${'2'.repeat(32)}`, name: 'spring_offer', language: 'en', body: 'Spring offer for {{1}}!', placeholders: ['1'], samples: { '1': 'Maria' }, approval: 'pending', approvalText: 'Waiting for approval', usable: false, whyNot: 'WhatsApp has not approved “spring_offer” yet.', category: 'MARKETING' }, // prettier-ignore
  ],
};

bare(
  'a WhatsApp conversation counts its window down, and after it only templates can go',
  async ({ page }) => {
    const core = await startFakeCore({ conversations, messages, templates });
    try {
      const app = new ConsolePage(page);
      await page.goto(core.url);
      await bareExpect(app.rows).toHaveCount(4);
      // The inbox marks WhatsApp conversations and warns about a window closing within hours.
      const maria = app.rows.filter({ has: page.getByTestId('channel-mark') }).first();
      await bareExpect(maria.getByTestId('channel-mark')).toHaveText('WhatsApp');
      await bareExpect(maria.getByTestId('window-marker')).toHaveText('window closes in 2 h');
      await bareExpect(app.row('+14155551004').getByTestId('window-marker')).toHaveCount(0);
      await bareExpect(app.rows.nth(1).getByTestId('channel-mark')).toHaveCount(0); // SMS

      await maria.click();
      await bareExpect(page.getByTestId('window-countdown')).toHaveText('Window closes in 2 h');
      await bareExpect(page.getByTestId('composer-body')).toBeVisible();
      await bareExpect(page.getByTestId('composer')).toContainText(
        'Replies go out on WhatsApp from your WhatsApp sender.',
      );
      // Ticks as on a phone: sent ✓, delivered ✓✓, read ✓✓ in the accent colour.
      const ticks = page.getByTestId('delivery-ticks');
      await bareExpect(ticks).toHaveText(['✓✓', '✓✓', '✓']);
      await bareExpect(ticks.first()).toHaveClass(/ticks-read/);
      await bareExpect(ticks.nth(1)).not.toHaveClass(/ticks-read/);
      await bareExpect(page.getByTestId('delivery-status').first()).toContainText('Read');
      // One contact, a conversation per channel.
      const channels = page.getByTestId('contact-conversations');
      await bareExpect(channels).toContainText('WhatsApp (this thread)');
      await bareExpect(channels).toContainText(`SMSwith ${shown('+15005550006')}`);
      await app.screenshot('wa-01-window-open');

      await app.row('Tom').click();
      await bareExpect(page.getByTestId('window-countdown')).toHaveText(
        'Window closed: templates only',
      );
      const closed = page.getByTestId('composer-window-closed');
      await bareExpect(closed).toContainText('Only templates can be sent now.');
      await bareExpect(closed).toContainText('The customer last wrote 25 hours ago');
      // Templates exist now (issue 16, item 4): the composer offers them instead of "later".
      await bareExpect(closed).toContainText('Pick an approved template below');
      await bareExpect(closed.getByTestId('template-option')).toHaveText([/Appointment reminder.*Approved/i, /Spring offer.*Waiting for approval/i]); // prettier-ignore
      await bareExpect(page.getByTestId('composer-body')).toHaveCount(0);
      await app.screenshot('wa-02-window-closed');

      // Maria's SMS conversation, from the channel link in her contact panel.
      await maria.click();
      await page.getByTestId('contact-conversation').filter({ hasText: 'SMS' }).click();
      await bareExpect(page.getByTestId('window-countdown')).toHaveCount(0);
      await bareExpect(page.getByTestId('composer-body')).toBeVisible();
    } finally {
      await core.close();
    }
  },
);

test('texting as a WhatsApp user in demo mode: the reply walks to Read', async ({
  consolePage: app,
  page,
}) => {
  await page.getByTestId('simulator-whatsapp').check();
  await page.getByTestId('simulator-profile-name').fill('Ana');
  await app.customerNumber.fill('+1 415 555 0177');
  await app.customerMessage.fill('Hola, are you open on Saturday?');
  await page.getByRole('button', { name: 'Write on WhatsApp' }).click();

  const row = app.row('Ana');
  await expect(row.getByTestId('channel-mark')).toHaveText('WhatsApp');
  await row.click();
  await expect(page.getByTestId('window-countdown')).toHaveText(/^Window closes in 2[34] h$/);
  await page.getByTestId('composer-body').fill('Yes, 10 to 2. See you! 😀');
  // WhatsApp's meter: one message at its per-message price, its own limit, no SMS segments.
  const meter = page.getByTestId('composer-meter');
  await expect(meter).toContainText('25 / 1,600 characters · 1 WhatsApp message');
  await expect(meter).toContainText('≈ $0.005 per message');
  await expect(meter).not.toContainText('segment');
  await expect(page.getByTestId('composer-meter-note')).toContainText(
    'WhatsApp charges per message, not per segment',
  );
  await expect(page.getByTestId('encoding-warning')).toHaveCount(0);
  await app.screenshot('wa-02b-demo-composer-meter');
  await page.getByTestId('composer-body').fill('Yes, 10 to 2. See you!');
  await page.getByTestId('composer-send').click();
  const sent = app.messages.filter({ hasText: 'Yes, 10 to 2. See you!' });
  await expect(sent.getByTestId('delivery-status')).toContainText('Read');
  await expect(sent.getByTestId('delivery-ticks')).toHaveClass(/ticks-read/);
  await app.screenshot('wa-03-demo-read');
});

test('the issue’s demo: a WhatsApp picture from the laptop’s copy, a reply read, then a day later only templates', async ({
  consolePage: app,
  page,
}) => {
  await page.getByTestId('simulator-whatsapp').check();
  await page.getByTestId('simulator-profile-name').fill('Lucia');
  await app.customerNumber.fill('+1 415 555 0178');
  await app.customerMessage.fill('Is this colour possible?');
  await page.getByTestId('simulator-picture').check();
  await page.getByRole('button', { name: 'Write on WhatsApp' }).click();
  await app.row('Lucia').click();

  // The picture is shown from the app itself (the laptop's copy), never from the carrier.
  const picture = app.messages.filter({ hasText: 'Is this colour possible?' }).locator('img');
  await expect(picture).toBeVisible();
  expect(await picture.getAttribute('src')).toMatch(/^\/media\/[0-9a-f]{64}/);

  await page.getByTestId('composer-body').fill('Yes! Come by on Friday.');
  await page.getByTestId('composer-send').click();
  const sent = app.messages.filter({ hasText: 'Yes! Come by on Friday.' });
  await expect(sent.getByTestId('delivery-status')).toContainText('Read');

  // A day passes (the Simulator panel's demo control): the window closes; free text is gone.
  await page.getByTestId('simulator-pass-time').click();
  await expect(page.getByTestId('simulator-time-passed')).toHaveText(
    'This conversation is now 25 hours older.',
  );
  await expect(page.getByTestId('window-countdown')).toHaveText('Window closed: templates only');
  await expect(page.getByTestId('composer-body')).toHaveCount(0);
  await expect(page.getByTestId('template-picker').getByTestId('template-option')).toHaveCount(5);
  await app.screenshot('wa-04-demo-a-day-later');
});
