/**
 * What may run on a reader thread: named operations over a read-only connection (or files that
 * are not the live store). Each is an ordinary function from the module that owns it; this table
 * only names them, so the main thread can ask for them by name with typed arguments and results.
 *
 * Anything that can take longer than a few milliseconds at a million messages belongs here, so
 * the main thread stays free to answer Twilio (docs/ARCHITECTURE.md, "Threads").
 */
import { readOfflineDraftData, type OfflineDraftArgs } from '../drafting/offlineDrafter';
import { computeDraftStats } from '../drafting/stats';
import type { Db } from '../store/database';
import { listDraftOutcomes } from '../store/drafts';
import { webhookLogBytes } from '../store/webhookLog';
import { searchMessages } from '../store/search';
import {
  backupSpace,
  listBackups,
  pruneBackups,
  snapshotWithMedia,
  stageRestore,
  verifyBackup,
} from '../records/backups';
import { sweepMediaFolder } from '../records/mediaSweep';
import { writeExport, type ExportJob } from '../records/exportJob';
import { parseDocument } from '../knowledge/parse';

export interface OpContext {
  /** The thread's read-only connection to the live store, opened on first use. */
  db(): Db;
  /** Reports progress to the caller (exports). */
  progress(value: unknown): void;
  /** True once the caller asked this operation to stop. */
  canceled(): boolean;
}

export const readOps = {
  /** Opens the thread's connection ahead of the first real question (see Readers.warm). */
  warm: (_args: Record<string, never>, ctx: OpContext) => {
    ctx.db();
    return true;
  },
  search: (args: Parameters<typeof searchMessages>[1], ctx: OpContext) =>
    searchMessages(ctx.db(), args),
  backup: (args: { part: string; path: string; mediaDir?: string | undefined }, ctx: OpContext) =>
    snapshotWithMedia(ctx.db(), args),
  pruneBackups: (args: { folder: string; keep: number; maxTotalBytes: number | null }) =>
    pruneBackups(args.folder, args.keep, args.maxTotalBytes),
  sweepMedia: (args: { mediaDir: string; graceMs: number; fileNow: number }, ctx: OpContext) =>
    sweepMediaFolder(ctx.db(), args),
  offlineDraftData: (args: OfflineDraftArgs, ctx: OpContext) =>
    readOfflineDraftData(ctx.db(), args),
  draftStats: (args: { since: number }, ctx: OpContext) =>
    computeDraftStats(listDraftOutcomes(ctx.db(), args.since)),
  webhookLogBytes: (_args: Record<string, never>, ctx: OpContext) => webhookLogBytes(ctx.db()),
  verifyBackup: (args: { path: string }) => verifyBackup(args.path),
  // Listing reads each backup's attachment manifest: off the thread that answers Twilio.
  listBackups: (args: { folder: string }) => listBackups(args.folder),
  backupSpace: (args: { folder: string }) => backupSpace(args.folder),
  stageRestore: (args: { dataDir: string; path: string }) => stageRestore(args.dataDir, args.path),
  /** A document's text (knowledge import): a big PDF takes seconds, so never on the main thread. */
  parseDocument: (args: { fileName: string; data: Uint8Array }) => parseDocument(args),
  export: (job: ExportJob, ctx: OpContext) =>
    writeExport(job, { progress: (counts) => ctx.progress(counts), canceled: ctx.canceled }),
};

export type ReadOpName = keyof typeof readOps;
export type ReadOpArgs<K extends ReadOpName> = Parameters<(typeof readOps)[K]>[0];
export type ReadOpResult<K extends ReadOpName> = Awaited<ReturnType<(typeof readOps)[K]>>;
