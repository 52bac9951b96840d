/**
 * What a copy does differently per engine, on the destination: which columns a table takes, how
 * its triggers are set aside while copied rows go in, identity sequences after explicit ids, and
 * SQLite's full-text indexes rebuilt from the copied rows.
 */
import { existsSync } from 'node:fs';
import { engineOf, isPostgresUrl, openReader, schemaVersion, type Db } from '../database';
import { postgresSchemaVersion } from '../postgres/migrate';
import { PostgresDb } from '../postgres/postgresDb';

/** An identifier, quoted: the same spelling means the same name on both engines. */
export const quoted = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** The columns of `table` a copy can write, in the table's order (generated ones left out). */
export function columnsOf(db: Db, table: string): string[] {
  const rows =
    engineOf(db) === 'sqlite'
      ? db.prepare('SELECT name FROM pragma_table_info(?) ORDER BY cid').all(table)
      : db
          .prepare(
            `SELECT column_name AS name FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name = ? AND is_generated = 'NEVER'
             ORDER BY ordinal_position`,
          )
          .all(table);
  return (rows as Array<{ name: string }>).map((row) => row.name);
}

/** Whether the store at `db` has the table at all. */
export function hasTable(db: Db, table: string): boolean {
  const row =
    engineOf(db) === 'sqlite'
      ? db
          .prepare("SELECT 1 AS present FROM sqlite_master WHERE type = 'table' AND name = ?")
          .get(table)
      : db.prepare('SELECT 1 AS present WHERE to_regclass(CAST(? AS TEXT)) IS NOT NULL').get(table);
  return row !== undefined;
}

/**
 * A way to write a batch of `table` in one destination transaction with the table's triggers that
 * derive other rows set aside, so copied rows go in as they are and derive nothing (the derived
 * tables are copied verbatim). SQLite has no switch for triggers, but its DDL is transactional:
 * they are dropped and re-created, with their exact text, inside the same transaction, so a copy
 * killed midway never leaves a store without them (nor one the schema check would refuse; all of
 * SQLite's are AFTER triggers). PostgreSQL disables its AFTER triggers for the transaction
 * (`ALTER TABLE … DISABLE TRIGGER`, also transactional, invisible to other sessions, foreign keys
 * still checked) and keeps its BEFORE triggers: those compute the row's own columns that only
 * PostgreSQL has (a search vector), which the copy leaves for the destination to derive.
 */
export function triggersAside(db: Db, table: string): (work: () => void) => void {
  if (engineOf(db) === 'sqlite') {
    const triggers = db
      .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?")
      .all(table) as Array<{ name: string; sql: string }>;
    return (work) =>
      db.transaction(() => {
        for (const trigger of triggers) db.exec(`DROP TRIGGER ${quoted(trigger.name)}`);
        work();
        for (const trigger of triggers) db.exec(trigger.sql);
      })();
  }
  // tgtype bit 2 (1 << 1) marks a BEFORE trigger; the rest on a table are AFTER triggers.
  const names = (
    db
      .prepare(
        `SELECT tgname AS name FROM pg_trigger
         WHERE tgrelid = to_regclass(CAST(? AS TEXT)) AND NOT tgisinternal
           AND (tgtype & 2) = 0 AND tgenabled <> 'D'
         ORDER BY tgname`,
      )
      .all(table) as Array<{ name: string }>
  ).map((row) => quoted(row.name));
  const alter = (action: string) => {
    for (const name of names) db.exec(`ALTER TABLE ${quoted(table)} ${action} TRIGGER ${name}`);
  };
  return (work) =>
    db.transaction(() => {
      alter('DISABLE');
      work();
      alter('ENABLE');
    })();
}

/**
 * After explicit ids went into a PostgreSQL table, its identity sequence still starts at 1: the
 * next row the hub stores would collide. Moves it past the largest id (a no-op on SQLite, whose
 * rowids follow the largest id by themselves, and for keys without a sequence).
 */
export function advanceSequence(db: Db, table: string, key: readonly string[]): void {
  if (engineOf(db) !== 'postgres' || key.length !== 1) return;
  const column = key[0]!;
  const found = db.prepare('SELECT pg_get_serial_sequence(?, ?) AS seq').get(table, column) as
    { seq: string | null } | undefined;
  if (!found?.seq) return;
  db.prepare(
    `SELECT setval(CAST(? AS regclass), MAX(${quoted(column)})) FROM ${quoted(table)}
     HAVING MAX(${quoted(column)}) IS NOT NULL`,
  ).get(found.seq);
}

interface IndexPlan {
  fts: string;
  /** The tables whose copied rows the index is built from. */
  from: readonly string[];
  /** How many documents the index holds when it is whole. */
  expected: string;
  fill: string;
}

// The messages in search_backlog are by definition not indexed yet (indexSearchBacklog adds them
// before any search), so the rebuilt index holds exactly what the source's did.
const notInBacklog = 'id NOT IN (SELECT message_id FROM search_backlog)';
const sqliteIndexes: readonly IndexPlan[] = [
  {
    fts: 'messages_fts',
    from: ['messages', 'search_backlog'],
    expected: `SELECT COUNT(*) AS n FROM messages WHERE ${notInBacklog}`,
    fill: `INSERT INTO messages_fts (rowid, body)
           SELECT id, body FROM messages WHERE ${notInBacklog} ORDER BY id`,
  },
  {
    fts: 'reply_examples_fts',
    from: ['messages', 'reply_examples'],
    expected: 'SELECT COUNT(*) AS n FROM reply_examples r JOIN messages m ON m.id = r.inbound_id',
    fill: `INSERT INTO reply_examples_fts (rowid, body)
           SELECT m.id, m.body FROM reply_examples r JOIN messages m ON m.id = r.inbound_id
           ORDER BY m.id`,
  },
  {
    fts: 'knowledge_fts',
    from: ['knowledge_passages'],
    expected: 'SELECT COUNT(*) AS n FROM knowledge_passages',
    fill: `INSERT INTO knowledge_fts (rowid, heading, text)
           SELECT id, heading, text FROM knowledge_passages ORDER BY id`,
  },
];

/**
 * Rebuilds a SQLite destination's FTS5 indexes (external content: the copied rows are their
 * content, but the index itself was never fed, its triggers having been set aside). An index is
 * rebuilt when this run wrote rows it is built from, or when it does not hold as many documents
 * as it should (a copy killed during a rebuild, whose transaction rolled back). Returns the
 * indexes rebuilt.
 */
export function rebuildSqliteIndexes(db: Db, written: ReadonlySet<string>): string[] {
  if (engineOf(db) !== 'sqlite') return [];
  const rebuilt: string[] = [];
  for (const plan of sqliteIndexes) {
    const count = (text: string) => (db.prepare(text).get() as { n: number }).n;
    const stale =
      plan.from.some((table) => written.has(table)) ||
      count(`SELECT COUNT(*) AS n FROM ${plan.fts}_docsize`) !== count(plan.expected);
    if (!stale) continue;
    db.transaction(() => {
      db.prepare(`INSERT INTO ${plan.fts} (${plan.fts}) VALUES ('delete-all')`).run();
      db.prepare(plan.fill).run();
    })();
    rebuilt.push(plan.fts);
  }
  return rebuilt;
}

/**
 * The schema version a store has now, without opening it as the app does (which would migrate
 * it): 0 for a file or database that does not hold a store yet.
 */
export function storedSchemaVersion(location: string): number {
  if (isPostgresUrl(location)) {
    const db = new PostgresDb(location);
    try {
      const table = db.prepare("SELECT to_regclass('schema_version') AS name").get() as {
        name: string | null;
      };
      return table.name === null ? 0 : postgresSchemaVersion(db);
    } finally {
      db.close();
    }
  }
  if (!existsSync(location)) return 0;
  const db = openReader(location);
  try {
    return schemaVersion(db);
  } finally {
    db.close();
  }
}
