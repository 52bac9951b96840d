import type { Migration } from '../migrations/types';
import { postgresBaseline } from './baseline';
import type { PostgresDb } from './postgresDb';

export class PostgresTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `This database was written by a newer version of Switchboard (schema ${found}, this ` +
        `version understands up to ${supported}). Update every hub process to the same version; ` +
        `the database was left untouched.`,
    );
    this.name = 'DatabaseTooNewError';
  }
}

// Any constant both sides agree on: every hub process asks for the same lock before migrating.
const MIGRATION_LOCK = 0x5357_4244;

/**
 * Brings a PostgreSQL database to the code's schema: the baseline on an empty database, then each
 * later migration's PostgreSQL half, each in its own transaction; refuses a newer database.
 * Several hub processes may start at once: a session lock lets one migrate while the others wait,
 * then find nothing left to do.
 */
export function migratePostgres(db: PostgresDb, migrations: readonly Migration[]): void {
  const latest = migrations.at(-1)?.version ?? 0;
  db.exec(`SELECT pg_advisory_lock(${MIGRATION_LOCK})`);
  try {
    db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
    const current = postgresSchemaVersion(db);
    if (current > latest) throw new PostgresTooNewError(current, latest);
    if (current === 0 && latest >= postgresBaseline.version) {
      db.transaction(() => {
        db.exec(postgresBaseline.sql);
        setVersion(db, postgresBaseline.version);
      })();
    }
    const from = postgresSchemaVersion(db);
    for (const migration of migrations) {
      if (migration.version <= from) continue;
      if (migration.postgres === undefined) {
        throw new Error(
          `Migration ${migration.version} (${migration.name}) has no PostgreSQL half: every ` +
            `migration after ${postgresBaseline.version} needs one`,
        );
      }
      const step = migration.postgres;
      db.transaction(() => {
        db.exec(step);
        setVersion(db, migration.version);
      })();
    }
  } finally {
    db.exec(`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`);
  }
}

export function postgresSchemaVersion(db: PostgresDb): number {
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_version').get() as
    { version: number | null } | undefined;
  return row?.version ?? 0;
}

function setVersion(db: PostgresDb, version: number): void {
  db.exec('DELETE FROM schema_version');
  db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(version);
}
