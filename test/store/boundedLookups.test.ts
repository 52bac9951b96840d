import { describe, expect, it } from 'vitest';
import {
  composeOfflineDraft,
  readOfflineDraftData,
} from '../../src/main/core/drafting/offlineDrafter';
import type { DraftContext } from '../../src/main/core/drafting/drafter';
import { readDraftingSettings } from '../../src/main/core/drafting/settings';
import { storeInboundMessage } from '../../src/main/core/messaging/inbound';
import { migrate, openDatabase, type Db } from '../../src/main/core/store/database';
import { migrations } from '../../src/main/core/store/migrations';
import { getDraftSubject } from '../../src/main/core/store/draftContext';
import { insertDraft, decideDraft } from '../../src/main/core/store/drafts';
import { queueStats } from '../../src/main/core/store/jobs';
import { insertOutboundMessage } from '../../src/main/core/store/messages';
import { REPLY_EXAMPLES_KEPT } from '../../src/main/core/store/migrations/0080-bounded-lookups';
import { insertWebhookLog, lastWebhookAt } from '../../src/main/core/store/webhookLog';
import { describeOnEngines } from '../support/storeEngines';

const BUSINESS = '+15005550006';
let sids = 0;

/** A customer's text as the webhook stores it (with its draft job). */
function customerText(db: Db, from: string, body: string, now: number) {
  const outcome = storeInboundMessage(
    db,
    {
      sid: `SM${(++sids).toString(16).padStart(32, '0')}`,
      from,
      to: BUSINESS,
      body,
      media: [],
      numSegments: 1,
    },
    { now },
  );
  if (outcome.duplicate) throw new Error('duplicate');
  return outcome;
}

function operatorReply(
  db: Db,
  conversationId: number,
  to: string,
  body: string,
  now: number,
  author: 'operator' | 'draft' | 'auto' = 'operator',
) {
  return insertOutboundMessage(db, {
    conversationId,
    author,
    from: BUSINESS,
    to,
    body,
    status: 'delivered',
    now,
  });
}

function suggest(db: Db, messageId: number): { text: string; source: string | null } {
  const subject = getDraftSubject(db, messageId)!;
  const context: DraftContext = {
    subject,
    thread: [],
    language: 'en',
    category: 'question',
    urgency: 'normal',
    settings: { ...readDraftingSettings(db, { demo: true }), templates: [] },
    instruction: null,
    previousDraft: null,
  };
  const data = readOfflineDraftData(db, { body: subject.body, messageId });
  return composeOfflineDraft(context, data);
}

const examples = (db: Db) =>
  (
    db.prepare('SELECT inbound_id FROM reply_examples ORDER BY inbound_id').all() as Array<{
      inbound_id: number;
    }>
  ).map((row) => row.inbound_id);

describe('offline drafter: its own small index of answered texts (migration 0080)', () => {
  it('finds the operator’s recent reply to a similar text, never a rejected draft’s text', () => {
    const db = openDatabase(':memory:');
    // An earlier text whose draft the operator rejected, and who then wrote nothing.
    const rejected = customerText(db, '+14155550101', 'Do you sell the argan oil shampoo?', 1000);
    const draftId = insertDraft(db, {
      conversationId: rejected.conversationId,
      replyToMessageId: rejected.messageId,
      provider: 'offline',
      state: 'ready',
      text: 'We do not stock that, sorry.',
      now: 1001,
    });
    decideDraft(db, { id: draftId, state: 'rejected', rejectReason: 'wrong', now: 1002 });
    // An automatic reply is not the operator's words either.
    const auto = customerText(db, '+14155550102', 'argan oil shampoo in stock?', 2000);
    operatorReply(db, auto.conversationId, '+14155550102', 'Auto: yes.', 2001, 'auto');
    // The operator's own answer to a similar text.
    const answered = customerText(db, '+14155550103', 'do you sell argan oil shampoo', 3000);
    operatorReply(
      db,
      answered.conversationId,
      '+14155550103',
      'Yes! The argan oil shampoo is $18 at the front desk.',
      3001,
    );
    expect(examples(db)).toEqual([answered.messageId]);

    const asked = customerText(db, '+14155550104', 'Hi, do you sell argan oil shampoo??', 4000);
    const data = readOfflineDraftData(db, {
      body: 'Hi, do you sell argan oil shampoo??',
      messageId: asked.messageId,
    });
    expect(data.pastReplies.map((r) => r.reply)).toEqual([
      'Yes! The argan oil shampoo is $18 at the front desk.',
    ]);
    expect(suggest(db, asked.messageId)).toMatchObject({
      text: 'Yes! The argan oil shampoo is $18 at the front desk.',
      source: `your reply of ${new Date(3001).toISOString().slice(0, 10)} to a similar message`,
    });
    db.close();
  });

  it('keeps only the newest answered texts, and forgets a deleted message’s words', () => {
    const db = openDatabase(':memory:');
    const first = customerText(db, '+14155550200', 'gift cards for a birthday?', 1);
    operatorReply(db, first.conversationId, '+14155550200', 'Yes, any amount.', 2);
    db.transaction(() => {
      for (let i = 0; i < REPLY_EXAMPLES_KEPT; i++) {
        const text = customerText(db, '+14155550201', `parking question number ${i}`, 10 + i * 2);
        operatorReply(
          db,
          text.conversationId,
          '+14155550201',
          `Behind the building (${i}).`,
          11 + i * 2,
        );
      }
    })();
    const kept = examples(db);
    expect(kept).toHaveLength(REPLY_EXAMPLES_KEPT);
    expect(kept).not.toContain(first.messageId); // the oldest went
    expect(readOfflineDraftData(db, { body: 'gift cards?', messageId: 0 }).pastReplies).toEqual([]);

    // Retention deletes a conversation's messages: its words leave the examples' index too.
    const newest = kept.at(-1)!;
    db.prepare('DELETE FROM messages WHERE conversation_id = ?').run(
      getDraftSubject(db, newest)!.conversationId,
    );
    expect(examples(db)).toEqual([]);
    // FTS5's check of the index's own structure (0: not against `messages`, which holds more
    // than the examples), then its words: none of the deleted ones are left.
    db.prepare(
      `INSERT INTO reply_examples_fts (reply_examples_fts, rank) VALUES ('integrity-check', 0)`,
    ).run();
    expect(
      db
        .prepare(`SELECT COUNT(*) FROM reply_examples_fts WHERE reply_examples_fts MATCH 'parking'`)
        .pluck()
        .get(),
    ).toBe(0);
    db.close();
  });

  it('learns the answered texts already in a store when it is upgraded', () => {
    const before = migrations.filter((m) => m.version < 80);
    const db = openDatabase(':memory:', { migrations: before });
    const text = customerText(db, '+14155550300', 'are you open on Sunday', 1);
    operatorReply(db, text.conversationId, '+14155550300', 'Closed on Sundays, open Monday.', 2);
    const unanswered = customerText(db, '+14155550301', 'are you open on Sunday too', 3);
    migrate(db, migrations);
    expect(examples(db)).toEqual([text.messageId]);
    expect(suggest(db, unanswered.messageId).text).toBe('Closed on Sundays, open Monday.');
    db.close();
  });
});

// Which answered texts the offline drafter may learn from is bookkeeping by triggers, on both
// engines (finding similar ones is full-text search: SQLite's FTS5 above, search's own suite).
describeOnEngines('offline drafter: the answered texts it keeps (migration 0080)', ({ open }) => {
  it('keeps the operator’s answers, never a rejected draft or an automatic reply, and forgets a deleted text', () => {
    const db = open();
    const rejected = customerText(db, '+14155550101', 'Do you sell the argan oil shampoo?', 1000);
    const draftId = insertDraft(db, {
      conversationId: rejected.conversationId,
      replyToMessageId: rejected.messageId,
      provider: 'offline',
      state: 'ready',
      text: 'We do not stock that, sorry.',
      now: 1001,
    });
    decideDraft(db, { id: draftId, state: 'rejected', rejectReason: 'wrong', now: 1002 });
    const auto = customerText(db, '+14155550102', 'argan oil shampoo in stock?', 2000);
    operatorReply(db, auto.conversationId, '+14155550102', 'Auto: yes.', 2001, 'auto');
    const answered = customerText(db, '+14155550103', 'do you sell argan oil shampoo', 3000);
    operatorReply(db, answered.conversationId, '+14155550103', 'Yes, $18.', 3001);
    const drafted = customerText(db, '+14155550104', 'open on Sunday?', 4000);
    operatorReply(db, drafted.conversationId, '+14155550104', 'Closed on Sundays.', 4001, 'draft');
    expect(examples(db)).toEqual([answered.messageId, drafted.messageId]);

    // Retention deletes a conversation's messages: its text leaves the examples too.
    db.prepare('DELETE FROM messages WHERE conversation_id = ?').run(answered.conversationId);
    expect(examples(db)).toEqual([drafted.messageId]);
  });
});

// The health figures are plain reads: the same on both engines.
describeOnEngines('health figures', ({ open }) => {
  it('last webhook: the newest accepted one; refused requests do not count', () => {
    const db = open();
    expect(lastWebhookAt(db)).toBeNull();
    const log = (
      receivedAt: number,
      signature: 'valid' | 'invalid' | 'missing',
      statusCode: number,
    ) =>
      insertWebhookLog(db, {
        receivedAt,
        route: '/twilio/sms',
        method: 'POST',
        headers: {},
        rawBody: 'Body=hi',
        signature,
        statusCode,
        outcome: 'x',
        messageSid: null,
      });
    log(1000, 'valid', 200);
    log(2000, 'invalid', 403); // a forged request
    log(3000, 'missing', 403);
    log(4000, 'valid', 400); // signed but refused (another account, a malformed body)
    expect(lastWebhookAt(db)).toBe(1000);
    log(5000, 'valid', 200);
    expect(lastWebhookAt(db)).toBe(5000);
    db.close();
  });

  it('queue figures count waiting, running and dead jobs, not the done ones', () => {
    const db = open();
    for (let i = 0; i < 5; i++) customerText(db, `+1415555040${i}`, `hello ${i}`, i);
    const ids = (db.prepare('SELECT id FROM jobs ORDER BY id').all() as Array<{ id: number }>).map(
      (row) => row.id,
    );
    db.prepare(`UPDATE jobs SET state = 'done' WHERE id IN (?, ?)`).run(ids[0], ids[1]);
    db.prepare(`UPDATE jobs SET state = 'running' WHERE id = ?`).run(ids[2]);
    db.prepare(`UPDATE jobs SET state = 'dead' WHERE id = ?`).run(ids[3]);
    expect(queueStats(db)).toEqual({ queued: 1, running: 1, dead: 1 });
    db.close();
  });
});
