/**
 * "Work was queued", told to every hub process: a statement that inserts jobs notifies
 * `JOBS_ADDED_CHANNEL`, and each process's notify channel (notifyChannel.ts) wakes its worker.
 *
 * A trigger rather than a call beside each enqueue, so no enqueue path can forget it and SQLite's
 * hot path gains nothing (it never runs there). `pg_notify` inside a transaction is delivered at
 * its commit and never after a rollback, so a worker never wakes for jobs it cannot see yet; the
 * same notification twice in one transaction is delivered once, so a batch of jobs costs one wake.
 *
 * Part of the PostgreSQL baseline (baseline.ts), after the `jobs` table. Idempotent, so running
 * it twice changes nothing.
 */

/** The channel a statement inserting jobs notifies (payload: empty). */
export const JOBS_ADDED_CHANNEL = 'switchboard_jobs';

export const jobsAddedTriggerSql = `
CREATE OR REPLACE FUNCTION switchboard_jobs_added() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM pg_notify('${JOBS_ADDED_CHANNEL}', '');
  RETURN NULL;
END
$fn$;
DROP TRIGGER IF EXISTS jobs_added ON jobs;
CREATE TRIGGER jobs_added AFTER INSERT ON jobs
  FOR EACH STATEMENT EXECUTE FUNCTION switchboard_jobs_added();
`;
