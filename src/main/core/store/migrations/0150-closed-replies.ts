import type { Migration } from './types';

/**
 * Issue 17: automatic replies that know when to stop.
 *
 * `closed_replies` is the durable record of each closed-hours (or away) reply: at most one per
 * conversation per closed period, so a restart, a retried job or a change of the business's time
 * zone never sends it twice. `period_start` is when that closure (or the away switch) began,
 * `period_end` when the business said it would open again (null while away, or no opening in
 * sight): a new reply is due only once both lie behind the last one. `message_id` is the reply
 * that went out (no foreign key: retention deletes messages in bulk, and an index-less reference
 * would make each deletion look through this table); rows go with their conversation.
 *
 * `conversations.held_reason` / `held_at`: a hand-off rule stopped an automatic reply there, and
 * none goes out until the operator answers (then both are cleared). Only operator paths and the
 * draft job touch them, never the webhook path. `conversations.auto_after_id`: the last message of the
 * conversation when the operator last put it on auto-send; the "wrote again without an answer"
 * rule counts the customer's texts after it (earlier ones were the operator's to answer). An id,
 * not a time: ids follow storage order, clocks can tie or go back.
 */
export const migration0150: Migration = {
  version: 150,
  name: 'closed replies and hand-off holds',
  up(db) {
    db.exec(`
      CREATE TABLE closed_replies (
        id INTEGER PRIMARY KEY,
        conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        reply_to_message_id INTEGER NOT NULL,  -- the customer's text it answered
        message_id INTEGER NOT NULL,           -- the automatic reply
        kind TEXT NOT NULL CHECK (kind IN ('closed', 'away')),
        period_start INTEGER NOT NULL,
        period_end INTEGER,
        sent_at INTEGER NOT NULL
      );
      CREATE INDEX closed_replies_by_conversation ON closed_replies (conversation_id, sent_at);

      ALTER TABLE conversations ADD COLUMN held_reason TEXT;
      ALTER TABLE conversations ADD COLUMN held_at INTEGER;
      ALTER TABLE conversations ADD COLUMN auto_after_id INTEGER;
    `);
  },
};
