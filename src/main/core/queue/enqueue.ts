import type { Db } from '../store/database';
import { insertJob } from '../store/jobs';
import { jobKinds, type JobKind, type JobPayload } from './jobKinds';

/**
 * Adds a job of a known kind. Call it inside the transaction that writes the row that causes the
 * job, so both commit or neither does. Returns undefined when the dedupe key was already used.
 */
export function enqueueJob<K extends JobKind>(
  db: Db,
  kind: K,
  payload: JobPayload<K>,
  options: { now: number; dedupeKey?: string; runAfter?: number },
): number | undefined {
  const spec = jobKinds[kind];
  return insertJob(db, {
    kind,
    payload: spec.payload.parse(payload),
    dedupeKey: options.dedupeKey,
    runAfter: options.runAfter ?? options.now,
    maxAttempts: spec.maxAttempts,
    now: options.now,
  });
}
