/**
 * Exports: checks a request, names its file, runs it and reports progress as live events. The
 * reading and writing itself is `writeExport` (exportJob.ts), on a thread of its own when the app
 * gives a reader pool, so a million-row export never delays a webhook's answer.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ExportFormat, ExportKind, ExportProgress } from '../../../shared/types';
import type { Logger } from '../log';
import { PRIVATE_DIR_MODE } from '../privateFiles';
import type { Readers } from '../threads/readerPool';
import { ExportRefused, writeExport, type ExportEnd, type ExportJob } from './exportJob';

export { ExportRefused };

/** Exports cut short by a crash leave `<name>.part` behind; at start nothing is running, so they go. */
function removeUnfinishedExports(folder: string): void {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return; // no exports folder yet
  }
  for (const name of names) {
    if (/^switchboard-.+\.part$/.test(name)) rmSync(join(folder, name), { force: true });
  }
}
export { conversationColumns, messageColumns } from './exportFormats';

export interface ExportRequest {
  what: ExportKind;
  format: ExportFormat;
  from?: number | undefined;
  to?: number | undefined;
  contactIds?: number[] | undefined;
  /** Transcript only. */
  conversationId?: number | undefined;
  /** Absolute folder; `<dataDir>/exports` when absent. */
  folder?: string | undefined;
  /** Messages only: the kept attachments go along, in `media/` beside the file. */
  includeMedia?: boolean | undefined;
}

export interface ExporterDeps {
  dbPath: string;
  defaultFolder: string;
  onProgress: (progress: ExportProgress) => void;
  /** Secret values that must never reach a file, whatever a row contains (belt and braces). */
  secrets: () => readonly string[];
  now: () => number;
  logger: Logger;
  /** Rows between progress events and event-loop yields. */
  chunkRows?: number;
  /** The application log (JSON Lines, rotated), for the `appLog` export. */
  logFile?: string;
  /** Where exports run (a thread each); absent: on this thread (tests). */
  readers?: Readers;
  /** The media folder (kept attachments), for exports that include them. */
  mediaDir?: string;
}

interface Running {
  progress: ExportProgress;
  canceled: boolean;
  /** Stops the export on its thread (set once it runs there). */
  cancelOnThread?: () => void;
  finished: Promise<ExportProgress>;
}

/** Which formats each kind supports; the first is the default a UI can preselect. */
export const exportFormatsFor: Record<ExportKind, readonly ExportFormat[]> = {
  conversations: ['csv', 'jsonl'],
  messages: ['csv', 'jsonl'],
  webhookLog: ['jsonl'],
  auditLog: ['jsonl'],
  transcript: ['html'],
  appLog: ['jsonl'],
};

const extension: Record<ExportFormat, string> = { csv: 'csv', jsonl: 'jsonl', html: 'html' };

export class Exporter {
  private readonly running = new Map<string, Running>();
  private readonly chunkRows: number;

  constructor(private readonly deps: ExporterDeps) {
    this.chunkRows = deps.chunkRows ?? 500;
    removeUnfinishedExports(deps.defaultFolder);
  }

  /** Checks the request, starts writing in the background, answers at once with where it goes. */
  start(request: ExportRequest): { exportId: string; path: string } {
    if (!exportFormatsFor[request.what].includes(request.format)) {
      throw new ExportRefused(
        `A ${request.what} export can be written as ${exportFormatsFor[request.what].join(' or ')}, not ${request.format}.`,
      );
    }
    if (request.what === 'transcript' && request.conversationId === undefined) {
      throw new ExportRefused('Pick the conversation to print.');
    }
    if (request.includeMedia && request.what !== 'messages') {
      throw new ExportRefused('Attachments can go with a messages export only.');
    }
    if (request.includeMedia && this.deps.mediaDir === undefined) {
      throw new ExportRefused('This copy of Switchboard keeps no attachments to export.');
    }
    if (request.from !== undefined && request.to !== undefined && request.from >= request.to) {
      throw new ExportRefused('The start of the date range must come before its end.');
    }
    const folder = request.folder ?? this.deps.defaultFolder;
    try {
      mkdirSync(folder, { recursive: true, mode: PRIVATE_DIR_MODE });
    } catch {
      throw new ExportRefused(
        `Switchboard cannot write to the folder ${folder}. Pick another one.`,
      );
    }
    const exportId = randomUUID();
    const stamp = new Date(this.deps.now()).toISOString().replace(/[:.]/g, '-').slice(0, 19);
    const path = join(
      folder,
      `switchboard-${request.what}-${stamp}-${exportId.slice(0, 8)}.${extension[request.format]}`,
    );
    const progress: ExportProgress = {
      exportId,
      what: request.what,
      format: request.format,
      path,
      written: 0,
      total: 0,
      done: false,
      canceled: false,
      error: null,
    };
    const entry: Running = { progress, canceled: false, finished: Promise.resolve(progress) };
    entry.finished = this.run(entry, request);
    this.running.set(exportId, entry);
    return { exportId, path };
  }

  /** Stops an export; false when it is not running (finished already, or unknown). */
  cancel(exportId: string): boolean {
    const entry = this.running.get(exportId);
    if (!entry || entry.progress.done) return false;
    entry.canceled = true;
    entry.cancelOnThread?.();
    return true;
  }

  /** Resolves with the final progress of an export (tests, and close). */
  finished(exportId: string): Promise<ExportProgress> | undefined {
    return this.running.get(exportId)?.finished;
  }

  /** Cancels every running export and waits until their files are closed. */
  async close(): Promise<void> {
    for (const entry of this.running.values()) {
      entry.canceled = true;
      entry.cancelOnThread?.();
    }
    await Promise.all([...this.running.values()].map((e) => e.finished));
  }

  private async run(entry: Running, request: ExportRequest): Promise<ExportProgress> {
    const { progress } = entry;
    const log = this.deps.logger.child({ exportId: progress.exportId, what: request.what });
    // Yield once so the caller gets its answer (and subscribes) before the first event.
    await new Promise((resolve) => setImmediate(resolve));
    const job: ExportJob = {
      dbPath: this.deps.dbPath,
      path: progress.path,
      what: request.what,
      format: request.format,
      from: request.from ?? null,
      to: request.to ?? null,
      contactIds: request.contactIds ?? null,
      conversationId: request.conversationId ?? null,
      secrets: [...this.deps.secrets()],
      logFile: this.deps.logFile ?? null,
      exportedAt: this.deps.now(),
      chunkRows: this.chunkRows,
      // A transcript always shows its pictures: they are copied beside it.
      mediaDir:
        ((request.includeMedia || request.what === 'transcript') && this.deps.mediaDir) || null,
    };
    const onCounts = (counts: { written: number; total: number }) => {
      progress.written = counts.written;
      progress.total = counts.total;
      this.emit(progress);
    };
    let end: ExportEnd;
    if (this.deps.readers && !entry.canceled) {
      const handle = this.deps.readers.task('export', job, (value) =>
        onCounts(value as { written: number; total: number }),
      );
      entry.cancelOnThread = handle.cancel;
      end = await handle.result.catch((error: unknown): ExportEnd => ({
        outcome: 'failed',
        error: `The export stopped: ${error instanceof Error ? error.message : String(error)}`,
        written: progress.written,
        total: progress.total,
      }));
    } else {
      end = await writeExport(job, { progress: onCounts, canceled: () => entry.canceled });
    }
    progress.written = end.written;
    progress.total = end.total;
    if (end.outcome === 'failed') {
      progress.error = end.error;
      log.warn({ err: end.error }, 'export failed');
    } else if (end.outcome === 'canceled') {
      progress.canceled = true;
      log.info({ written: progress.written }, 'export canceled');
    } else {
      log.info({ written: progress.written }, 'export finished');
    }
    progress.done = true;
    this.emit(progress);
    // Keep finished entries only briefly: the map must not grow for the life of the app.
    setTimeout(() => this.running.delete(progress.exportId), 60_000).unref();
    return { ...progress };
  }

  private emit(progress: ExportProgress): void {
    this.deps.onProgress({ ...progress });
  }
}
