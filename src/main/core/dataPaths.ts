/**
 * The data folder's layout, in one place: everything that opens, writes or names a file in the
 * data folder asks here, so moving a file (or adding a second store engine) is one edit.
 *
 * Plain Node (`node:path` only): the composition root, the records module, the startup-failure
 * wording, both hosts (serve mode, the desktop shell) and the benchmarks all import it.
 */
import { join } from 'node:path';

/** The store's file name (its `-wal`, `-shm` and `-journal` sit beside it). */
export const DATABASE_FILE = 'switchboard.db';
/** A verified backup waiting to replace the store at the next start (records/backups.ts). */
export const PENDING_RESTORE_FILE = 'restore-pending.db';

export interface DataPaths {
  readonly dataDir: string;
  /** The SQLite store. */
  readonly database: string;
  /** Where backups go unless Settings names another folder. */
  readonly backups: string;
  /** Where exports go unless the operator picks another folder. */
  readonly exports: string;
  readonly logs: string;
  /** Attachments kept on the laptop, by SHA-256 (`ab/abcdef…`, media/mediaFiles.ts). */
  readonly media: string;
  /** The rotating log (`switchboard.log`, `.1`, … beside it). */
  readonly logFile: string;
  /** The desktop shell's sealed secrets (safeStorage ciphertexts); serve mode has none. */
  readonly secretsFile: string;
  /** Restore staging: a verified copy waiting for the next start. */
  readonly pendingRestore: string;
  /** The attachments of the staged restore, moved into `media` when it is applied. */
  readonly pendingRestoreMedia: string;
  /** A staged restore that failed its second check, kept for the operator. */
  rejectedRestore(stamp: string): string;
  /** Where the store's files are moved aside when a restore is applied (kept, never deleted). */
  beforeRestore(stamp: string): string;
}

export function dataPaths(dataDir: string): DataPaths {
  const logs = join(dataDir, 'logs');
  return {
    dataDir,
    database: join(dataDir, DATABASE_FILE),
    backups: join(dataDir, 'backups'),
    exports: join(dataDir, 'exports'),
    logs,
    media: join(dataDir, 'media'),
    logFile: join(logs, 'switchboard.log'),
    secretsFile: join(dataDir, 'secrets.bin'),
    pendingRestore: join(dataDir, PENDING_RESTORE_FILE),
    pendingRestoreMedia: join(dataDir, 'restore-pending-media'),
    rejectedRestore: (stamp) => join(dataDir, `restore-rejected-${stamp}.db`),
    beforeRestore: (stamp) => join(dataDir, `before-restore-${stamp}`),
  };
}
