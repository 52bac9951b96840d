import type { DeadJob, QueueStats } from '../../../shared/types';
import { engineOf, sql, type Db } from './database';

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
 * Leases up to `limit` runnable jobs of the given kinds: running ones whose lease expired (their
 * worker died) first, then queued ones whose time has come, oldest first. Counting the attempt
 * here means a job that crashes its worker every time still ends dead instead of looping forever.
 *
 * Each half is its own statement so that SQLite walks the per-kind index (migration 0040) in
 * order and stops after `limit` rows. One statement over both halves had to sort every runnable
 * job before taking the first few: with a backlog of 20,000 drafts that sort was 14 % of the CPU
 * during an ingest burst (BENCHMARKS.md).
 */
export function leaseJobs(
  db: Db,
  args: { kinds: readonly string[]; owner: string; now: number; leaseMs: number; limit: number },
): JobRow[] {
  if (engineOf(db) === 'postgres') return leaseSharedJobs(db, args);
  const leased: JobRow[] = [];
  const until = args.now + args.leaseMs;
  for (const kind of args.kinds) {
    for (const runnable of [expiredLeases, dueJobs]) {
      const room = args.limit - leased.length;
      if (room <= 0) return leased.sort((a, b) => a.id - b.id);
      leased.push(
        ...sql<unknown[], JobRow>(
          db,
          `UPDATE jobs
           SET state = 'running', attempts = attempts + 1, lease_owner = ?, lease_expires_at = ?,
               updated_at = ?
           WHERE id IN (${runnable} LIMIT ?)
           RETURNING ${jobColumns}`,
        ).all(args.owner, until, args.now, kind, args.now, room),
      );
    }
  }
  return leased.sort((a, b) => a.id - b.id);
}

// Both read one index range in index order (kind = ? AND state = ? AND <time> <= ?).
const expiredLeases = `SELECT id FROM jobs WHERE kind = ? AND state = 'running'
  AND lease_expires_at <= ? ORDER BY lease_expires_at, id`;
const dueJobs = `SELECT id FROM jobs WHERE kind = ? AND state = 'queued' AND run_after <= ?
  ORDER BY run_after, id`;

/**
 * The same walk on PostgreSQL, where several processes lease from one table at once and every
 * statement is a round trip the event loop waits for: ONE statement, a UNION ALL of the same
 * per-kind index ranges in the same order, which PostgreSQL reads one after the other and stops
 * reading once `limit` ids are picked. Each range locks its rows as it picks them (`FOR UPDATE
 * SKIP LOCKED`): a row another worker is taking right now is passed over instead of waited for,
 * one that changed meanwhile is checked again, so each job goes to exactly one worker. `ARRAY(…)`
 * picks once; an `IN (…)` sub-select may be run again by the join and lock more than `limit`.
 */
function leaseSharedJobs(
  db: Db,
  args: { kinds: readonly string[]; owner: string; now: number; leaseMs: number; limit: number },
): JobRow[] {
  if (args.kinds.length === 0 || args.limit <= 0) return [];
  const params = {
    ...kindParams(args.kinds),
    owner: args.owner,
    until: args.now + args.leaseMs,
    now: args.now,
    limit: args.limit,
  };
  return sql<[Record<string, unknown>], JobRow>(db, sharedLeaseText(args.kinds.length))
    .all(params)
    .sort((a, b) => a.id - b.id);
}

/** `@kind0…@kindN` for the statements that read every kind's index range in one round trip. */
function kindParams(kinds: readonly string[]): Record<string, string> {
  return Object.fromEntries(kinds.map((kind, i) => [`kind${i}`, kind]));
}

function sharedLeaseText(kinds: number): string {
  const ranges: string[] = [];
  for (let i = 0; i < kinds; i++) {
    ranges.push(
      `SELECT id FROM (SELECT id FROM jobs WHERE kind = @kind${i} AND state = 'running'
         AND lease_expires_at <= @now ORDER BY lease_expires_at, id
         LIMIT @limit FOR UPDATE SKIP LOCKED) AS expired${i}`,
      `SELECT id FROM (SELECT id FROM jobs WHERE kind = @kind${i} AND state = 'queued'
         AND run_after <= @now ORDER BY run_after, id
         LIMIT @limit FOR UPDATE SKIP LOCKED) AS due${i}`,
    );
  }
  return `UPDATE jobs
    SET state = 'running', attempts = attempts + 1, lease_owner = @owner,
        lease_expires_at = @until, updated_at = @now
    WHERE id = ANY (ARRAY(${ranges.join('\n    UNION ALL ')} LIMIT @limit))
    RETURNING ${jobColumns}`;
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
  // CAST: PostgreSQL cannot tell a parameter's type from `? IS NULL` alone.
  return (
    sql(
      db,
      `UPDATE jobs
       SET state = CASE WHEN CAST(? AS BIGINT) IS NULL THEN 'dead' ELSE 'queued' END,
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
  return sql<
    [],
    { id: number; kind: string; attempts: number; last_error: string | null; updated_at: number }
  >(
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
  // An index range over the live states: done jobs (the bulk of the table) are never read.
  const rows = sql<[], { state: JobState; n: number }>(
    db,
    `SELECT state, COUNT(*) AS n FROM jobs WHERE state IN ('queued', 'running', 'dead')
     GROUP BY state`,
  ).all();
  const stats: QueueStats = { queued: 0, running: 0, dead: 0 };
  for (const row of rows) if (row.state !== 'done') stats[row.state] = row.n;
  return stats;
}

/** When the next job of these kinds becomes runnable, so an idle worker can sleep until then. */
export function nextRunAt(db: Db, kinds: readonly string[]): number | null {
  if (engineOf(db) === 'postgres') return nextSharedRunAt(db, kinds);
  let next: number | null = null;
  for (const kind of kinds) {
    const row = sql<[string, string], { queued: number | null; lease: number | null }>(
      db,
      `SELECT
         (SELECT MIN(run_after) FROM jobs WHERE kind = ? AND state = 'queued') AS queued,
         (SELECT MIN(lease_expires_at) FROM jobs WHERE kind = ? AND state = 'running') AS lease`,
    ).get(kind, kind);
    for (const at of [row?.queued ?? null, row?.lease ?? null]) {
      if (at !== null && (next === null || at < next)) next = at;
    }
  }
  return next;
}

/** The same on PostgreSQL in one round trip: each kind's two minimums read off its indexes. */
function nextSharedRunAt(db: Db, kinds: readonly string[]): number | null {
  if (kinds.length === 0) return null;
  const times = kinds.map(
    (_, i) =>
      `SELECT (SELECT MIN(run_after) FROM jobs WHERE kind = @kind${i} AND state = 'queued') AS at
       UNION ALL
       SELECT (SELECT MIN(lease_expires_at) FROM jobs WHERE kind = @kind${i} AND state = 'running')`,
  );
  const params = kindParams(kinds);
  const row = sql<[Record<string, string>], { next: number | null }>(
    db,
    `SELECT MIN(at) AS next FROM (${times.join('\n       UNION ALL ')}) AS times`,
  ).get(params);
  return row?.next ?? null;
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
