import type { DeadJob, QueueStats } from '../../../shared/types';
import { sql, type Db } from './database';

export type JobState = 'queued' | 'running' | 'done' | 'dead';

export interface JobRow {
  id: number;
  kind: string;
  payload: string;
  state: JobState;
  attempts: number;
  max_attempts: number;
  run_after: number;
  lease_owner: string | null;
  lease_expires_at: number | null;
  last_error: string | null;
  dedupe_key: string | null;
}

const jobColumns = `id, kind, payload, state, attempts, max_attempts, run_after, lease_owner,
  lease_expires_at, last_error, dedupe_key`;

/**
 * Adds a job. Call it inside the transaction that writes the row causing the job, so the two
 * commit together. Returns the id, or undefined when a job with the same dedupe key exists (ever).
 */
export function insertJob(
  db: Db,
  j: {
    kind: string;
    payload: unknown;
    dedupeKey?: string | undefined;
    runAfter: number;
    maxAttempts: number;
    now: number;
  },
): number | undefined {
  const row = sql<unknown[], { id: number }>(
    db,
    `INSERT INTO jobs (kind, payload, state, max_attempts, run_after, dedupe_key, created_at, updated_at)
     VALUES (?, ?, 'queued', ?, ?, ?, ?, ?)
     ON CONFLICT (dedupe_key) DO NOTHING
     RETURNING id`,
  ).get(
    j.kind,
    JSON.stringify(j.payload),
    j.maxAttempts,
    j.runAfter,
    j.dedupeKey ?? null,
    j.now,
    j.now,
  );
  return row?.id;
}

/**
 * Leases up to `limit` runnable jobs of the given kinds: queued ones whose time has come, and
 * running ones whose lease expired (their worker died). Counting the attempt here means a job that
 * crashes its worker every time still ends dead instead of looping forever.
 */
export function leaseJobs(
  db: Db,
  args: { kinds: readonly string[]; owner: string; now: number; leaseMs: number; limit: number },
): JobRow[] {
  if (args.kinds.length === 0) return [];
  const kinds = JSON.stringify(args.kinds);
  return sql<unknown[], JobRow>(
    db,
    `UPDATE jobs
     SET state = 'running', attempts = attempts + 1, lease_owner = ?, lease_expires_at = ?,
         updated_at = ?
     WHERE id IN (
       SELECT id FROM jobs
       WHERE kind IN (SELECT value FROM json_each(?))
         AND ((state = 'queued' AND run_after <= ?) OR (state = 'running' AND lease_expires_at <= ?))
       ORDER BY run_after, id
       LIMIT ?)
     RETURNING ${jobColumns}`,
  )
    .all(args.owner, args.now + args.leaseMs, args.now, kinds, args.now, args.now, args.limit)
    .sort((a, b) => a.id - b.id);
}

/** Extends a lease still held by `owner`; false means it was lost (expired and taken). */
export function renewLease(
  db: Db,
  args: { id: number; owner: string; now: number; leaseMs: number },
): boolean {
  return (
    sql(
      db,
      `UPDATE jobs SET lease_expires_at = ?, updated_at = ?
       WHERE id = ? AND state = 'running' AND lease_owner = ?`,
    ).run(args.now + args.leaseMs, args.now, args.id, args.owner).changes === 1
  );
}

export function completeJob(db: Db, args: { id: number; owner: string; now: number }): boolean {
  return (
    sql(
      db,
      `UPDATE jobs SET state = 'done', lease_owner = NULL, lease_expires_at = NULL, last_error = NULL,
         updated_at = ?
       WHERE id = ? AND state = 'running' AND lease_owner = ?`,
    ).run(args.now, args.id, args.owner).changes === 1
  );
}

/** Puts a failed job back for a later attempt, or marks it dead. */
export function failJob(
  db: Db,
  args: { id: number; owner: string; now: number; error: string; retryAt: number | null },
): boolean {
  return (
    sql(
      db,
      `UPDATE jobs
       SET state = CASE WHEN ? IS NULL THEN 'dead' ELSE 'queued' END,
           run_after = COALESCE(?, run_after), last_error = ?, lease_owner = NULL,
           lease_expires_at = NULL, updated_at = ?
       WHERE id = ? AND state = 'running' AND lease_owner = ?`,
    ).run(args.retryAt, args.retryAt, args.error, args.now, args.id, args.owner).changes === 1
  );
}

/** The operator's "retry" on a dead job: a fresh set of attempts, now. */
export function requeueDeadJob(db: Db, args: { id: number; now: number }): boolean {
  return (
    sql(
      db,
      `UPDATE jobs SET state = 'queued', attempts = 0, run_after = ?, updated_at = ?
       WHERE id = ? AND state = 'dead'`,
    ).run(args.now, args.now, args.id).changes === 1
  );
}

export function getJob(db: Db, id: number): JobRow | undefined {
  return sql<[number], JobRow>(db, `SELECT ${jobColumns} FROM jobs WHERE id = ?`).get(id);
}

export function listDeadJobs(db: Db): DeadJob[] {
  return sql<[], { id: number; kind: string; attempts: number; last_error: string | null; updated_at: number }>(
    db,
    `SELECT id, kind, attempts, last_error, updated_at FROM jobs WHERE state = 'dead'
     ORDER BY updated_at DESC LIMIT 500`,
  )
    .all()
    .map((r) => ({
      id: r.id,
      kind: r.kind,
      attempts: r.attempts,
      lastError: r.last_error,
      updatedAt: r.updated_at,
    }));
}

export function queueStats(db: Db): QueueStats {
  const rows = sql<[], { state: JobState; n: number }>(
    db,
    `SELECT state, COUNT(*) AS n FROM jobs WHERE state <> 'done' GROUP BY state`,
  ).all();
  const stats: QueueStats = { queued: 0, running: 0, dead: 0 };
  for (const row of rows) if (row.state !== 'done') stats[row.state] = row.n;
  return stats;
}

/** When the next queued job becomes runnable, so an idle worker can sleep until then. */
export function nextRunAt(db: Db, kinds: readonly string[]): number | null {
  return (
    sql<[string], { at: number | null }>(
      db,
      `SELECT MIN(CASE WHEN state = 'queued' THEN run_after ELSE lease_expires_at END) AS at
       FROM jobs WHERE state IN ('queued', 'running') AND kind IN (SELECT value FROM json_each(?))`,
    ).get(JSON.stringify(kinds))?.at ?? null
  );
}

/** Owners that currently hold leases (to find the ones whose process died). */
export function listLeaseOwners(db: Db): string[] {
  return sql<[], { lease_owner: string }>(
    db,
    `SELECT DISTINCT lease_owner FROM jobs WHERE state = 'running' AND lease_owner IS NOT NULL`,
  )
    .all()
    .map((r) => r.lease_owner);
}

/** Makes a dead worker's jobs runnable now instead of when their leases expire. */
export function releaseLeases(db: Db, args: { owner: string; now: number }): number {
  return sql(
    db,
    `UPDATE jobs SET state = 'queued', run_after = ?, lease_owner = NULL, lease_expires_at = NULL,
       updated_at = ?
     WHERE state = 'running' AND lease_owner = ?`,
  ).run(args.now, args.now, args.owner).changes;
}
