import type { Migration } from './types';

/** How many past replies the offline drafter can draw on: the newest answered customer texts. */
export const REPLY_EXAMPLES_KEPT = 5000;

/**
 * Lookups that stay small as the store grows (issue 13: 1,000,000 messages).
 *
 * - **Reply examples**: the offline drafter looked for similar customer texts in the whole
 *   message index (bm25 over every match of every common word: 0.2–1.2 s at 1,000,000 messages,
 *   more as the years add up). It now searches its own index of the newest
 *   `REPLY_EXAMPLES_KEPT` customer texts that the operator answered (typed, or an approved or
 *   edited draft; never an automatic one): `reply_examples` pairs the text with its answer and
 *   `reply_examples_fts` indexes the text's words. Triggers keep both in step in the transaction
 *   that stores the answer, drop the oldest beyond the bound, and forget a deleted message (the
 *   retention rule must not leave its words behind). The index reads its text from `messages`
 *   (external content), so it holds no copy of the bodies.
 * - **Last accepted webhook** (`/health`, the health panel): a partial index of the webhooks that
 *   were accepted, so the newest one is one index step, however many were refused after it.
 * - **Draft statistics**: drafts by creation time (the statistics read a period), and the drafts
 *   that were sent automatically (one lookup per draft instead of a scan of every message).
 * - **Undecided drafts** of a conversation (superseded by every new draft), without its decided ones.
 */
export const migration0080: Migration = {
  version: 80,
  name: 'bounded lookups for drafting, health and statistics',
  up(db) {
    db.exec(`
      CREATE TABLE reply_examples (
        inbound_id INTEGER PRIMARY KEY,        -- the customer's text (messages.id)
        reply_id INTEGER NOT NULL              -- the operator's answer, the next message after it
      );
      CREATE VIRTUAL TABLE reply_examples_fts USING fts5(
        body, content='messages', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
      );

      -- The words of an example go into the index with it, and leave with it. The message may be
      -- gone already (deleted by retention): then its delete trigger below took the words out.
      CREATE TRIGGER reply_examples_insert AFTER INSERT ON reply_examples BEGIN
        INSERT INTO reply_examples_fts (rowid, body)
          SELECT id, body FROM messages WHERE id = new.inbound_id;
      END;
      CREATE TRIGGER reply_examples_delete AFTER DELETE ON reply_examples BEGIN
        INSERT INTO reply_examples_fts (reply_examples_fts, rowid, body)
          SELECT 'delete', id, body FROM messages WHERE id = old.inbound_id;
      END;

      -- An answer typed by the operator (or a draft they approved) right after a customer's text
      -- makes that text an example; beyond the bound, the oldest examples go.
      CREATE TRIGGER reply_examples_from_answer AFTER INSERT ON messages
      WHEN new.direction = 'outbound' AND new.author IN ('operator', 'draft') BEGIN
        INSERT OR IGNORE INTO reply_examples (inbound_id, reply_id)
          SELECT p.id, new.id FROM messages p
          WHERE p.id = (SELECT MAX(id) FROM messages
                        WHERE conversation_id = new.conversation_id AND id < new.id)
            AND p.direction = 'inbound';
        DELETE FROM reply_examples WHERE inbound_id < (
          SELECT inbound_id FROM reply_examples ORDER BY inbound_id DESC
          LIMIT 1 OFFSET ${REPLY_EXAMPLES_KEPT - 1});
      END;
      CREATE TRIGGER reply_examples_message_deleted AFTER DELETE ON messages
      WHEN EXISTS (SELECT 1 FROM reply_examples WHERE inbound_id = old.id) BEGIN
        INSERT INTO reply_examples_fts (reply_examples_fts, rowid, body)
          VALUES ('delete', old.id, old.body);
        DELETE FROM reply_examples WHERE inbound_id = old.id;
      END;
      CREATE TRIGGER reply_examples_message_edited AFTER UPDATE OF body ON messages
      WHEN EXISTS (SELECT 1 FROM reply_examples WHERE inbound_id = new.id) BEGIN
        INSERT INTO reply_examples_fts (reply_examples_fts, rowid, body)
          VALUES ('delete', old.id, old.body);
        INSERT INTO reply_examples_fts (rowid, body) VALUES (new.id, new.body);
      END;

      -- The newest answered texts of the store as it is: a walk down the newest messages that
      -- stops after the bound, not a scan of the table.
      INSERT INTO reply_examples (inbound_id, reply_id)
        SELECT p.id, r.id FROM messages r
        JOIN messages p ON p.id = (SELECT MAX(id) FROM messages
                                   WHERE conversation_id = r.conversation_id AND id < r.id)
        WHERE r.direction = 'outbound' AND r.author IN ('operator', 'draft')
          AND p.direction = 'inbound'
        ORDER BY r.id DESC LIMIT ${REPLY_EXAMPLES_KEPT};

      CREATE INDEX webhook_log_accepted ON webhook_log (received_at)
        WHERE signature = 'valid' AND status_code < 400;

      CREATE INDEX drafts_by_created ON drafts (created_at);
      -- Every draft job supersedes the undecided drafts of its conversation: only those are read,
      -- not the thousands of decided ones of a long conversation.
      CREATE INDEX drafts_undecided ON drafts (conversation_id)
        WHERE state IN ('generating', 'ready', 'failed');
      CREATE INDEX messages_auto_sent ON messages (draft_id) WHERE author = 'auto';
    `);
  },
};
