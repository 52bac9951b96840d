import type { Migration } from './types';

/**
 * The search index is written once per batch instead of once per message.
 *
 * With the index kept by an AFTER INSERT trigger, FTS5 flushed its pending terms into a new
 * segment at the next statement of the transaction, so every message of a webhook batch cost a
 * segment (about 15 µs and several pages of WAL each, BENCHMARKS.md). New messages now wait in
 * `search_backlog` (committed with the message, so nothing is ever left out) and are indexed
 * together by `indexSearchBacklog`, which every search runs first: a search never misses a message.
 * Deleting or editing a message still in the backlog leaves the index alone (it holds nothing of
 * that message yet).
 */
export const migration0050: Migration = {
  version: 50,
  name: 'search backlog',
  up(db) {
    db.exec(`
      CREATE TABLE search_backlog (message_id INTEGER PRIMARY KEY);

      DROP TRIGGER messages_fts_insert;
      CREATE TRIGGER messages_search_backlog AFTER INSERT ON messages BEGIN
        INSERT INTO search_backlog (message_id) VALUES (new.id);
      END;

      DROP TRIGGER messages_fts_delete;
      CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, body)
          SELECT 'delete', old.id, old.body
          WHERE NOT EXISTS (SELECT 1 FROM search_backlog WHERE message_id = old.id);
        DELETE FROM search_backlog WHERE message_id = old.id;
      END;

      DROP TRIGGER messages_fts_update;
      CREATE TRIGGER messages_fts_update AFTER UPDATE OF body ON messages
      WHEN NOT EXISTS (SELECT 1 FROM search_backlog WHERE message_id = new.id) BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
        INSERT INTO messages_fts (rowid, body) VALUES (new.id, new.body);
      END;
    `);
  },
};
