import { afterAll, describe, inject } from 'vitest';
import {
  openDatabase,
  openPostgres,
  type Db,
  type Engine,
} from '../../src/main/core/store/database';
import type { Migration } from '../../src/main/core/store/migrations';
import { PostgresDb } from '../../src/main/core/store/postgres/postgresDb';

/**
 * The two engines a store suite runs on: `describe.each(storeEngines)('… on $name', ({ open }) =>
 * …)`. SQLite opens in memory; PostgreSQL gets a fresh database in the run's throwaway cluster
 * (test/support/postgresGlobalSetup.ts), copied from a migrated template so each test starts from
 * the same empty store in milliseconds. Without PostgreSQL's server binaries the PostgreSQL half
 * is skipped, and says why.
 */
export interface StoreEngine {
  name: Engine;
  /** Why this engine cannot run here, or undefined when it can. */
  skip: string | undefined;
  /** A new, empty, fully migrated store (or migrated up to `migrations`' last step). */
  open: (migrations?: readonly Migration[]) => Db;
}

const provided = inject('postgres');
const opened: Db[] = [];
const databases: string[] = [];
let admin: PostgresDb | undefined;
let template: string | undefined;

function adminConnection(): PostgresDb {
  if (!('url' in provided)) throw new Error(provided.missing);
  return (admin ??= new PostgresDb(provided.url));
}

function urlFor(database: string): string {
  if (!('url' in provided)) throw new Error(provided.missing);
  return provided.url.replace(/\/[^/]*$/, `/${database}`);
}

let counter = 0;
function newDatabaseName(): string {
  return `sb_${process.pid}_${++counter}`;
}

function freshPostgres(migrations?: readonly Migration[]): Db {
  const name = newDatabaseName();
  if (migrations) {
    adminConnection().exec(`CREATE DATABASE ${name}`);
    databases.push(name);
    return track(openPostgres(urlFor(name), { migrations }));
  }
  if (!template) {
    const candidate = newDatabaseName();
    adminConnection().exec(`CREATE DATABASE ${candidate}`);
    databases.push(candidate);
    openPostgres(urlFor(candidate)).close();
    template = candidate;
  }
  adminConnection().exec(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  databases.push(name);
  return track(openPostgres(urlFor(name)));
}

function track(db: Db): Db {
  opened.push(db);
  return db;
}

afterAll(() => {
  for (const db of opened.splice(0)) db.close();
  if (!admin) return;
  for (const name of databases.splice(0))
    admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  admin.close();
  admin = undefined;
  template = undefined;
});

export const storeEngines: StoreEngine[] = [
  {
    name: 'sqlite',
    skip: undefined,
    open: (migrations) => track(openDatabase(':memory:', migrations ? { migrations } : {})),
  },
  {
    name: 'postgres',
    skip: 'missing' in provided ? provided.missing : undefined,
    open: freshPostgres,
  },
];

/** A fresh PostgreSQL database's URL (for tests that start processes against it). */
export function freshPostgresUrl(): string {
  const name = newDatabaseName();
  adminConnection().exec(`CREATE DATABASE ${name}`);
  databases.push(name);
  return urlFor(name);
}

/**
 * `describe` once per engine. A skipped PostgreSQL half says why in its title, so the run's
 * report shows it plainly.
 */
export function describeOnEngines(title: string, body: (engine: StoreEngine) => void): void {
  for (const engine of storeEngines) {
    const label = engine.skip
      ? `${title} on ${engine.name} (skipped: ${engine.skip})`
      : `${title} on ${engine.name}`;
    describe.skipIf(engine.skip !== undefined)(label, () => body(engine));
  }
}
