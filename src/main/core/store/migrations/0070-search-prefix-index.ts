import type { Migration } from './types';

/**
 * Prefix indexes for one- and two-letter prefixes, so the first keystrokes of a search are quick.
 *
 * The last word of a search matches as a prefix (`toFtsQuery`). Without a prefix index FTS5
 * answers "t"* by merging the doclists of every indexed word that starts with t (most of the
 * index) into one list in memory before it can return the first row, however small the LIMIT:
 * 6 s for "t" at 1,000,000 messages (issue 13). With `prefix='1 2'` the one- and two-letter
 * prefixes have their own doclists, read newest first and stopped at LIMIT like any word. Longer
 * prefixes are left to the merge: they cover far fewer words, and a three-letter index would
 * have cost as much again in size and indexing time for little (bench/search/run.ts).
 *
 * Changing `prefix=` needs a new index, so this rebuilds it from the messages: at 1,000,000
 * messages that takes about a minute, once. Everything is then indexed, so the backlog
 * (migration 0050) is emptied in the same transaction. The triggers of 0050 name the table and
 * stay as they are.
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
