import { closeSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import { makePrivate, PRIVATE_FILE_MODE } from '../privateFiles';
import type { Database as SqliteDb } from 'better-sqlite3';
import { migrations as allMigrations, type Migration } from './migrations';
import { migratePostgres } from './postgres/migrate';
import { PostgresDb } from './postgres/postgresDb';
import { schemaDifferences } from './schemaCheck';

export type { SqliteDb };
export { isTransientConflict } from './postgres/postgresDb';

/** A prepared statement: the calls the repositories make, the same on both engines. */
export interface Statement<Params extends unknown[] = unknown[], Row = unknown> {
  get(...params: Params): Row | undefined;
  all(...params: Params): Row[];
  run(...params: Params): { changes: number; lastInsertRowid: number | bigint };
  iterate(...params: Params): IterableIterator<Row>;
}

/**
 * The store's connection on either engine: better-sqlite3's `Database` on the laptop, a
 * `PostgresDb` on a hub. Both are synchronous (docs/ARCHITECTURE.md, "Two engines"), so every
 * repository function and unit of work is one implementation. Code that needs SQLite itself
 * (pragmas, backups, reader files) takes `SqliteDb`.
 */
export interface Db {
  prepare(text: string): Statement;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- better-sqlite3's own constraint
  transaction<F extends (...args: any[]) => unknown>(
    fn: F,
  ): (...args: ArgumentTypes<F>) => ReturnType<F>;
  exec(text: string): unknown;
  readonly inTransaction: boolean;
  close(): unknown;
}

/** better-sqlite3's spelling of Parameters<F>, so its Database is assignable to Db. */
export type ArgumentTypes<F> = F extends (...args: infer A) => unknown ? A : never;

export type Engine = 'sqlite' | 'postgres';

export function engineOf(db: Db): Engine {
  return db instanceof PostgresDb ? 'postgres' : 'sqlite';
}

/** The statement text for this engine, where the two truly differ (full-text search, mostly). */
export function byEngine(db: Db, texts: Record<Engine, string>): string {
  return texts[engineOf(db)];
}

/** Whether a store location names a PostgreSQL database (a hub) rather than a SQLite file. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//.test(location);
}

export class DatabaseTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `This data file was written by a newer version of Switchboard (schema ${found}, this ` +
        `version understands up to ${supported}). Update Switchboard to open it; the file was ` +
        `left untouched.`,
    );
    this.name = 'DatabaseTooNewError';
  }
}

/** A data file whose tables, indexes, triggers or views are not exactly the ones we make. */
export class ForeignSchemaError extends Error {
  constructor(readonly differences: string[]) {
    super(
      `This data file was changed outside Switchboard, so it is not opened: ` +
        `${differences.slice(0, 5).join('; ')}. The file was left untouched; restore a backup ` +
        `or move the file away to start with an empty store.`,
    );
    this.name = 'ForeignSchemaError';
  }
}

export interface OpenOptions {
  /** Migrations to apply; tests pass a prefix to check each step. */
  migrations?: readonly Migration[];
  /**
   * Path of the better-sqlite3 native addon. Electron needs its own build (a different ABI); the
   * start script builds it into .native/ and passes it through SWITCHBOARD_SQLITE_BINDING, so the
   * copy in node_modules stays the one Node and the tests use.
   */
  nativeBinding?: string;
}

/**
 * Opens (or creates) the store. WAL with synchronous=FULL: every commit is fsynced, so what we
 * acknowledged survives a power cut, not just a crash. Group commit (see webhooks/groupCommit)
 * keeps that affordable.
 */
export function openDatabase(path: string, options: OpenOptions = {}): SqliteDb {
  const nativeBinding = options.nativeBinding ?? process.env.SWITCHBOARD_SQLITE_BINDING;
  // SQLite creates files 0644 and gives -wal/-shm the main file's mode: create it 0600 first.
  if (path !== ':memory:') {
    closeSync(openSync(path, 'a', PRIVATE_FILE_MODE));
    makePrivate(path, `${path}-wal`, `${path}-shm`);
  }
  const db = new Database(path, nativeBinding ? { nativeBinding } : {});
  try {
    // Before anything writes to it (even the WAL switch): a file we did not make stays as it was,
    // and a foreign trigger never fires on our next write.
    const current = schemaVersion(db);
    if (current > 0 && current <= (allMigrations.at(-1)?.version ?? 0)) {
      const differences = schemaDifferences(db, current);
      if (differences.length > 0) throw new ForeignSchemaError(differences);
    }
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // Statement journals and sorts stay in memory instead of temp files (measured: BENCHMARKS.md).
    db.pragma('temp_store = MEMORY');
    migrate(db, options.migrations ?? allMigrations);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * A read-only connection to the live store, for reader threads and exports. WAL lets it read a
 * consistent snapshot beside the writer without ever blocking it. (Not `query_only`: it would also
 * refuse `VACUUM INTO`, which writes only its own new file.)
 */
export function openReader(
  path: string,
  options: Pick<OpenOptions, 'nativeBinding'> = {},
): SqliteDb {
  const nativeBinding = options.nativeBinding ?? process.env.SWITCHBOARD_SQLITE_BINDING;
  const db = new Database(path, {
    readonly: true,
    fileMustExist: true,
    ...(nativeBinding ? { nativeBinding } : {}),
  });
  db.pragma('busy_timeout = 5000');
  db.pragma('temp_store = MEMORY');
  return db;
}

/**
 * A connection for a reader thread: read-only on the SQLite file, or a plain connection to a
 * hub's PostgreSQL database (its readers see committed rows only, as on SQLite with WAL).
 */
export function openReadConnection(location: string): Db {
  return isPostgresUrl(location) ? new PostgresDb(location) : openReader(location);
}

/**
 * Opens the store on PostgreSQL (a hub): one connection, migrated to the code's schema. Several
 * processes may open the same database at once; migrations take a lock so one applies them.
 */
export function openPostgres(
  url: string,
  options: Pick<OpenOptions, 'migrations'> = {},
): PostgresDb {
  const db = new PostgresDb(url);
  try {
    migratePostgres(db, options.migrations ?? allMigrations);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** The store at `location`: a PostgreSQL URL (a hub) or the path of the laptop's SQLite file. */
export function openStore(location: string, options: OpenOptions = {}): Db {
  return isPostgresUrl(location)
    ? openPostgres(location, options)
    : openDatabase(location, options);
}

export function schemaVersion(db: SqliteDb): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies pending migrations, each in its own transaction; refuses a database newer than the code. */
export function migrate(db: SqliteDb, migrations: readonly Migration[]): void {
  const latest = migrations.at(-1)?.version ?? 0;
  const current = schemaVersion(db);
  if (current > latest) throw new DatabaseTooNewError(current, latest);
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}

/**
 * Runs `work` (its own transaction or autocommitted statements) with commits that are written to
 * the WAL but not fsynced. The WAL is append-only, so they become durable with the next fsynced
 * commit (the next webhook batch or operator command), and a power cut can only drop the newest
 * of them, never leave a gap. Only for writes that may be lost without harm: queue bookkeeping and
 * what a job derives, because a job whose completion is lost simply runs again (handlers are
 * idempotent). Each skipped fsync is ~0.2–0.5 ms during which the event loop, and with it every
 * webhook waiting for its answer, would stand still (BENCHMARKS.md).
 */
export function withoutFsync<T>(db: Db, work: () => T): T {
  // Inside a caller's transaction the caller's commit decides; the pragma may not change there.
  // On PostgreSQL every commit is the server's to make durable (a hub's WAL is its business).
  if (db.inTransaction || engineOf(db) === 'postgres') return work();
  sql(db, 'PRAGMA synchronous = NORMAL').run();
  try {
    return work();
  } finally {
    sql(db, 'PRAGMA synchronous = FULL').run();
  }
}

const statementCache = new WeakMap<Db, Map<string, Statement>>();

/**
 * A prepared statement, compiled once per connection. Repositories call this with literal SQL, so
 * the cache stays small and the hot path never re-parses.
 */
export function sql<Params extends unknown[] = unknown[], Row = unknown>(
  db: Db,
  text: string,
): Statement<Params, Row> {
  let cache = statementCache.get(db);
  if (!cache) {
    cache = new Map();
    statementCache.set(db, cache);
  }
  let statement = cache.get(text);
  if (!statement) {
    statement = db.prepare(text);
    cache.set(text, statement);
  }
  return statement as Statement<Params, Row>;
}
