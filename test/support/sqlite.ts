import { engineOf, type Db, type SqliteDb } from '../../src/main/core/store/database';

/** The app's store as SQLite, for a test that checks SQLite itself (pragmas, `pluck`). */
export function sqlite(db: Db): SqliteDb {
  if (engineOf(db) !== 'sqlite') throw new Error('this check is about the SQLite store');
  return db as SqliteDb;
}
