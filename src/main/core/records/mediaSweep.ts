/**
 * The media folder kept tidy: deletes kept files that no message names any more (a crash between
 * retention's commit and its file deletion, a restore that brought back an older store, a file
 * stored just before its message was deleted). Runs on a reader thread (threads/readOps.ts) at
 * start and daily with the records scheduler.
 *
 * Never a file being written: downloads in progress are `incoming-*.part` files at the top of the
 * folder, which the sweep never looks at; and a file renamed to its hash a moment before its row
 * commits is younger than the grace period, so it is left for the next sweep. Backups need
 * nothing from here: each backup folder holds its own links or copies (records/backupMedia.ts).
 */
import { rmSync, statSync } from 'node:fs';
import { hashedFiles } from './backupMedia';
import type { Db } from '../store/database';
import { listKeptMediaFiles } from '../store/messageMedia';

/** Files younger than this are never swept: their row may not have committed yet. */
export const MEDIA_SWEEP_GRACE_MS = 6 * 3_600_000;

export function sweepMediaFolder(
  db: Db,
  args: {
    mediaDir: string;
    graceMs: number;
    /** The file system's clock (Date.now()), which file times are on, not the app's. */
    fileNow: number;
  },
): { removed: number; removedBytes: number } {
  // The references first: a row committed after this read belongs to a file within the grace.
  const named = new Set(listKeptMediaFiles(db).map((file) => file.sha256));
  let removed = 0;
  let removedBytes = 0;
  for (const file of hashedFiles(args.mediaDir)) {
    if (named.has(file.sha256)) continue;
    let stat;
    try {
      stat = statSync(file.path);
    } catch {
      continue; // gone meanwhile (retention)
    }
    if (args.fileNow - stat.mtimeMs < args.graceMs) continue;
    rmSync(file.path, { force: true });
    removed += 1;
    removedBytes += stat.size;
  }
  return { removed, removedBytes };
}
