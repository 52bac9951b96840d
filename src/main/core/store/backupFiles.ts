/**
 * SQL over backup files (never the live store): make a fresh copy self-contained, and check a
 * candidate for restore. See records/backups.ts for the file handling around them.
 */
import Database from 'better-sqlite3';
import { migrations } from './migrations';
import { schemaDifferences } from './schemaCheck';

const open = (path: string, readonly: boolean) => {
  const nativeBinding = process.env.SWITCHBOARD_SQLITE_BINDING;
  return new Database(path, {
    readonly,
    fileMustExist: true,
    ...(nativeBinding ? { nativeBinding } : {}),
  });
};

/**
 * A compacted copy of the store `db` reads (only live pages), as one read transaction: a
 * consistent snapshot while the writer goes on. Works on a read-only connection.
 */
export function vacuumInto(db: Database.Database, path: string): void {
  db.prepare('VACUUM INTO ?').run(path);
}

/**
 * A backup copies the live header, which says WAL. Switch the copy to a rollback journal so it is
 * one self-contained file that can be opened read-only, copied or mailed without a -wal beside it.
 */
export function makeSelfContained(path: string): void {
  const db = open(path, false);
  try {
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
}

export interface BackupFileCheck {
  schemaVersion: number | null;
  problems: string[];
  messages: number | null;
}

const requiredTables = ['contacts', 'conversations', 'messages', 'jobs', 'settings', 'audit_log'];

/** Full `PRAGMA integrity_check`, schema version and the tables a store must have. */
export function checkBackupFile(path: string): BackupFileCheck {
  const latest = migrations.at(-1)?.version ?? 0;
  let db: Database.Database;
  try {
    db = open(path, true);
  } catch (error) {
    return {
      schemaVersion: null,
      messages: null,
      problems: [`It cannot be opened as a Switchboard database (${(error as Error).message}).`],
    };
  }
  try {
    const problems: string[] = [];
    const integrity = db.pragma('integrity_check') as Array<{ integrity_check: string }>;
    const findings = integrity.map((row) => row.integrity_check).filter((text) => text !== 'ok');
    if (findings.length > 0) {
      problems.push(`The file is damaged: ${findings.slice(0, 3).join('; ')}.`);
    }
    const schemaVersion = db.pragma('user_version', { simple: true }) as number;
    if (schemaVersion === 0) problems.push('It is not a Switchboard database (no schema version).');
    if (schemaVersion > latest) {
      problems.push(
        `It was written by a newer Switchboard (schema ${schemaVersion}; this version understands up to ${latest}).`,
      );
    }
    const tables = new Set(
      (
        db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as Array<{
          name: string;
        }>
      ).map((row) => row.name),
    );
    const missing = requiredTables.filter((name) => !tables.has(name));
    if (missing.length > 0) problems.push(`Tables are missing: ${missing.join(', ')}.`);
    else if (schemaVersion > 0 && schemaVersion <= latest) {
      const differences = schemaDifferences(db, schemaVersion);
      if (differences.length > 0) {
        problems.push(
          `Its structure is not exactly what Switchboard makes, so it is refused: ${differences.slice(0, 5).join('; ')}${differences.length > 5 ? ` (and ${differences.length - 5} more)` : ''}.`,
        );
      }
    }
    let messages: number | null = null;
    if (tables.has('messages')) {
      messages = (db.prepare('SELECT COUNT(*) AS n FROM messages').get() as { n: number }).n;
    }
    if (findings.length === 0 && tables.has('messages')) {
      const fk = db.pragma('foreign_key_check') as unknown[];
      if (fk.length > 0) problems.push(`${fk.length} rows point at rows that do not exist.`);
    }
    return { schemaVersion, problems, messages };
  } catch (error) {
    return {
      schemaVersion: null,
      messages: null,
      problems: [`It cannot be read as a Switchboard database (${(error as Error).message}).`],
    };
  } finally {
    db.close();
  }
}

/**
 * The attachments a backup's database names as kept (hash and size): what the backup must carry.
 * A store from before attachments were kept (no `message_media`) names none.
 */
export function keptMediaInBackupFile(path: string): Array<{ sha256: string; size: number }> {
  const db = open(path, true);
  try {
    const hasTable = db
      .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'message_media'`)
      .get();
    if (!hasTable) return [];
    return db
      .prepare(
        `SELECT sha256, MAX(size) AS size FROM message_media
         WHERE state = 'kept' AND sha256 IS NOT NULL GROUP BY sha256`,
      )
      .all() as Array<{ sha256: string; size: number }>;
  } finally {
    db.close();
  }
}
