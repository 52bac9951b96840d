import { sql, type Db } from './database';

/**
 * What a hub's PostgreSQL database takes on its server (tables, indexes, TOAST), for Health. The
 * laptop's figure is the SQLite file and its WAL, measured by the caller from the file system.
 */
export function postgresDatabaseBytes(db: Db): number {
  return (
    sql<[], { bytes: number }>(db, 'SELECT pg_database_size(current_database()) AS bytes').get()
      ?.bytes ?? 0
  );
}
