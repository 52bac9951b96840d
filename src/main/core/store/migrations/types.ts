import type { Database } from 'better-sqlite3';

export interface Migration {
  /** Numbered in steps of 10 so a fix can slot in between; stored in PRAGMA user_version. */
  version: number;
  name: string;
  /** The step on SQLite. */
  up(db: Database): void;
  /**
   * The same step on PostgreSQL, as SQL text. Migrations up to the PostgreSQL baseline
   * (`postgres/baseline.ts`, the schema as it stood when the second engine arrived) have none: a
   * new PostgreSQL database starts from the baseline. Every later migration has both halves
   * (checked by test/store/migrations.test.ts).
   */
  postgres?: string;
}
