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
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ExportFormat, ExportKind } from '../../../shared/types';
import { PRIVATE_FILE_MODE } from '../privateFiles';
import {
  beginSnapshot,
  countExportRows,
  getTranscriptHeader,
  iterateExportRows,
  openExportReader,
  type ExportFilter,
  type ExportRows,
} from '../store/exportQueries';
import type { Db } from '../store/database';
import { csvWriter } from './csv';
import {
  mediaCopier,
  messageRecordWithMedia,
  transcriptMessageWithMedia,
  type MediaCopier,
} from './exportMedia';
import { applicationLogLines, countApplicationLogLines } from './logLines';
import {
  auditRecord,
  conversationRecord,
  conversationColumns,
  messageColumns,
  messageRecord,
  transcriptHead,
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
  /** A messages export with its attachments: the media folder they are copied from. */
  mediaDir?: string | null;
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
  let rows: IterableIterator<unknown> | undefined;
  let sink: Sink | undefined;
  const copier = job.mediaDir ? mediaCopier(job.mediaDir, job.path) : undefined;
  try {
    reader = openExportReader(job.dbPath);
    const endSnapshot = beginSnapshot(reader);
    const plan = planExport(reader, job, copier);
    counts.total = plan.total;
    rows = plan.rows;
    const secrets = job.secrets.filter((s) => s.length >= 8);
    const scrub = (text: string) => {
      for (const secret of secrets)
        if (text.includes(secret)) text = text.replaceAll(secret, '[redacted]');
      return text;
    };
    const out = createWriteStream(partPath, { flags: 'wx', mode: PRIVATE_FILE_MODE });
    sink = 'csv' in plan ? csvSink(out, plan.csv, scrub) : textSink(out, plan, scrub);

    let inChunk = 0;
    let canceled = false;
    hooks.progress({ ...counts });
    for (const row of rows) {
      await sink.add(row);
      counts.written += 1;
      inChunk += 1;
      if (inChunk >= job.chunkRows) {
        await sink.flush();
        inChunk = 0;
        hooks.progress({ ...counts });
        // Lets a cancel request (a message to this thread, or a command on the main one) land.
        await new Promise((resolve) => setImmediate(resolve));
        canceled = hooks.canceled();
        if (canceled) break;
      }
    }
    rows.return?.();
    rows = undefined;
    endSnapshot();
    await sink.end(!canceled);
    sink = undefined;
    if (canceled) {
      rmSync(partPath, { force: true });
      copier?.discard();
      return { outcome: 'canceled', ...counts };
    }
    renameSync(partPath, job.path);
    return { outcome: 'finished', ...counts };
  } catch (error) {
    rows?.return?.();
    sink?.destroy();
    rmSync(partPath, { force: true });
    copier?.discard();
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

/** Where rows go: into the file, honouring back-pressure, so memory stays flat. */
interface Sink {
  add(row: unknown): Promise<void>;
  /** End of a chunk of rows (text sends a chunk as one write). */
  flush(): Promise<void>;
  /** Closes the file; `complete` adds what ends the format (the HTML tail). */
  end(complete: boolean): Promise<void>;
  destroy(): void;
}

/** Resolves at once, or at `drain` after a refused write; rejects if the stream fails meanwhile. */
function writeWithBackPressure(target: Writable, failed: Promise<never>, chunk: unknown) {
  if (target.write(chunk)) return Promise.resolve();
  return Promise.race([
    new Promise<void>((resolve) => target.once('drain', () => resolve())),
    failed,
  ]);
}

/** JSON Lines, the log and the HTML transcript: lines of text, one write per chunk of rows. */
function textSink(out: WriteStream, plan: TextPlan, scrub: (text: string) => string): Sink {
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => {}); // observed through Promise.race
  let buffer = plan.head;
  const write = () => {
    const text = buffer;
    buffer = '';
    return writeWithBackPressure(out, failed, text);
  };
  return {
    add: (row) => {
      buffer += scrub(plan.line(row));
      return Promise.resolve();
    },
    flush: write,
    async end(complete) {
      if (complete) {
        buffer += plan.tail;
        await write();
      }
      await new Promise<void>((resolve, reject) => {
        out.end((error?: Error | null) => (error ? reject(error) : resolve()));
      });
    },
    destroy: () => out.destroy(),
  };
}

/**
 * CSV: records go through csv-stringify's stream (csv.ts), piped into the file; secrets are
 * scrubbed from each cell before it is written.
 */
function csvSink(out: WriteStream, plan: CsvPlan, scrub: (text: string) => string): Sink {
  const csv = csvWriter(plan.columns, scrub);
  const piped = pipeline(csv, out);
  // Only a failure matters while rows are written; the end is awaited in `end`.
  const failed = piped.then(() => new Promise<never>(() => {}));
  failed.catch(() => {}); // observed through Promise.race and in `end`
  return {
    // Values in column order: the library would otherwise look each column up as a path.
    add: (row) => writeWithBackPressure(csv, failed, Object.values(plan.record(row))),
    flush: () => Promise.resolve(),
    async end() {
      csv.end();
      await piped;
    },
    destroy: () => {
      csv.destroy();
      out.destroy();
    },
  };
}

interface TextPlan {
  head: string;
  line: (row: unknown) => string;
  tail: string;
}

interface CsvPlan {
  columns: readonly string[];
  record: (row: unknown) => ExportRecord;
}

/** What to read, and how its rows are written: as lines of text, or through the CSV writer. */
type ExportPlan = { total: number; rows: IterableIterator<unknown> } & (
  TextPlan | { csv: CsvPlan }
);

function planExport(reader: Db, job: ExportJob, copier: MediaCopier | undefined): ExportPlan {
  const filter: ExportFilter = {
    from: job.from,
    to: job.to,
    contactIds: job.contactIds?.length ? job.contactIds : null,
  };
  /** The four tabular kinds: each row becomes a flat record, as CSV or as JSON Lines. */
  const tabular = <
    K extends 'messages' | 'messagesWithMedia' | 'conversations' | 'webhookLog' | 'auditLog',
  >(
    what: K,
    toRecord: (row: ExportRows[K]) => ExportRecord,
    columns: readonly string[],
  ): ExportPlan => {
    const total = countExportRows(reader, what, filter);
    const rows = iterateExportRows(reader, what, filter);
    const record = toRecord as (row: unknown) => ExportRecord;
    if (job.format === 'csv') return { total, rows, csv: { columns, record } };
    return {
      total,
      rows,
      head: '',
      line: (row: unknown) => JSON.stringify(record(row)) + '\n',
      tail: '',
    };
  };
  switch (job.what) {
    case 'messages':
      if (copier && job.format !== 'html') {
        const record = messageRecordWithMedia(copier, job.format);
        return tabular('messagesWithMedia', record, [...messageColumns, 'attachments']);
      }
      return tabular('messages', messageRecord, messageColumns);
    case 'conversations':
      return tabular('conversations', conversationRecord, conversationColumns);
    case 'webhookLog':
      return tabular('webhookLog', webhookLogRecord, []);
    case 'auditLog':
      return tabular('auditLog', auditRecord, []);
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
        total: countExportRows(reader, 'transcript', filter, conversationId),
        rows: iterateExportRows(reader, 'transcript', filter, conversationId),
        head: transcriptHead({
          contactName: header.contact_name,
          contactNumber: header.contact_number,
          businessNumber: header.business_number,
          channel: header.channel,
          exportedAt: job.exportedAt,
        }),
        line: transcriptMessageWithMedia(copier) as (row: unknown) => string,
        tail: transcriptTail,
      };
    }
  }
}
