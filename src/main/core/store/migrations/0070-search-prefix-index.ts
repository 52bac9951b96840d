import type { Migration } from './types';

/**
 * Prefix indexes for prefixes of one to three letters, so the first keystrokes of a search, and
 * every short common word, are answered at once.
 *
 * The last word of a search always matches as a prefix (`toFtsQuery`), so typing "the" asks for
 * "the"*. Without a prefix index FTS5 answers a prefix by merging, in memory, the doclists of
 * every indexed word that starts with it before it can return the first row, however small the
 * LIMIT: the shorter the prefix, the more words and the longer their doclists. Measured at
 * 1,000,000 messages (bench/search/run.ts), raw FTS5, newest 30 rowids: "t"* 250 ms, "the"*
 * 75 ms, "thanks"* 2 ms. With `prefix='1 2 3'` each of these short prefixes has one doclist of
 * its own, read newest first and stopped at LIMIT like any word: 0.1–0.5 ms. Prefixes of four
 * letters and more cover few words and stay with the merge. The cost: the index grows by about a
 * fifth (341 → 406 MB file at 1,000,000 messages) and indexing a message costs ~1–2 µs more CPU
 * (bench/ingest/commitCost.ts: noise-level next to the commit).
 *
 * Changing `prefix=` needs a new index, so this rebuilds it from the messages, once: 16 s at
 * 1,000,000 messages on a busy 2-core machine (0.3 s at 100,000). Everything is then
 * indexed, so the backlog (migration 0050) is emptied in the same transaction. The triggers of
 * 0050 name the table and keep working on the new one.
 */
export const migration0070: Migration = {
  version: 70,
  name: 'search prefix index',
  up(db) {
    db.exec(`
      DROP TABLE messages_fts;
      CREATE VIRTUAL TABLE messages_fts USING fts5(
        body, content='messages', content_rowid='id', tokenize='unicode61 remove_diacritics 2',
        prefix='1 2 3'
      );
      INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');
      DELETE FROM search_backlog;
    `);
  },
};
