import type { Migration } from './types';

/**
 * The inbox tabs and the unread total as counters, kept by triggers in the same transaction as
 * every change that moves them, so no code path can forget them and reading them costs the same
 * at 50 conversations as at 50,000 (counting them by a join over every conversation took 0.8 s
 * there, and the console asked about once a second).
 *
 * Each conversation carries its tab flags, computed by the rules below and nowhere else (the
 * inbox lists filter on the flags, the counts add them up):
 * - `needs_reply`: the latest message came in, and the contact has not opted out;
 * - `draft_ready`: a draft is `ready` for the operator;
 * - `failed_send`: the latest message went out and the carrier failed it or could not deliver it.
 * `conversation_counts` holds their sums and the unread sum per triage category ('' = none yet).
 *
 * Also: the consent history of one contact (the contact panel, every time a conversation opens)
 * was a scan of the whole audit log; it now has its own small index.
 */

/**
 * The rules, over the `conversations` row being updated. A message never moves to another
 * conversation, so a message's own triggers only look at its conversation.
 */
const needsReply = `COALESCE((SELECT m.direction = 'inbound' FROM messages m WHERE m.id = conversations.last_message_id), 0)
    AND COALESCE((SELECT k.opted_out = 0 FROM contacts k WHERE k.id = conversations.contact_id), 0)`;
const failedSend = `COALESCE((SELECT m.direction = 'outbound' AND m.status IN ('failed', 'undelivered')
    FROM messages m WHERE m.id = conversations.last_message_id), 0)`;
const draftReady = `EXISTS (SELECT 1 FROM drafts d WHERE d.conversation_id = conversations.id AND d.state = 'ready')`;

/** Recomputes the flags of the conversations `where` selects; rows whose flags stand are left alone. */
const recomputeLatest = (where: string) => `
  UPDATE conversations SET needs_reply = ${needsReply}, failed_send = ${failedSend}
  WHERE ${where} AND (needs_reply IS NOT (${needsReply}) OR failed_send IS NOT (${failedSend}));`;
const recomputeDraft = (where: string) => `
  UPDATE conversations SET draft_ready = ${draftReady}
  WHERE ${where} AND draft_ready IS NOT (${draftReady});`;

/** Adds one conversation row's share to the counters of its category (the row created if new). */
const addShare = (row: 'new' | 'old') => `
  INSERT INTO conversation_counts (category, needs_reply, drafts, failed, unread)
  VALUES (COALESCE(${row}.category, ''), ${row}.needs_reply, ${row}.draft_ready, ${row}.failed_send,
          ${row}.unread_count)
  ON CONFLICT (category) DO UPDATE SET
    needs_reply = needs_reply + excluded.needs_reply, drafts = drafts + excluded.drafts,
    failed = failed + excluded.failed, unread = unread + excluded.unread;`;
/** Adds the difference between the new row's share and the old one's (same category). */
const addDifference = `
  INSERT INTO conversation_counts (category, needs_reply, drafts, failed, unread)
  VALUES (COALESCE(new.category, ''), new.needs_reply - old.needs_reply,
          new.draft_ready - old.draft_ready, new.failed_send - old.failed_send,
          new.unread_count - old.unread_count)
  ON CONFLICT (category) DO UPDATE SET
    needs_reply = needs_reply + excluded.needs_reply, drafts = drafts + excluded.drafts,
    failed = failed + excluded.failed, unread = unread + excluded.unread;`;
// Takes the old row's share away: a non-zero share was added first, so its category row exists.
const removeShare = `
  UPDATE conversation_counts SET
    needs_reply = needs_reply - old.needs_reply, drafts = drafts - old.draft_ready,
    failed = failed - old.failed_send, unread = unread - old.unread_count
  WHERE category = COALESCE(old.category, '');`;

const failedStatus = (row: 'new' | 'old') =>
  `(${row}.direction = 'outbound' AND ${row}.status IN ('failed', 'undelivered'))`;

export const migration0060: Migration = {
  version: 60,
  name: 'inbox counters',
  up(db) {
    db.exec(`
      ALTER TABLE conversations ADD COLUMN needs_reply INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE conversations ADD COLUMN draft_ready INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE conversations ADD COLUMN failed_send INTEGER NOT NULL DEFAULT 0;

      -- One probe per draft change instead of a walk over the conversation's drafts.
      CREATE INDEX drafts_ready ON drafts (conversation_id) WHERE state = 'ready';

      UPDATE conversations SET
        needs_reply = ${needsReply}, failed_send = ${failedSend}, draft_ready = ${draftReady};

      CREATE TABLE conversation_counts (
        category TEXT PRIMARY KEY NOT NULL,  -- the triage category, '' for not triaged yet
        needs_reply INTEGER NOT NULL,
        drafts INTEGER NOT NULL,
        failed INTEGER NOT NULL,
        unread INTEGER NOT NULL              -- unread messages (the sum of unread_count)
      );
      INSERT INTO conversation_counts (category, needs_reply, drafts, failed, unread)
        SELECT COALESCE(category, ''), SUM(needs_reply), SUM(draft_ready), SUM(failed_send),
               SUM(unread_count)
        FROM conversations GROUP BY COALESCE(category, '');

      -- Each tab's page is a walk down its own short index, not a filter over every conversation.
      CREATE INDEX conversations_needing_reply ON conversations (last_activity_at DESC, id DESC)
        WHERE needs_reply = 1;
      CREATE INDEX conversations_with_draft ON conversations (last_activity_at DESC, id DESC)
        WHERE draft_ready = 1;
      CREATE INDEX conversations_failed_send ON conversations (last_activity_at DESC, id DESC)
        WHERE failed_send = 1;

      -- The flags follow what they are computed from.
      CREATE TRIGGER conversation_flags_insert AFTER INSERT ON conversations
      WHEN new.last_message_id IS NOT NULL BEGIN
        ${recomputeLatest('id = new.id')}
      END;
      -- A new latest message sets its flags itself: touchConversation (store/conversations.ts),
      -- the one writer of last_message_id, knows the message's direction and the contact's
      -- consent, so the flags go in the same UPDATE. A trigger re-reading them cost 3 µs of
      -- every stored text, 7 % of ingest (BENCHMARKS.md).
      CREATE TRIGGER conversation_flags_latest AFTER UPDATE OF contact_id ON conversations
      WHEN old.contact_id IS NOT new.contact_id BEGIN
        ${recomputeLatest('id = new.id')}
      END;
      -- Only a change in or out of failed/undelivered (or of direction) can move a flag: the
      -- sent -> delivered of every reply costs a comparison, not a write.
      CREATE TRIGGER conversation_flags_message_update AFTER UPDATE OF status, direction ON messages
      WHEN old.direction IS NOT new.direction OR ${failedStatus('old')} IS NOT ${failedStatus('new')} BEGIN
        ${recomputeLatest('id = new.conversation_id AND last_message_id = new.id')}
      END;
      -- Retention deletes messages before their conversation: a latest message gone is no flag.
      CREATE TRIGGER conversation_flags_message_delete AFTER DELETE ON messages BEGIN
        ${recomputeLatest('id = old.conversation_id AND last_message_id = old.id')}
      END;
      CREATE TRIGGER conversation_flags_consent AFTER UPDATE OF opted_out ON contacts
      WHEN old.opted_out IS NOT new.opted_out BEGIN
        ${recomputeLatest('contact_id = new.id')}
      END;
      CREATE TRIGGER conversation_flags_draft_insert AFTER INSERT ON drafts
      WHEN new.state = 'ready' BEGIN
        ${recomputeDraft('id = new.conversation_id')}
      END;
      CREATE TRIGGER conversation_flags_draft_update AFTER UPDATE OF state, conversation_id ON drafts
      WHEN (old.state = 'ready') IS NOT (new.state = 'ready')
        OR old.conversation_id IS NOT new.conversation_id BEGIN
        ${recomputeDraft('id IN (old.conversation_id, new.conversation_id)')}
      END;
      CREATE TRIGGER conversation_flags_draft_delete AFTER DELETE ON drafts
      WHEN old.state = 'ready' BEGIN
        ${recomputeDraft('id = old.conversation_id')}
      END;

      -- The counters follow the flags, the unread counts and the category.
      CREATE TRIGGER conversation_counts_insert AFTER INSERT ON conversations
      WHEN new.needs_reply OR new.draft_ready OR new.failed_send OR new.unread_count BEGIN
        ${addShare('new')}
      END;
      -- Same category (every inbound text: its unread count moves): one upsert of the difference.
      CREATE TRIGGER conversation_counts_update
      AFTER UPDATE OF unread_count, needs_reply, draft_ready, failed_send ON conversations
      WHEN old.category IS new.category AND (old.unread_count IS NOT new.unread_count
        OR old.needs_reply IS NOT new.needs_reply OR old.draft_ready IS NOT new.draft_ready
        OR old.failed_send IS NOT new.failed_send) BEGIN
        ${addDifference}
      END;
      CREATE TRIGGER conversation_counts_recategorised AFTER UPDATE OF category ON conversations
      WHEN old.category IS NOT new.category BEGIN
        ${removeShare}
        ${addShare('new')}
      END;
      CREATE TRIGGER conversation_counts_delete AFTER DELETE ON conversations BEGIN
        ${removeShare}
      END;

      CREATE INDEX audit_log_consent ON audit_log (subject_type, subject_id, at)
        WHERE action IN ('contact.opted_out', 'contact.opted_in');
    `);
  },
};
