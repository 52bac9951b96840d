import { test, expect } from '@playwright/test';
import type { ConversationSummary, MessageView } from '../../src/shared/types';
import { ConsolePage } from './support/consolePage';
import { startFakeCore } from './support/fakeCore';
import { conversationFixture, messageFixture } from './support/fixtures';

const now = Date.now();
const minute = 60_000;

const conversation = (id: number, overrides: Partial<ConversationSummary> = {}) =>
  conversationFixture(id, overrides, now);

const message = (id: number, overrides: Partial<MessageView>) =>
  messageFixture(id, overrides, now - (10 - id) * minute);

const outbound = {
  direction: 'outbound',
  author: 'operator',
  from: '+15005550006',
  to: '+14155551001',
} as const;

const conversations = [
  conversation(1, {
    contact: {
      id: 1,
      address: '+14155551001',
      name: 'Maria Delgado-Fernández',
      optedOut: false,
      optedOutAt: null,
    },
    lastMessage: {
      body: 'Perfect, thank you so much!',
      direction: 'inbound',
      status: 'received',
      hasMedia: false,
    },
  }),
  conversation(2, {
    unreadCount: 3,
    lastMessage: {
      body: 'Hi! I wanted to ask whether the kitchen can do a gluten-free version of the tasting menu for a party of eight next Friday evening',
      direction: 'inbound',
      status: 'received',
      hasMedia: false,
    },
  }),
  conversation(3, {
    lastMessage: {
      body: 'Your table is ready.',
      direction: 'outbound',
      status: 'delivered',
      hasMedia: false,
    },
  }),
  ...Array.from({ length: 14 }, (_, i) =>
    conversation(4 + i, { lastActivityAt: now - (i + 2) * 86_400_000 }),
  ),
];

const messages: MessageView[] = [
  message(1, { body: 'Hi, do you have a table for two at 7 tonight?' }),
  message(2, {
    ...outbound,
    body: 'We do! Shall I put it under your name?',
    status: 'delivered',
    statusText: 'Delivered',
  }),
  message(3, { body: 'Yes please, Maria.' }),
  message(4, {
    ...outbound,
    body: 'Done: table for two at 7 pm. See you tonight!',
    status: 'undelivered',
    statusText: 'Not delivered (error 30003)',
    errorCode: 30003,
    error: {
      code: 30003,
      title: 'Unreachable handset',
      explanation: 'The phone was off or out of coverage.',
      action: 'Try again later, or call the customer.',
    },
  }),
  message(5, {
    ...outbound,
    body: 'Resending: table for two at 7 pm.',
    status: 'sent',
    statusText: 'Sent',
  }),
  message(6, { body: 'Perfect, thank you so much!' }),
];

test('outbound messages say their delivery status, in words a screen reader reads', async ({
  page,
}) => {
  const core = await startFakeCore({ conversations, messages });
  try {
    const app = new ConsolePage(page);
    await page.goto(core.url);
    await expect(app.rows).toHaveCount(conversations.length);
    await expect(app.row('+14155551002').getByTestId('unread-count')).toHaveText('3 unread');
    await expect(page).toHaveTitle('(3) Switchboard');

    await app.row('Maria Delgado-Fernández').click();
    await expect(app.messages).toHaveCount(6);
    const statuses = page.getByTestId('delivery-status');
    await expect(statuses).toHaveText([
      'Delivery status: Delivered',
      'Delivery status: Not delivered (error 30003)',
      'Delivery status: Sent',
    ]);
    await expect(page.getByTestId('delivery-error')).toContainText('Try again later');

    // A status callback arrives: the bubble changes in place.
    core.emit('message:updated', {
      ...messages[4]!,
      status: 'delivered',
      statusText: 'Delivered',
      updatedAt: now,
    });
    await expect(statuses.last()).toHaveText('Delivery status: Delivered');
    await app.screenshot('07-outbound-statuses');

    await page.emulateMedia({ colorScheme: 'dark' });
    await app.screenshot('08-outbound-statuses-dark');
  } finally {
    await core.close();
  }
});
