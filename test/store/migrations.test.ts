import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../src/main/core/store/migrations';
import {
  DatabaseTooNewError,
  migrate,
  openDatabase,
  schemaVersion,
} from '../../src/main/core/store/database';
import { makeTempDir } from '../support/tempDir';

const tables = (db: Database.Database) =>
  (
    db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as {
      name: string;
    }[]
  ).map((r) => r.name);

describe('migrations', () => {
  const dirs: Array<() => void> = [];
  afterEach(() => dirs.splice(0).forEach((cleanup) => cleanup()));

  it('are numbered upward in steps that leave room between them', () => {
    const versions = migrations.map((m) => m.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
    for (const v of versions) expect(v % 10).toBe(0);
  });

  // One test per migration, applied on top of the ones before it (Signal-Desktop's habit).
  for (const [index, migration] of migrations.entries()) {
    it(`${migration.version} (${migration.name}) applies on an in-memory database`, () => {
      const db = openDatabase(':memory:', { migrations: migrations.slice(0, index + 1) });
      expect(schemaVersion(db)).toBe(migration.version);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      db.close();
    });
  }

  it('0070 rebuilds the search index with prefix indexes, covering what waited in the backlog', () => {
    const db = openDatabase(':memory:', { migrations: migrations.filter((m) => m.version < 70) });
    db.exec(`
      INSERT INTO contacts (id, address, raw_address, created_at, updated_at)
        VALUES (1, '+14155550100', '+14155550100', 1, 1);
      INSERT INTO conversations (id, contact_id, channel, business_number, last_activity_at, created_at)
        VALUES (1, 1, 'sms', '+15005550006', 1, 1);
    `);
    const add = db.prepare(
      `INSERT INTO messages (conversation_id, direction, author, from_address, to_address, body,
         status, created_at, updated_at)
       VALUES (1, 'inbound', 'customer', '+14155550100', '+15005550006', ?, 'received', 1, 1)`,
    );
    const indexed = Number(add.run('Tomorrow at ten works').lastInsertRowid);
    db.exec(`INSERT INTO messages_fts (rowid, body) SELECT m.id, m.body FROM search_backlog b
               JOIN messages m ON m.id = b.message_id; DELETE FROM search_backlog;`);
    const waiting = Number(add.run('Thanks, see you then').lastInsertRowid);

    migrate(db, migrations);
    const find = (q: string) =>
      db.prepare('SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid').pluck().all(q); // prettier-ignore
    expect(find('"t"*')).toEqual([indexed, waiting]);
    expect(find('"th"*')).toEqual([waiting]);
    expect(find('"ten"')).toEqual([indexed]);
    expect(db.prepare('SELECT count(*) FROM search_backlog').pluck().get()).toBe(0);
    expect(db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'messages_fts'`).pluck().get()).toMatch(/prefix='1 2 3'/); // prettier-ignore
    // FTS5's own check: the index holds exactly the messages, word for word.
    db.prepare(`INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)`).run();
    // The triggers of 0050 keep working on the new table.
    db.prepare('DELETE FROM messages WHERE id = ?').run(indexed);
    expect(find('"t"*')).toEqual([waiting]);
    db.close();
  });

  it('creates every table of the design', () => {
    const db = openDatabase(':memory:');
    expect(tables(db)).toEqual(
      expect.arrayContaining([
        'contacts',
        'conversations',
        'messages',
        'messages_fts',
        'message_events',
        'drafts',
        'jobs',
        'webhook_log',
        'audit_log',
        'settings',
      ]),
    );
    db.close();
  });

  it('opens a file in WAL mode with full fsync and foreign keys on', () => {
    const tmp = makeTempDir();
    dirs.push(tmp.cleanup);
    const db = openDatabase(join(tmp.path, 'a.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('re-opening an up-to-date database changes nothing', () => {
    const tmp = makeTempDir();
    dirs.push(tmp.cleanup);
    const path = join(tmp.path, 'a.db');
    openDatabase(path).close();
    const db = openDatabase(path);
    expect(schemaVersion(db)).toBe(migrations.at(-1)!.version);
    db.close();
  });

  it('refuses a database written by a newer version and leaves it untouched', () => {
    const tmp = makeTempDir();
    dirs.push(tmp.cleanup);
    const path = join(tmp.path, 'future.db');
    const raw = new Database(path);
    raw.pragma('user_version = 99990');
    raw.exec('CREATE TABLE from_the_future (x)');
    raw.close();

    expect(() => openDatabase(path)).toThrow(DatabaseTooNewError);
    expect(() => openDatabase(path)).toThrow(/newer version of Switchboard/);
    const check = new Database(path);
    expect(check.pragma('user_version', { simple: true })).toBe(99990);
    expect(tables(check)).toEqual(['from_the_future']);
    check.close();
  });
});
