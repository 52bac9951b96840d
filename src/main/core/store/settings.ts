import { sql, type Db } from './database';

/** Non-secret settings only: secrets live in the OS keychain (desktop) or the environment. */
export function getSetting(db: Db, key: string): unknown {
  const row = sql<[string], { value: string }>(db, 'SELECT value FROM settings WHERE key = ?').get(
    key,
  );
  return row === undefined ? undefined : (JSON.parse(row.value) as unknown);
}

export function setSetting(db: Db, key: string, value: unknown, now: number): void {
  sql(
    db,
    `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  ).run(key, JSON.stringify(value), now);
}
