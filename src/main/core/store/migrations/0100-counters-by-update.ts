import type { Migration } from './types';

/**
 * The inbox counters (migration 0060) moved by a plain UPDATE on every stored text, instead of an
 * upsert. Every inbound text changes its conversation's unread count, and the upsert that added
 * the difference to its category's counters cost about 1 µs of every stored text (an INSERT tried
 * and refused before the UPDATE), measured with `bench/ingest/commitCost.ts`.
 *
 * An UPDATE needs the category's row to exist: every category a conversation has gets one here,
 * a new conversation makes sure of its own (the insert trigger now always runs, with a share of
 * zero when it has nothing to count), and a recategorised one already adds its share by upsert.
 */
export const migration0100: Migration = {
  version: 100,
  name: 'counters by update',
  up(db) {
    db.exec(`
      INSERT OR IGNORE INTO conversation_counts (category, needs_reply, drafts, failed, unread)
        SELECT DISTINCT COALESCE(category, ''), 0, 0, 0, 0 FROM conversations;

      DROP TRIGGER conversation_counts_insert;
      CREATE TRIGGER conversation_counts_insert AFTER INSERT ON conversations BEGIN
        INSERT INTO conversation_counts (category, needs_reply, drafts, failed, unread)
        VALUES (COALESCE(new.category, ''), new.needs_reply, new.draft_ready, new.failed_send,
                new.unread_count)
        ON CONFLICT (category) DO UPDATE SET
          needs_reply = needs_reply + excluded.needs_reply, drafts = drafts + excluded.drafts,
          failed = failed + excluded.failed, unread = unread + excluded.unread;
      END;

      DROP TRIGGER conversation_counts_update;
      CREATE TRIGGER conversation_counts_update
      AFTER UPDATE OF unread_count, needs_reply, draft_ready, failed_send ON conversations
      WHEN old.category IS new.category AND (old.unread_count IS NOT new.unread_count
        OR old.needs_reply IS NOT new.needs_reply OR old.draft_ready IS NOT new.draft_ready
        OR old.failed_send IS NOT new.failed_send) BEGIN
        UPDATE conversation_counts SET
          needs_reply = needs_reply + new.needs_reply - old.needs_reply,
          drafts = drafts + new.draft_ready - old.draft_ready,
          failed = failed + new.failed_send - old.failed_send,
          unread = unread + new.unread_count - old.unread_count
        WHERE category = COALESCE(new.category, '');
      END;
    `);
  },
};
