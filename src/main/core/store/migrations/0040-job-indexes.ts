import type { Migration } from './types';

/**
 * The worker asks "what of MY kinds is runnable?" on every wake-up. With only (state, run_after)
 * indexed, that walked every runnable job of every kind; per-kind ranges keep it constant as the
 * table grows (measured in BENCHMARKS.md).
 */
export const migration0040: Migration = {
  version: 40,
  name: 'job indexes per kind',
  up(db) {
    db.exec(`
      CREATE INDEX jobs_by_kind ON jobs (kind, state, run_after);
      CREATE INDEX jobs_leases ON jobs (kind, state, lease_expires_at) WHERE state = 'running';
    `);
  },
};
