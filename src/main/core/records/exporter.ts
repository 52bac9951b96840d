/**
 * Streaming exports. Each export reads on its own read-only connection inside one read
 * transaction (a consistent snapshot), iterates rows, and writes through a file stream honouring
 * back-pressure, so memory stays flat however many rows there are. It writes to `<name>.part` and
 * renames on success: a cancelled or failed export leaves no half file that looks finished.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, renameSync, rmSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { ExportFormat, ExportKind, ExportProgress } from '../../../shared/types';
import type { Logger } from '../log';
import {
  beginSnapshot,
  countAuditForExport,
  countConversationsForExport,
  countMessagesForExport,
  countTranscriptMessages,
  countWebhookLogForExport,
  getTranscriptHeader,
  iterateAuditForExport,
  iterateConversationsForExport,
  iterateMessagesForExport,
  iterateTranscriptMessages,
  iterateWebhookLogForExport,
  openExportReader,
  type ExportFilter,
} from '../store/exportQueries';
import type { Db } from '../store/database';
import { csvRow, UTF8_BOM } from './csv';
import { applicationLogLines, countApplicationLogLines } from './logLines';
import {
  auditRecord,
  conversationRecord,
  messageRecord,
  transcriptHead,
  transcriptMessage,
  transcriptTail,
  webhookLogRecord,
  type ExportRecord,
} from './exportFormats';

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
}

export class ExportRefused extends Error {
  override name = 'ExportRefused';
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
}

interface Running {
  progress: ExportProgress;
  canceled: boolean;
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
    if (request.from !== undefined && request.to !== undefined && request.from >= request.to) {
      throw new ExportRefused('The start of the date range must come before its end.');
    }
    const folder = request.folder ?? this.deps.defaultFolder;
    try {
      mkdirSync(folder, { recursive: true });
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
    return true;
  }

  /** Resolves with the final progress of an export (tests, and close). */
  finished(exportId: string): Promise<ExportProgress> | undefined {
    return this.running.get(exportId)?.finished;
  }

  /** Cancels every running export and waits until their files are closed. */
  async close(): Promise<void> {
    for (const entry of this.running.values()) entry.canceled = true;
    await Promise.all([...this.running.values()].map((e) => e.finished));
  }

  private async run(entry: Running, request: ExportRequest): Promise<ExportProgress> {
    const { progress } = entry;
    const log = this.deps.logger.child({ exportId: progress.exportId, what: request.what });
    const partPath = `${progress.path}.part`;
    let reader: Db | undefined;
    let out: WriteStream | undefined;
    let rows: IterableIterator<unknown> | undefined;
    try {
      // Yield once so the caller gets its answer (and subscribes) before the first event.
      await new Promise((resolve) => setImmediate(resolve));
      reader = openExportReader(this.deps.dbPath);
      const endSnapshot = beginSnapshot(reader);
      const filter: ExportFilter = {
        from: request.from ?? null,
        to: request.to ?? null,
        contactIds: request.contactIds?.length ? request.contactIds : null,
      };
      const plan = this.plan(reader, request, filter);
      progress.total = plan.total;
      rows = plan.rows;
      out = createWriteStream(partPath, { flags: 'wx' });
      const stream = out;
      const streamFailed = new Promise<never>((_, reject) => stream.once('error', reject));
      streamFailed.catch(() => {}); // observed below through Promise.race
      const write = async (text: string) => {
        if (!stream.write(text)) {
          await Promise.race([
            new Promise<void>((resolve) => stream.once('drain', () => resolve())),
            streamFailed,
          ]);
        }
      };
      const secrets = this.deps.secrets().filter((s) => s.length >= 8);
      const scrub = (text: string) => {
        for (const secret of secrets)
          if (text.includes(secret)) text = text.replaceAll(secret, '[redacted]');
        return text;
      };

      await write(plan.head);
      let buffer = '';
      let inChunk = 0;
      this.emit(progress);
      for (const row of rows) {
        buffer += scrub(plan.line(row));
        progress.written += 1;
        inChunk += 1;
        if (inChunk >= this.chunkRows) {
          await write(buffer);
          buffer = '';
          inChunk = 0;
          this.emit(progress);
          await new Promise((resolve) => setImmediate(resolve));
          if (entry.canceled) break;
        }
      }
      if (!entry.canceled) {
        await write(buffer + plan.tail);
      }
      rows.return?.();
      rows = undefined;
      endSnapshot();
      await new Promise<void>((resolve, reject) => {
        stream.end((error?: Error | null) => (error ? reject(error) : resolve()));
      });
      out = undefined;
      if (entry.canceled) {
        rmSync(partPath, { force: true });
        progress.canceled = true;
        log.info({ written: progress.written }, 'export canceled');
      } else {
        renameSync(partPath, progress.path);
        log.info({ written: progress.written }, 'export finished');
      }
    } catch (error) {
      progress.error =
        error instanceof ExportRefused
          ? error.message
          : `The export stopped: ${error instanceof Error ? error.message : String(error)}`;
      log.warn({ err: error instanceof Error ? error.message : String(error) }, 'export failed');
      rows?.return?.();
      out?.destroy();
      rmSync(partPath, { force: true });
    } finally {
      reader?.close();
    }
    progress.done = true;
    this.emit(progress);
    // Keep finished entries only briefly: the map must not grow for the life of the app.
    setTimeout(() => this.running.delete(progress.exportId), 60_000).unref();
    return { ...progress };
  }

  private plan(
    reader: Db,
    request: ExportRequest,
    filter: ExportFilter,
  ): {
    total: number;
    rows: IterableIterator<unknown>;
    head: string;
    line: (row: unknown) => string;
    tail: string;
  } {
    const tabular = (
      total: number,
      rows: IterableIterator<unknown>,
      toRecord: (row: never) => ExportRecord,
      columns: readonly string[],
    ) => {
      const map = toRecord as (row: unknown) => ExportRecord;
      if (request.format === 'csv') {
        return {
          total,
          rows,
          head: UTF8_BOM + csvRow(columns),
          line: (row: unknown) => csvRow(Object.values(map(row))),
          tail: '',
        };
      }
      return {
        total,
        rows,
        head: '',
        line: (row: unknown) => JSON.stringify(map(row)) + '\n',
        tail: '',
      };
    };
    switch (request.what) {
      case 'messages':
        return tabular(
          countMessagesForExport(reader, filter),
          iterateMessagesForExport(reader, filter),
          messageRecord,
          messageColumns,
        );
      case 'conversations':
        return tabular(
          countConversationsForExport(reader, filter),
          iterateConversationsForExport(reader, filter),
          conversationRecord,
          conversationColumns,
        );
      case 'webhookLog':
        return tabular(
          countWebhookLogForExport(reader, filter),
          iterateWebhookLogForExport(reader, filter),
          webhookLogRecord,
          [],
        );
      case 'auditLog':
        return tabular(
          countAuditForExport(reader, filter),
          iterateAuditForExport(reader, filter),
          auditRecord,
          [],
        );
      case 'appLog': {
        const file = this.deps.logFile;
        if (!file) throw new ExportRefused('This copy of Switchboard writes no log file.');
        const window = { from: filter.from, to: filter.to };
        return {
          total: countApplicationLogLines(file, window),
          rows: applicationLogLines(file, window),
          head: '',
          line: (row: unknown) => `${row as string}\n`,
          tail: '',
        };
      }
      case 'transcript': {
        const conversationId = request.conversationId!;
        const header = getTranscriptHeader(reader, conversationId);
        if (!header) throw new ExportRefused('That conversation no longer exists.');
        return {
          total: countTranscriptMessages(reader, conversationId, filter),
          rows: iterateTranscriptMessages(reader, conversationId, filter),
          head: transcriptHead({
            contactName: header.contact_name,
            contactNumber: header.contact_number,
            businessNumber: header.business_number,
            channel: header.channel,
            exportedAt: this.deps.now(),
          }),
          line: transcriptMessage as (row: unknown) => string,
          tail: transcriptTail,
        };
      }
    }
  }

  private emit(progress: ExportProgress): void {
    this.deps.onProgress({ ...progress });
  }
}

/** CSV headers, in the order the record functions produce their keys. */
export const messageColumns = Object.keys(
  messageRecord({
    id: 0, conversation_id: 0, created_at: 0, direction: '', author: '', contact_name: null,
    contact_number: '', from_address: '', to_address: '', body: '', media: '[]', status: '',
    error_code: null, num_segments: null, provider_sid: null,
  }),
); // prettier-ignore
export const conversationColumns = Object.keys(
  conversationRecord({
    id: 0, contact_name: null, contact_number: '', contact_tags: '[]', channel: '',
    business_number: '', state: '', category: null, priority: null, unread_count: 0,
    created_at: 0, last_activity_at: 0, message_count: 0,
  }),
); // prettier-ignore
