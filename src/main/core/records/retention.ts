import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { RetentionResult } from '../../../shared/types';
import { mediaRelativePath } from '../media/mediaFiles';
import { audit, type AuditActor } from '../store/audit';
import type { Db } from '../store/database';
import { countExpired, deleteExpired } from '../store/retention';
import { deleteOldWebhookLog } from '../store/webhookLog';

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

const DAY = 86_400_000;
/** Webhook log rows deleted per transaction. */
const SLICE_LOG_ROWS = 2_000;

/**
 * The webhook log's own retention (always on): refused requests after `refusedDays`, accepted
 * ones after `acceptedDays`, in short transactions with pauses for the event loop between them.
 */
export async function pruneWebhookLog(
  db: Db,
  args: { acceptedDays: number; refusedDays: number; now: number },
): Promise<number> {
  let deleted = 0;
  for (;;) {
    const step = db.transaction(() =>
      deleteOldWebhookLog(db, {
        acceptedBefore: args.now - args.acceptedDays * DAY,
        refusedBefore: args.now - args.refusedDays * DAY,
        limit: SLICE_LOG_ROWS,
      }),
    )();
    deleted += step;
    if (step < SLICE_LOG_ROWS) return deleted;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Conversations deleted per transaction: small enough that a slice takes milliseconds. */
const SLICE_CONVERSATIONS = 100;

/**
 * Deletes conversations whose last activity is older than `months`, in slices: one transaction
 * per slice with a pause for the event loop between them, so webhooks are answered while years
 * of history go (one transaction for 300,000 messages held the thread for many seconds). A slice
 * is complete or absent, and what a crash leaves is deleted by the next run. Audited once at the
 * end with the totals.
 */
export async function applyRetention(
  db: Db,
  args: {
    months: number;
    now: number;
    actor: AuditActor;
    sliceConversations?: number;
    /** The media folder: kept files no remaining message refers to are deleted from it. */
    mediaDir?: string;
  },
): Promise<RetentionResult> {
  const cutoff = retentionCutoff(args.now, args.months);
  const slice = args.sliceConversations ?? SLICE_CONVERSATIONS;
  const deleted = { conversations: 0, messages: 0 };
  let mediaFiles = 0;
  for (;;) {
    const step = db.transaction(() => deleteExpired(db, cutoff, slice))();
    deleted.conversations += step.conversations;
    deleted.messages += step.messages;
    // After the commit: a file is never gone while a row still names it.
    if (args.mediaDir !== undefined)
      mediaFiles += removeMediaFiles(args.mediaDir, step.unreferencedMedia);
    if (step.conversations < slice) break;
    await new Promise((resolve) => setImmediate(resolve));
  }
  // Every operator run is audited; a scheduled run only when it deleted something.
  if (args.actor !== 'system' || deleted.conversations > 0) audit(db, {
    actor: args.actor,
    action: 'retention.applied',
    details: { months: args.months, cutoff, ...deleted, ...(mediaFiles > 0 ? { mediaFiles } : {}) },
    now: args.now,
  }); // prettier-ignore
  return { cutoff, ...deleted };
}

/**
 * Deletes the kept files of these hashes, which the committed slice left unreferenced. A picture
 * that arrives again later is downloaded again from the carrier if it still has it.
 */
function removeMediaFiles(mediaDir: string, hashes: readonly string[]): number {
  for (const sha256 of hashes) rmSync(join(mediaDir, mediaRelativePath(sha256)), { force: true });
  return hashes.length;
}
