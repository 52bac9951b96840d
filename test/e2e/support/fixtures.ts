/**
 * Rows the fake core serves (`startFakeCore`): a conversation and a message as the core would
 * send them, with plain defaults a test overrides where its point is.
 */
import type { ConversationSummary, MessageView } from '../../../src/shared/types';

const minute = 60_000;

export function conversationFixture(
  id: number,
  overrides: Partial<ConversationSummary> = {},
  now = Date.now(),
): ConversationSummary {
  return {
    id,
    channel: 'sms',
    businessNumber: '+15005550006',
    contact: {
      id,
      address: `+1415555${String(1000 + id)}`,
      name: null,
      optedOut: false,
      optedOutAt: null,
    },
    unreadCount: 0,
    lastActivityAt: now - id * 47 * minute,
    lastMessage: {
      body: 'See you then',
      direction: 'inbound',
      status: 'received',
      hasMedia: false,
    },
    ...overrides,
  };
}

/** An inbound text from +1 415 555 1001 to the demo number, received `at`. */
export function messageFixture(
  id: number,
  overrides: Partial<MessageView> = {},
  at = Date.now(),
): MessageView {
  return {
    id,
    conversationId: 1,
    direction: 'inbound',
    author: 'customer',
    sid: `SM${id}`,
    from: '+14155551001',
    to: '+15005550006',
    body: '',
    media: [],
    attachments: [],
    status: 'received',
    statusText: 'Received',
    errorCode: null,
    error: null,
    sendAttempts: 0,
    retryOf: null,
    scheduledFor: null,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}
