/**
 * Writing one export file, start to finish. Plain data in, plain data out, so it runs on a thread
 * of its own (threads/readerPool.ts): formatting a million rows is seconds of CPU, and on the main
 * thread that delayed webhook acknowledgements by up to 19 s (BENCHMARKS.md, scale). Exporter
 * (exporter.ts) checks the request and reports progress; this file does the reading and writing.
 *
 * It reads on its own read-only connection inside one read transaction (a consistent snapshot),
 * iterates rows, and writes through a file stream honouring back-pressure, so memory stays flat
 * however many rows there are. It writes to `<name>.part` and renames on success: a cancelled or
 * failed export leaves no half file that looks finished.
 */
import { Refusal } from '../domain/refusal';
import { createWriteStream, renameSync, rmSync, type WriteStream } from 'node:fs';
import type { ExportFormat, ExportKind } from '../../../shared/types';
import { PRIVATE_FILE_MODE } from '../privateFiles';
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
  conversationColumns,
  messageColumns,
  messageRecord,
  transcriptHead,
  transcriptMessage,
  transcriptTail,
  webhookLogRecord,
  type ExportRecord,
} from './exportFormats';

/** Everything one export needs, as plain data (it crosses to a reader thread). */
export interface ExportJob {
  dbPath: string;
  /** The finished file; written as `<path>.part` until it is complete. */
  path: string;
  what: ExportKind;
  format: ExportFormat;
  from: number | null;
  to: number | null;
  contactIds: number[] | null;
  conversationId: number | null;
  /** Secret values that must never reach a file, whatever a row contains (belt and braces). */
  secrets: string[];
  /** The application log (JSON Lines, rotated), for the `appLog` export. */
  logFile: string | null;
  exportedAt: number;
  /** Rows between progress reports, cancel checks and event-loop yields. */
  chunkRows: number;
}

export interface ExportCounts {
  written: number;
  total: number;
}

export type ExportEnd =
  | ({ outcome: 'finished' } & ExportCounts)
  | ({ outcome: 'canceled' } & ExportCounts)
  | ({ outcome: 'failed'; error: string } & ExportCounts);

/** A refusal the operator should read as it is (the conversation is gone, no log file…). */
/** An export that cannot be written as asked; the operator reads why (kind `invalid`). */
export class ExportRefused extends Refusal {
  override name = 'ExportRefused';
  constructor(message: string) {
    super(message, 'invalid');
  }
}

export async function writeExport(
  job: ExportJob,
  hooks: { progress(counts: ExportCounts): void; canceled(): boolean },
): Promise<ExportEnd> {
  const counts: ExportCounts = { written: 0, total: 0 };
  const partPath = `${job.path}.part`;
  let reader: Db | undefined;
  let out: WriteStream | undefined;
  let rows: IterableIterator<unknown> | undefined;
  try {
    reader = openExportReader(job.dbPath);
    const endSnapshot = beginSnapshot(reader);
    const plan = planExport(reader, job);
    counts.total = plan.total;
    rows = plan.rows;
    out = createWriteStream(partPath, { flags: 'wx', mode: PRIVATE_FILE_MODE });
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
    const secrets = job.secrets.filter((s) => s.length >= 8);
    const scrub = (text: string) => {
      for (const secret of secrets)
        if (text.includes(secret)) text = text.replaceAll(secret, '[redacted]');
      return text;
    };

    await write(plan.head);
    let buffer = '';
    let inChunk = 0;
    let canceled = false;
    hooks.progress({ ...counts });
    for (const row of rows) {
      buffer += scrub(plan.line(row));
      counts.written += 1;
      inChunk += 1;
      if (inChunk >= job.chunkRows) {
        await write(buffer);
        buffer = '';
        inChunk = 0;
        hooks.progress({ ...counts });
        // Lets a cancel request (a message to this thread, or a command on the main one) land.
        await new Promise((resolve) => setImmediate(resolve));
        canceled = hooks.canceled();
        if (canceled) break;
      }
    }
    if (!canceled) await write(buffer + plan.tail);
    rows.return?.();
    rows = undefined;
    endSnapshot();
    await new Promise<void>((resolve, reject) => {
      stream.end((error?: Error | null) => (error ? reject(error) : resolve()));
    });
    out = undefined;
    if (canceled) {
      rmSync(partPath, { force: true });
      return { outcome: 'canceled', ...counts };
    }
    renameSync(partPath, job.path);
    return { outcome: 'finished', ...counts };
  } catch (error) {
    rows?.return?.();
    out?.destroy();
    rmSync(partPath, { force: true });
    const message = error instanceof Error ? error.message : String(error);
    return {
      outcome: 'failed',
      error: error instanceof ExportRefused ? message : `The export stopped: ${message}`,
      ...counts,
    };
  } finally {
    reader?.close();
  }
}

interface ExportPlan {
  total: number;
  rows: IterableIterator<unknown>;
  head: string;
  line: (row: unknown) => string;
  tail: string;
}

function planExport(reader: Db, job: ExportJob): ExportPlan {
  const filter: ExportFilter = {
    from: job.from,
    to: job.to,
    contactIds: job.contactIds?.length ? job.contactIds : null,
  };
  const tabular = (
    total: number,
    rows: IterableIterator<unknown>,
    toRecord: (row: never) => ExportRecord,
    columns: readonly string[],
  ): ExportPlan => {
    const map = toRecord as (row: unknown) => ExportRecord;
    if (job.format === 'csv') {
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
  switch (job.what) {
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
      const file = job.logFile;
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
      const conversationId = job.conversationId;
      if (conversationId === null) throw new ExportRefused('Pick the conversation to print.');
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
          exportedAt: job.exportedAt,
        }),
        line: transcriptMessage as (row: unknown) => string,
        tail: transcriptTail,
      };
    }
  }
}
