/**
 * Copies a whole store to another one, either engine to either engine: a laptop's history to a
 * hub (SQLite → PostgreSQL) and back. Idempotent and resumable: each batch is one destination
 * transaction of upserts in key order, so a copy killed midway leaves a key-ordered prefix of each
 * table, and the next run carries on after it; a run over a finished copy writes nothing.
 */
import { byEngine, openStore, type Db } from '../database';
import {
  advanceSequence,
  columnsOf,
  quoted,
  rebuildSqliteIndexes,
  storedSchemaVersion,
  triggersAside,
} from './engineSide';
import { maskLocation } from './report';
import { copiedTables, type CopiedTable } from './tables';

export interface CopyProgress {
  table: string;
  /** Rows of this table in the destination so far (resumed ones included). */
  copied: number;
  /** Rows of this table in the source. */
  total: number;
}

export interface CopyOptions {
  /** A SQLite file or a PostgreSQL URL. */
  from: string;
  to: string;
  /** Rows per destination transaction. */
  batchRows?: number;
  onProgress?: (progress: CopyProgress) => void;
  /** Called after each committed batch; a test throws here to stop a copy midway. */
  afterBatch?: (table: string, batch: number) => void;
}

export interface TableCount {
  table: string;
  source: number;
  destination: number;
  /** Rows this run inserted or changed in the destination (0 for a table already copied). */
  written: number;
}

export interface CopyResult {
  tables: TableCount[];
  /** Every table holds as many rows in the destination as in the source. */
  matches: boolean;
  /** The destination's full-text indexes rebuilt by this run (SQLite). */
  rebuilt: string[];
}

/** A copy that cannot start: the stores are the same, or their schemas differ. */
export class CopyRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CopyRefusedError';
  }
}

const DEFAULT_BATCH_ROWS = 2_000;
// Bound parameters per INSERT statement: under SQLite's limit (32,766) and PostgreSQL's (65,535).
const PARAMS_PER_STATEMENT = 8_000;

export function copyStore(options: CopyOptions): CopyResult {
  checkBeforeOpening(options.from, options.to);
  const source = openStore(options.from);
  let destination: Db | undefined;
  try {
    destination = openStore(options.to);
    checkSameHistory(source, destination);
    const written = new Map<string, number>();
    for (const table of copiedTables) {
      written.set(table.name, copyTable(source, destination, table, options));
    }
    const changed = new Set([...written].filter(([, rows]) => rows > 0).map(([name]) => name));
    const rebuilt = rebuildSqliteIndexes(destination, changed);
    const tables = copiedTables.map((table) => ({
      table: table.name,
      source: countRows(source, table.name),
      destination: countRows(destination!, table.name),
      written: written.get(table.name) ?? 0,
    }));
    return { tables, matches: tables.every((t) => t.source === t.destination), rebuilt };
  } finally {
    destination?.close();
    source.close();
  }
}

/**
 * Refuses a copy onto itself, from a location that holds no store, and between two stores whose
 * schemas differ (one of them was written by a newer Switchboard: update the other side first).
 * A destination without a store yet is fine: opening it migrates it to the source's schema.
 */
function checkBeforeOpening(from: string, to: string): void {
  if (from === to) throw new CopyRefusedError('The source and the destination are the same store.');
  const source = storedSchemaVersion(from);
  if (source === 0) {
    throw new CopyRefusedError(`${maskLocation(from)} holds no Switchboard store to copy.`);
  }
  const destination = storedSchemaVersion(to);
  if (destination !== 0 && destination !== source) {
    const [newer, older] =
      destination > source ? ['destination', 'source'] : ['source', 'destination'];
    throw new CopyRefusedError(
      `The ${newer} is newer (schema ${Math.max(source, destination)}) than the ${older} ` +
        `(schema ${Math.min(source, destination)}): open the ${older} with the newer ` +
        `Switchboard first, so both have the same schema. Nothing was copied.`,
    );
  }
}

/**
 * Refuses a destination that already holds another store's history: upserts would overwrite its
 * rows with the source's wherever the ids meet. The destination's oldest and newest row of each
 * table with an identity is compared with the source's row of the same id (a row the source no
 * longer has, deleted by retention since an earlier copy, proves nothing either way).
 */
function checkSameHistory(source: Db, destination: Db): void {
  for (const table of copiedTables) {
    if (!table.identity) continue;
    const key = quoted(table.key[0]!);
    const columns = table.identity.map(quoted).join(', ');
    const ends = destination
      .prepare(
        `SELECT ${key} AS k, ${columns} FROM ${quoted(table.name)}
         WHERE ${key} IN ((SELECT MIN(${key}) FROM ${quoted(table.name)}),
                          (SELECT MAX(${key}) FROM ${quoted(table.name)}))`,
      )
      .all() as Row[];
    const read = source.prepare(
      `SELECT ${key} AS k, ${columns} FROM ${quoted(table.name)} WHERE ${key} = ?`,
    );
    for (const theirs of ends) {
      const ours = read.get(theirs.k) as Row | undefined;
      if (!ours || table.identity.every((column) => ours[column] === theirs[column])) continue;
      throw new CopyRefusedError(
        `The destination already holds another store's data (${table.name} ${String(theirs.k)} ` +
          `is not the source's): copy into a new, empty database. Nothing was copied.`,
      );
    }
  }
}

function countRows(db: Db, table: string): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM ${quoted(table)}`).get() as { n: number }).n;
}

type Row = Record<string, unknown>;

/**
 * Copies one table in key order, after what the destination already holds; returns the rows it
 * inserted or changed.
 */
function copyTable(source: Db, destination: Db, table: CopiedTable, options: CopyOptions): number {
  const columns = sharedColumns(source, destination, table);
  const total = countRows(source, table.name);
  const batchRows = options.batchRows ?? DEFAULT_BATCH_ROWS;
  let after = resumePoint(source, destination, table);
  // Restarted tables count from 0: their rows already there are upserted again.
  let copied = after ? countRows(destination, table.name) : 0;
  let written = 0;
  let batch = 0;
  const keyList = table.key.map(quoted).join(', ');
  const select = (from: unknown[] | undefined) =>
    source
      .prepare(
        `SELECT ${columns.map(quoted).join(', ')} FROM ${quoted(table.name)}
         ${from ? `WHERE (${keyList}) > (${table.key.map(() => '?').join(', ')})` : ''}
         ORDER BY ${keyList} LIMIT ${batchRows}`,
      )
      .all(...(from ?? [])) as Row[];
  const insert = inserter(destination, table, columns);
  const inOneTransaction = triggersAside(destination, table.name);
  options.onProgress?.({ table: table.name, copied, total });
  for (let rows = select(after); rows.length > 0; rows = select(after)) {
    inOneTransaction(() => {
      written += insert(rows);
    });
    after = table.key.map((column) => rows.at(-1)![column]);
    copied += rows.length;
    batch += 1;
    options.onProgress?.({ table: table.name, copied, total });
    options.afterBatch?.(table.name, batch);
  }
  advanceSequence(destination, table.name, table.key);
  return written;
}

/**
 * The columns both sides have. With the schema versions equal, a column only one engine has is
 * that engine's own derived data (PostgreSQL's search vectors, kept by a BEFORE trigger that stays
 * on while copying), so it is left for the destination to derive.
 */
function sharedColumns(source: Db, destination: Db, table: CopiedTable): string[] {
  const theirs = new Set(columnsOf(destination, table.name));
  const columns = columnsOf(source, table.name).filter((column) => theirs.has(column));
  if (!table.key.every((column) => columns.includes(column))) {
    throw new CopyRefusedError(
      `The table ${table.name} is missing or keyed differently in the source or the ` +
        'destination: they do not have the same schema. Nothing more was copied.',
    );
  }
  return columns;
}

/**
 * Where to carry on in `table`: after the destination's largest key when what it holds is exactly
 * the source's rows up to that key (a copy killed midway, or one already finished), otherwise from
 * the start (upserts make that safe). Only integer keys resume: text keys sort by each engine's own
 * collation, and the tables keyed by text are small.
 */
function resumePoint(source: Db, destination: Db, table: CopiedTable): unknown[] | undefined {
  const order = table.key.map((column) => `${quoted(column)} DESC`).join(', ');
  const last = destination
    .prepare(
      `SELECT ${table.key.map(quoted).join(', ')} FROM ${quoted(table.name)} ORDER BY ${order} LIMIT 1`,
    )
    .get() as Row | undefined;
  if (!last) return undefined;
  const key = table.key.map((column) => last[column]);
  if (!key.every((value) => typeof value === 'number')) return undefined;
  const upTo = source
    .prepare(
      `SELECT COUNT(*) AS n FROM ${quoted(table.name)}
       WHERE (${table.key.map(quoted).join(', ')}) <= (${table.key.map(() => '?').join(', ')})`,
    )
    .get(...key) as { n: number };
  return upTo.n === countRows(destination, table.name) ? key : undefined;
}

/**
 * Writes a batch as multi-row upserts (a few hundred rows per statement: on PostgreSQL every
 * statement is a round trip to the connection thread); returns the rows inserted or changed. An
 * existing row takes the source's values (rows a migration seeded on the destination end up as
 * the source has them), and only when they differ: a second run writes nothing.
 */
function inserter(db: Db, table: CopiedTable, columns: string[]): (rows: Row[]) => number {
  const perStatement = Math.max(1, Math.floor(PARAMS_PER_STATEMENT / columns.length));
  const keys = new Set(table.key);
  const others = columns.filter((column) => !keys.has(column));
  const existing = `(${others.map((c) => `${quoted(table.name)}.${quoted(c)}`).join(', ')})`;
  const incoming = `(${others.map((c) => `excluded.${quoted(c)}`).join(', ')})`;
  // A one-column row value is a plain value on PostgreSQL, and IS NOT a null test there.
  const differs = byEngine(db, { sqlite: 'IS NOT', postgres: 'IS DISTINCT FROM' });
  const onConflict =
    others.length === 0
      ? 'DO NOTHING'
      : `DO UPDATE SET ${others.map((c) => `${quoted(c)} = excluded.${quoted(c)}`).join(', ')}
         WHERE ${existing} ${differs} ${incoming}`;
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const statementFor = (rows: number) =>
    db.prepare(
      `INSERT INTO ${quoted(table.name)} (${columns.map(quoted).join(', ')})
       VALUES ${Array.from({ length: rows }, () => tuple).join(', ')}
       ON CONFLICT (${table.key.map(quoted).join(', ')}) ${onConflict}`,
    );
  const full = statementFor(perStatement);
  return (rows) => {
    let changes = 0;
    for (let start = 0; start < rows.length; start += perStatement) {
      const slice = rows.slice(start, start + perStatement);
      const values = slice.flatMap((row) => columns.map((column) => portable(row[column])));
      changes += (slice.length === perStatement ? full : statementFor(slice.length)).run(
        ...values,
      ).changes;
    }
    return changes;
  };
}

/**
 * A value read from one engine, as the other binds it: bytes stay a Buffer (both engines read a
 * BLOB/bytea as one), JSON read back as an object goes as its text.
 */
function portable(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'object') return JSON.stringify(value);
  return value;
}
