import type { RetentionResult } from '../../../shared/types';
import { audit, type AuditActor } from '../store/audit';
import type { Db } from '../store/database';
import { countExpired, deleteExpired } from '../store/retention';

/** The start of the day-of-month `months` before `now` (UTC), the retention cutoff. */
export function retentionCutoff(now: number, months: number): number {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.getTime();
}

export function previewRetention(db: Db, months: number, now: number): RetentionResult {
  const cutoff = retentionCutoff(now, months);
  return { cutoff, ...countExpired(db, cutoff) };
}

/** Deletes conversations whose last activity is older than `months`, in one audited transaction. */
export function applyRetention(
  db: Db,
  args: { months: number; now: number; actor: AuditActor },
): RetentionResult {
  const cutoff = retentionCutoff(args.now, args.months);
  return db.transaction(() => {
    const deleted = deleteExpired(db, cutoff);
    // Every operator run is audited; a scheduled run only when it deleted something.
    if (args.actor !== 'system' || deleted.conversations > 0) audit(db, {
      actor: args.actor,
      action: 'retention.applied',
      details: { months: args.months, cutoff, ...deleted },
      now: args.now,
    }); // prettier-ignore
    return { cutoff, ...deleted };
  })();
}
