import type { Database } from 'better-sqlite3';

export interface Migration {
  /** Numbered in steps of 10 so a fix can slot in between; stored in PRAGMA user_version. */
  version: number;
  name: string;
  up(db: Database): void;
}
