/**
 * Is this database exactly what our migrations make? Every table, index, trigger and view of a
 * store is compared, by name and SQL, with a fresh in-memory database built by the same migrations
 * up to the same version. A backup or a data file with anything extra or different (a trigger
 * that rewrites outbound bodies, a view, a changed index) is refused with its names: SQLite would
 * otherwise run a foreign trigger on our next write.
 */
import Database from 'better-sqlite3';
import { migrations as allMigrations } from './migrations';

type SchemaRow = { type: string; name: string; tbl_name: string; sql: string | null };

const schemaRows = (db: Database.Database): SchemaRow[] =>
  db
    .prepare(
      `SELECT type, name, tbl_name, sql FROM sqlite_master
       WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
       ORDER BY type, name`,
    )
    .all() as SchemaRow[];

const expectedCache = new Map<number, Map<string, SchemaRow>>();

function expectedSchema(version: number): Map<string, SchemaRow> | undefined {
  const cached = expectedCache.get(version);
  if (cached) return cached;
  const steps = allMigrations.filter((m) => m.version <= version);
  if (steps.at(-1)?.version !== version) return undefined; // not a version we ever shipped
  const memory = new Database(':memory:');
  try {
    for (const migration of steps) memory.transaction(() => migration.up(memory))();
    const rows = new Map(schemaRows(memory).map((row) => [`${row.type} ${row.name}`, row]));
    expectedCache.set(version, rows);
    return rows;
  } finally {
    memory.close();
  }
}

const normalise = (sql: string | null) => (sql ?? '').replace(/\s+/g, ' ').trim();

/**
 * What differs from the schema our migrations create for `version`, one sentence per object
 * ("an extra trigger evil on messages"); empty when it is exactly ours.
 */
export function schemaDifferences(db: Database.Database, version: number): string[] {
  const expected = expectedSchema(version);
  if (!expected) return [`Schema version ${version} was never made by Switchboard.`];
  const found = new Map(schemaRows(db).map((row) => [`${row.type} ${row.name}`, row]));
  const problems: string[] = [];
  for (const [key, row] of found) {
    const ours = expected.get(key);
    if (!ours) problems.push(`an extra ${row.type} "${row.name}" on ${row.tbl_name}`);
    else if (normalise(ours.sql) !== normalise(row.sql)) {
      problems.push(`the ${row.type} "${row.name}" is not defined as Switchboard defines it`);
    }
  }
  for (const [key, row] of expected) {
    if (!found.has(key)) problems.push(`the ${row.type} "${row.name}" is missing`);
  }
  return problems;
}
