/**
 * The attachments a backup carries (issue 16). Layout, in the backup folder:
 *
 *   switchboard-backup-<stamp>.db           the database snapshot (as before)
 *   switchboard-backup-<stamp>.media.json   its manifest: the kept files the snapshot names
 *   media/ab/abcdef…                        the files, by SHA-256, shared by every backup here
 *
 * Kept files are content-addressed and never change, so one copy serves every backup that names
 * it: seven daily backups of the same pictures take the pictures' space once. A file is
 * hard-linked from the data folder's media folder when both are on the same disk (no space, no
 * time) and copied otherwise (a backup folder on another drive, the case that protects against a
 * dead disk). Pruning removes a file only when no manifest left in the folder names it.
 *
 * A backup without a manifest names no attachment (or is from before they were carried): it
 * lists, verifies and restores as before, with none. Everything here runs on a reader thread (through
 * `backups.ts` and threads/readOps.ts): hashing and copying pictures never holds up the thread
 * that answers Twilio.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, fsyncSync, linkSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'; // prettier-ignore
import { dirname, join } from 'node:path';
import { mediaRelativePath } from '../media/mediaFiles';
import { makePrivate, makePrivateDir, PRIVATE_FILE_MODE } from '../privateFiles';
import { keptMediaInBackupFile } from '../store/backupFiles';

/** The folder beside the backups that holds their attachments. */
export const BACKUP_MEDIA_FOLDER = 'media';

interface Manifest {
  version: 1;
  /** Every kept file the snapshot names that the backup holds. */
  files: Array<{ sha256: string; size: number }>;
  /** Files the snapshot names that were not on this computer when it was taken. */
  missing: string[];
}

export const manifestPathOf = (backupPath: string): string =>
  backupPath.replace(/\.db$/, '.media.json');

const storeOf = (backupPath: string): string => join(dirname(backupPath), BACKUP_MEDIA_FOLDER);
const HASH_NAME = /^[0-9a-f]{64}$/;

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Puts `source` at `target` by a hard link, or a flushed copy when linking is not possible
 * (another disk, a file system without links), through a temporary name: `target` is whole or
 * absent.
 */
function placeFile(source: string, target: string): void {
  makePrivateDir(dirname(target), { ours: true });
  const temporary = `${target}.${randomBytes(6).toString('hex')}.part`;
  try {
    try {
      linkSync(source, temporary);
    } catch {
      copyFileSync(source, temporary);
      makePrivate(temporary);
      fsyncPath(temporary);
    }
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

const sizeOf = (path: string): number | null => {
  try {
    return statSync(path).size;
  } catch {
    return null;
  }
};

/**
 * Carries the files the snapshot at `snapshot` names into the backup folder's media store and
 * writes the manifest of the backup that will be `backupPath`. Call before the snapshot is
 * renamed into place: a backup that lists always has its attachments.
 */
export function carryMedia(args: { snapshot: string; backupPath: string; mediaDir: string }): {
  mediaFiles: number;
  mediaBytes: number;
} {
  const store = storeOf(args.backupPath);
  const manifest: Manifest = { version: 1, files: [], missing: [] };
  for (const file of keptMediaInBackupFile(args.snapshot)) {
    const target = join(store, mediaRelativePath(file.sha256));
    if (sizeOf(target) !== file.size) {
      const source = join(args.mediaDir, mediaRelativePath(file.sha256));
      if (sizeOf(source) === null) {
        manifest.missing.push(file.sha256);
        continue;
      }
      placeFile(source, target);
    }
    manifest.files.push(file);
  }
  const path = manifestPathOf(args.backupPath);
  // A backup that names no attachment needs no manifest: it reads as one from before them, and
  // the backup folder holds exactly what it held before issue 16.
  if (manifest.files.length === 0 && manifest.missing.length === 0) {
    return { mediaFiles: 0, mediaBytes: 0 };
  }
  writeFileSync(`${path}.part`, JSON.stringify(manifest), { mode: PRIVATE_FILE_MODE });
  fsyncPath(`${path}.part`);
  renameSync(`${path}.part`, path);
  return {
    mediaFiles: manifest.files.length,
    mediaBytes: manifest.files.reduce((sum, file) => sum + file.size, 0),
  };
}

/** The backup's manifest, or null for a backup from before attachments were carried. */
function readManifest(backupPath: string): Manifest | null {
  try {
    const parsed = JSON.parse(readFileSync(manifestPathOf(backupPath), 'utf8')) as Manifest;
    return Array.isArray(parsed.files) ? { ...parsed, missing: parsed.missing ?? [] } : null;
  } catch {
    return null;
  }
}

/** What a listing shows: how many attachments the backup carries and their bytes. */
export function mediaSummary(backupPath: string): { mediaFiles: number; mediaBytes: number } {
  const files = readManifest(backupPath)?.files ?? [];
  return { mediaFiles: files.length, mediaBytes: files.reduce((sum, f) => sum + f.size, 0) };
}

/**
 * The bytes the attachments of these backups take in their folder's store: each file once,
 * however many backups name it (they share it).
 */
export function sharedMediaBytes(backupPaths: readonly string[]): number {
  const sizes = new Map<string, number>();
  for (const backup of backupPaths) {
    for (const file of readManifest(backup)?.files ?? []) sizes.set(file.sha256, file.size);
  }
  let total = 0;
  for (const size of sizes.values()) total += size;
  return total;
}

function sha256Of(path: string): string {
  const hash = createHash('sha256');
  const buffer = Buffer.alloc(1 << 20);
  const fd = openSync(path, 'r');
  try {
    for (let read = readSync(fd, buffer); read > 0; read = readSync(fd, buffer)) {
      hash.update(buffer.subarray(0, read));
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

export interface BackupMediaCheck {
  mediaFiles: number;
  /** In words, for the operator; empty when every file is there and intact. */
  mediaProblems: string[];
  /** Files whose bytes match their hash: the ones a restore brings back. */
  intact: string[];
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Re-hashes every file the backup's manifest names. Never writes. */
export function checkBackupMedia(backupPath: string): BackupMediaCheck {
  const manifest = readManifest(backupPath);
  if (!manifest) return { mediaFiles: 0, mediaProblems: [], intact: [] };
  const store = storeOf(backupPath);
  const intact: string[] = [];
  const absent: string[] = [];
  const damaged: string[] = [];
  for (const file of manifest.files) {
    const path = join(store, mediaRelativePath(file.sha256));
    if (sizeOf(path) === null) absent.push(file.sha256);
    else if (sha256Of(path) !== file.sha256) damaged.push(file.sha256);
    else intact.push(file.sha256);
  }
  const mediaProblems: string[] = [];
  const names = (hashes: string[]) =>
    hashes
      .slice(0, 3)
      .map((h) => h.slice(0, 12))
      .join(', ') + (hashes.length > 3 ? '…' : '');
  if (damaged.length > 0) {
    mediaProblems.push(
      `${count(damaged.length, 'attachment is', 'attachments are')} damaged in the backup (${names(damaged)}): a restore brings the messages back without ${damaged.length === 1 ? 'it' : 'them'}.`,
    );
  }
  if (absent.length > 0) {
    mediaProblems.push(
      `${count(absent.length, 'attachment is', 'attachments are')} missing from the backup's media folder (${names(absent)}): a restore brings the messages back without ${absent.length === 1 ? 'it' : 'them'}.`,
    );
  }
  if (manifest.missing.length > 0) {
    mediaProblems.push(
      `${count(manifest.missing.length, 'attachment was', 'attachments were')} already gone from this computer when the backup was taken.`,
    );
  }
  return { mediaFiles: manifest.files.length, mediaProblems, intact };
}

/**
 * Puts the backup's intact files into `stagingDir` (in the data folder), where the next start
 * moves them into the media folder with the staged database (`applyStagedMedia`).
 */
export function stageBackupMedia(backupPath: string, intact: string[], stagingDir: string): void {
  rmSync(stagingDir, { recursive: true, force: true });
  makePrivateDir(stagingDir, { ours: true });
  const store = storeOf(backupPath);
  for (const sha256 of intact) {
    const relative = mediaRelativePath(sha256);
    placeFile(join(store, relative), join(stagingDir, relative));
  }
}

/**
 * Moves staged files into the media folder (both in the data folder: renames), then removes the
 * staging folder. A file already there is the same bytes (same hash) and stays.
 */
export function applyStagedMedia(stagingDir: string, mediaDir: string): number {
  let moved = 0;
  for (const { relative, path } of hashedFiles(stagingDir)) {
    const target = join(mediaDir, relative);
    if (existsSync(target)) continue;
    makePrivateDir(dirname(target), { ours: true });
    renameSync(path, target);
    moved += 1;
  }
  rmSync(stagingDir, { recursive: true, force: true });
  return moved;
}

/** Every content-addressed file under `root` (`ab/abcdef…`), with its hash. */
export function* hashedFiles(
  root: string,
): Generator<{ sha256: string; relative: string; path: string }> {
  let fans: string[];
  try {
    fans = readdirSync(root).filter((name) => /^[0-9a-f]{2}$/.test(name));
  } catch {
    return;
  }
  for (const fan of fans) {
    let names: string[];
    try {
      names = readdirSync(join(root, fan));
    } catch {
      continue;
    }
    for (const name of names) {
      if (HASH_NAME.test(name) && name.startsWith(fan)) {
        yield { sha256: name, relative: join(fan, name), path: join(root, fan, name) };
      }
    }
  }
}

/**
 * After pruning: removes from the backup folder's media store every file that no manifest of a
 * backup still there names, the manifests whose backup is gone, and temporary files a crash left.
 * `backupPaths`: the backups left in `folder`. Answers how many files went.
 */
export function pruneBackupMedia(folder: string, backupPaths: readonly string[]): number {
  const keptManifests = new Set(backupPaths.map(manifestPathOf));
  for (const name of readdirSync(folder)) {
    if (!/^switchboard-backup-\d{8}-\d{6}-\d{3}\.media\.json(\.part)?$/.test(name)) continue;
    const path = join(folder, name);
    if (!keptManifests.has(path)) rmSync(path, { force: true });
  }
  const needed = new Set<string>();
  for (const backup of backupPaths) {
    for (const file of readManifest(backup)?.files ?? []) needed.add(file.sha256);
  }
  const store = join(folder, BACKUP_MEDIA_FOLDER);
  let removed = 0;
  for (const file of hashedFiles(store)) {
    if (needed.has(file.sha256)) continue;
    rmSync(file.path, { force: true });
    removed += 1;
  }
  for (const fan of existsSync(store) ? readdirSync(store) : []) {
    const dir = join(store, fan);
    for (const name of statSync(dir).isDirectory() ? readdirSync(dir) : []) {
      if (name.endsWith('.part')) rmSync(join(dir, name), { force: true });
    }
  }
  return removed;
}
