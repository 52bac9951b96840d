/**
 * `counts:changed`: pushed when a counter moved, never for a burst of updates that moved none,
 * and nothing while nobody listens. Fake timers stand in for the feed's throttle (no sleeps).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventBus } from '../src/main/core/events';
import { startCountsFeed, type CountsFeed } from '../src/main/core/operator/countsFeed';
import { upsertContact } from '../src/main/core/store/contacts';
import {
  getConversationSummary,
  markConversationRead,
  touchConversation,
  upsertConversation,
} from '../src/main/core/store/conversations';
import { openDatabase, type Db } from '../src/main/core/store/database';
import { storeMessageTriage } from '../src/main/core/store/draftContext';
import { insertInboundMessage } from '../src/main/core/store/messages';
import { deleteExpired } from '../src/main/core/store/retention';
import type { InboxCountsUpdate } from '../src/shared/types';

describe('counts:changed', () => {
  let db: Db;
  let events: EventBus;
  let feed: CountsFeed;
  let pushed: InboxCountsUpdate[];
  let unsubscribe: () => void;
  let sid = 0;

  beforeEach(() => {
    vi.useFakeTimers();
    db = openDatabase(':memory:');
    events = new EventBus();
    pushed = [];
    unsubscribe = events.subscribe((event, payload) => {
      if (event === 'counts:changed') pushed.push(payload as InboxCountsUpdate);
    });
    feed = startCountsFeed({ db, events, intervalMs: 250, backstopMs: 5_000 });
  });
  afterEach(() => {
    feed.stop();
    db.close();
    vi.useRealTimers();
  });

  /** A customer text stored the way the inbound path stores it; returns the conversation. */
  const text = (from: string, at: number) => {
    const contact = upsertContact(db, { address: from, rawAddress: from, now: at });
    const conversationId = upsertConversation(db, {
      contactId: contact.id,
      channel: 'sms',
      businessNumber: '+15005550006',
      now: at,
    });
    const messageId = insertInboundMessage(db, {
      conversationId,
      sid: `SM${++sid}`,
      from,
      to: '+15005550006',
      body: 'Hi',
      media: [],
      numSegments: 1,
      now: at,
    })!;
    touchConversation(db, { conversationId, messageId, at, unread: true, direction: 'inbound', contactOptedOut: false }); // prettier-ignore
    return { conversationId, messageId };
  };
  const updated = (conversationId: number) =>
    events.emit('conversation:updated', getConversationSummary(db, conversationId)!);

  it('pushes every counter once per burst that moved one, and nothing for a burst that moved none', () => {
    const a = text('+14155550100', 1_000);
    const b = text('+14155550101', 2_000);
    updated(a.conversationId);
    updated(b.conversationId);
    vi.advanceTimersByTime(250);
    expect(pushed).toHaveLength(1);
    expect(pushed[0]).toMatchObject({
      unreadTotal: 2,
      tabs: { 'needs-reply': 2, drafts: 0, failed: 0 },
      byCategory: { question: { 'needs-reply': 0, drafts: 0, failed: 0 } },
    });

    // Fifty updates that move no counter (a name edited, a status walked…): no push.
    for (let i = 0; i < 50; i++) updated(a.conversationId);
    vi.advanceTimersByTime(1_000);
    expect(pushed).toHaveLength(1);

    // Triage into a category and a read: one push with both.
    storeMessageTriage(db, { ...a, language: 'en', category: 'question', urgency: 'normal' });
    markConversationRead(db, a.conversationId);
    updated(a.conversationId);
    vi.advanceTimersByTime(250);
    expect(pushed).toHaveLength(2);
    expect(pushed[1]).toMatchObject({
      unreadTotal: 1,
      byCategory: { question: { 'needs-reply': 1 } },
    });
  });

  it('catches by its backstop a change no event announced (retention)', () => {
    const a = text('+14155550100', 1_000);
    updated(a.conversationId);
    vi.advanceTimersByTime(250);
    expect(pushed.at(-1)!.tabs['needs-reply']).toBe(1);
    db.transaction(() => deleteExpired(db, 5_000, 100))();
    vi.advanceTimersByTime(5_000 + 250);
    expect(pushed.at(-1)).toMatchObject({ unreadTotal: 0, tabs: { 'needs-reply': 0 } });
  });

  it('reads nothing while nobody listens', () => {
    unsubscribe();
    const reads = vi.spyOn(db, 'prepare');
    const a = text('+14155550100', 1_000);
    const summary = getConversationSummary(db, a.conversationId)!;
    reads.mockClear();
    events.emit('conversation:updated', summary);
    vi.advanceTimersByTime(10_000);
    expect(reads).not.toHaveBeenCalled();
  });
});
