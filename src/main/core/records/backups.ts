/**
 * Backups and restore.
 *
 * A backup is `VACUUM INTO` on a reader thread's read-only connection: one read transaction, so
 * the copy is a consistent snapshot even in the middle of a webhook burst, and compacted (only
 * live pages, no free space carried seven times over). Copying, the integrity check and the fsync
 * all run on that thread: at a million messages they take tens of seconds, and on the main thread
 * they held webhook acknowledgements past Twilio's 15 s limit (BENCHMARKS.md, scale). The copy is
 * written as `.part`, made self-contained (rollback journal, no -wal beside it), checked, and only
 * then renamed into place.
 *
 * Restore never swaps the file under an open connection. The app stages a verified copy as
 * `restore-pending.db` in the data folder and asks for a restart; on the next start, before the
 * store opens, `applyPendingRestore` moves the current files aside (kept, never deleted) and puts
 * the staged copy in their place. `restoreBackup` does both steps for a data folder that is closed.
 */
import { Refusal } from '../domain/refusal';
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statfsSync, statSync } from 'node:fs'; // prettier-ignore
import { basename, dirname, join } from 'node:path';
import type { BackupInfo, BackupVerdict } from '../../../shared/types';
import {
  checkBackupFile,
  makeSelfContained,
  vacuumInto,
  type BackupFileCheck,
} from '../store/backupFiles';
import { dataPaths } from '../dataPaths';
import {
  applyStagedMedia,
  carryMedia,
  checkBackupMedia,
  manifestPathOf,
  mediaSummary,
  pruneBackupMedia,
  sharedMediaBytes,
  stageBackupMedia,
} from './backupMedia';
import { makePrivate, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../privateFiles';
import { engineOf, type Db, type SqliteDb } from '../store/database';
import type { Readers } from '../threads/readerPool';

const backupName = /^switchboard-backup-(\d{8})-(\d{6})-(\d{3})\.db$/;

const stampOf = (ms: number) => {
  const iso = new Date(ms).toISOString(); // 2026-11-21T21:19:24.123Z
  return `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}-${iso.slice(20, 23)}`;
};

const timeOf = (name: string): number | null => {
  const m = backupName.exec(name);
  if (!m) return null;
  const [, d, t, ms] = m as unknown as [string, string, string, string];
  return Date.parse(
    `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4, 6)}.${ms}Z`,
  );
};

function fsyncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The copy failed its own checks: the operator reads which (a Refusal, not a fault). */
export class BackupFailed extends Refusal {
  override name = 'BackupFailed';
}

/**
 * Writes a compacted, self-contained, checked and fsynced copy of the store read through `db` to
 * `part`. Runs on a reader thread (threads/readOps.ts); returns the check of the copy.
 */
export function snapshotInto(db: Db, part: string): BackupFileCheck {
  if (engineOf(db) === 'postgres') {
    throw new Error(
      "A hub's backups are PostgreSQL's business (pg_dump, point-in-time recovery); Switchboard " +
        'backs up only the SQLite store of a laptop',
    );
  }
  // VACUUM INTO accepts an empty file: creating it first makes the copy private (0600).
  closeSync(openSync(part, 'wx', PRIVATE_FILE_MODE));
  vacuumInto(db as SqliteDb, part);
  makeSelfContained(part);
  const check = checkBackupFile(part);
  if (check.problems.length === 0) fsyncFile(part);
  return check;
}

export interface SnapshotOutcome {
  check: BackupFileCheck;
  mediaFiles: number;
  mediaBytes: number;
}

/**
 * The snapshot, and then the attachments it names carried beside it (records/backupMedia.ts)
 * with its manifest, before `takeBackup` renames it into place. Runs on a reader thread.
 */
export function snapshotWithMedia(
  db: Db,
  args: { part: string; path: string; mediaDir?: string | undefined },
): SnapshotOutcome {
  const check = snapshotInto(db, args.part);
  if (check.problems.length > 0 || args.mediaDir === undefined) {
    return { check, mediaFiles: 0, mediaBytes: 0 };
  }
  return {
    check,
    ...carryMedia({ snapshot: args.part, backupPath: args.path, mediaDir: args.mediaDir }),
  };
}

/**
 * Takes a backup into `folder` now; keeps the newest `keep` backups there (ours only). With
 * `readers` the copy is made on a thread of its own; without (tests), on `db` itself.
 */
export async function takeBackup(
  db: Db,
  args: {
    folder: string;
    now: number;
    keep?: number;
    /** With `keep`: older backups also go while the kept ones take more than this together. */
    maxTotalBytes?: number | null;
    readers?: Readers | undefined;
    /** The data folder's media folder: its files the snapshot names go along (backupMedia.ts). */
    mediaDir?: string | undefined;
  },
): Promise<BackupInfo> {
  mkdirSync(args.folder, { recursive: true, mode: PRIVATE_DIR_MODE });
  removeHalfBackups(args.folder);
  let createdAt = args.now;
  let path = join(args.folder, `switchboard-backup-${stampOf(createdAt)}.db`);
  while (existsSync(path)) {
    createdAt += 1; // two backups in the same millisecond (tests, double clicks)
    path = join(args.folder, `switchboard-backup-${stampOf(createdAt)}.db`);
  }
  const part = `${path}.part`;
  let media: { mediaFiles: number; mediaBytes: number };
  try {
    const task = { part, path, mediaDir: args.mediaDir };
    const { check, ...carried } = args.readers
      ? await args.readers.task('backup', task).result
      : snapshotWithMedia(db, task);
    if (check.problems.length > 0) throw new BackupFailed(check.problems.join(' '));
    media = carried;
    renameSync(part, path);
  } catch (error) {
    rmSync(part, { force: true });
    rmSync(`${part}-journal`, { force: true });
    rmSync(manifestPathOf(path), { force: true });
    throw error;
  }
  if (args.keep !== undefined) {
    const prune = { folder: args.folder, keep: args.keep, maxTotalBytes: args.maxTotalBytes ?? null }; // prettier-ignore
    // Pruning walks the attachments' store: a reader thread's work too.
    if (args.readers) await args.readers.task('pruneBackups', prune).result;
    else pruneBackups(prune.folder, prune.keep, prune.maxTotalBytes);
  }
  return { path, createdAt, bytes: statSync(path).size, ...media };
}

const halfBackupName = /^switchboard-backup-\d{8}-\d{6}-\d{3}\.db\.part(-journal)?$/;

/**
 * A backup cut short by a crash or a kill leaves its `.part` (as big as a backup) behind. Backups
 * are taken one at a time (the records scheduler runs them in series), so any found when the
 * next one starts is dead: it goes, and only files named the way `takeBackup` names them.
 */
function removeHalfBackups(folder: string): void {
  for (const name of readdirSync(folder)) {
    if (halfBackupName.test(name)) rmSync(join(folder, name), { force: true });
  }
}

/** Backups in `folder`, newest first. Only files named the way `takeBackup` names them. */
export function listBackups(folder: string): BackupInfo[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  const found: BackupInfo[] = [];
  for (const name of names) {
    const createdAt = timeOf(name);
    if (createdAt === null) continue;
    const path = join(folder, name);
    try {
      found.push({ path, createdAt, bytes: statSync(path).size, ...mediaSummary(path) });
    } catch {
      // removed while we listed
    }
  }
  return found.sort((a, b) => b.createdAt - a.createdAt);
}

/**
 * Removes the oldest backups beyond the newest `keep`, and then while the rest take more than
 * `maxTotalBytes` together (their attachments counted once). The newest backup always stays,
 * whatever its size. Then the attachments no backup left names go from the folder's store.
 */
export function pruneBackups(
  folder: string,
  keep: number,
  maxTotalBytes: number | null = null,
): string[] {
  const removed: string[] = [];
  const kept = listBackups(folder);
  // The databases, and the attachments they name once each (shared in the folder's store).
  const total = () =>
    kept.reduce((sum, backup) => sum + backup.bytes, 0) +
    sharedMediaBytes(kept.map((backup) => backup.path));
  while (
    kept.length > 1 &&
    (kept.length > Math.max(1, keep) || (maxTotalBytes !== null && total() > maxTotalBytes))
  ) {
    const old = kept.pop()!;
    rmSync(old.path, { force: true });
    rmSync(manifestPathOf(old.path), { force: true });
    removed.push(old.path);
  }
  // Only now, with the manifests of the backups left: no file a kept backup names goes.
  pruneBackupMedia(
    folder,
    kept.map((backup) => backup.path),
  );
  return removed;
}

/** What the backups in `folder` take, and the free space on its disk (null when unknown). */
export function backupSpace(folder: string): {
  count: number;
  usedBytes: number;
  freeBytes: number | null;
} {
  const backups = listBackups(folder);
  let freeBytes: number | null = null;
  try {
    const fs = statfsSync(existsSync(folder) ? folder : dirname(folder));
    freeBytes = fs.bavail * fs.bsize;
  } catch {
    // an unmounted drive or a folder not made yet: say nothing rather than guess
  }
  return {
    count: backups.length,
    // The databases, and their attachments once each (backups in a folder share them).
    usedBytes:
      backups.reduce((sum, backup) => sum + backup.bytes, 0) +
      sharedMediaBytes(backups.map((backup) => backup.path)),
    freeBytes,
  };
}

/**
 * Integrity check, schema version, required tables, and every attachment the backup carries
 * re-hashed (`mediaProblems`: they do not stop a restore). Never writes to the files.
 */
export function verifyBackup(path: string): BackupVerdict {
  return verifyWithMedia(path).verdict;
}

function verifyWithMedia(path: string): { verdict: BackupVerdict; intact: string[] } {
  if (!existsSync(path) || !statSync(path).isFile()) {
    const problems = ['There is no file at that path.'];
    const verdict = { ok: false, path, schemaVersion: null, messages: null, problems };
    return { verdict: { ...verdict, mediaFiles: 0, mediaProblems: [] }, intact: [] };
  }
  const check = checkBackupFile(path);
  const { intact, ...media } = checkBackupMedia(path);
  return { verdict: { ok: check.problems.length === 0, path, ...check, ...media }, intact };
}

/**
 * Verifies `backupPath` and copies it into the data folder as the pending restore. The open store
 * is untouched; the swap happens in `applyPendingRestore` at the next start.
 */
export function stageRestore(dataDir: string, backupPath: string): BackupVerdict {
  const { verdict, intact } = verifyWithMedia(backupPath);
  if (!verdict.ok) return verdict;
  // The attachments first: the staged database (renamed last) is what says a restore waits.
  stageBackupMedia(backupPath, intact, dataPaths(dataDir).pendingRestoreMedia);
  const pending = dataPaths(dataDir).pendingRestore;
  const part = `${pending}.part`;
  copyFileSync(backupPath, part);
  makePrivate(part);
  fsyncFile(part);
  renameSync(part, pending);
  return verdict;
}

export type PendingRestoreOutcome =
  | { applied: false; reason: 'none' }
  | { applied: false; reason: 'rejected'; problems: string[]; keptAt: string }
  | { applied: true; previousKeptIn: string };

/**
 * Call with the store closed (the composition root does, before opening it). Checks the staged
 * copy again, moves the current database and its -wal/-shm into `before-restore-<time>/`, and
 * renames the staged copy into place. A failure midway puts the current files back.
 */
export function applyPendingRestore(dataDir: string, now: number): PendingRestoreOutcome {
  const paths = dataPaths(dataDir);
  const pending = paths.pendingRestore;
  // A copy cut short by a crash while it was being staged was never confirmed: drop it.
  rmSync(`${pending}.part`, { force: true });
  if (!existsSync(pending)) {
    rmSync(paths.pendingRestoreMedia, { recursive: true, force: true }); // staging cut short
    return { applied: false, reason: 'none' };
  }
  const check = checkBackupFile(pending);
  if (check.problems.length > 0) {
    const keptAt = paths.rejectedRestore(stampOf(now));
    renameSync(pending, keptAt);
    rmSync(paths.pendingRestoreMedia, { recursive: true, force: true });
    return { applied: false, reason: 'rejected', problems: check.problems, keptAt };
  }
  const keepDir = paths.beforeRestore(stampOf(now));
  mkdirSync(keepDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const live = paths.database;
  const moved: Array<[string, string]> = [];
  try {
    for (const suffix of ['', '-wal', '-shm', '-journal']) {
      const from = live + suffix;
      if (!existsSync(from)) continue;
      const to = join(keepDir, basename(from));
      renameSync(from, to);
      moved.push([from, to]);
    }
    renameSync(pending, live);
  } catch (error) {
    for (const [from, to] of moved.reverse()) renameSync(to, from);
    throw error;
  }
  // Added beside what is there (content-addressed: nothing is overwritten). The current store's
  // own files stay too, for the copy kept in `before-restore-…`; the tidy-up sweep removes what
  // the restored store does not name, after its grace period.
  applyStagedMedia(paths.pendingRestoreMedia, paths.media);
  return { applied: true, previousKeptIn: keepDir };
}

/** Restores `backupPath` into a data folder whose store is closed. */
export function restoreBackup(
  dataDir: string,
  backupPath: string,
  now: number,
): { verdict: BackupVerdict; outcome: PendingRestoreOutcome } {
  const verdict = stageRestore(dataDir, backupPath);
  if (!verdict.ok) return { verdict, outcome: { applied: false, reason: 'none' } };
  return { verdict, outcome: applyPendingRestore(dataDir, now) };
}
