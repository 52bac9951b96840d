/**
 * CSV export, before and after issue 15: the hand-written writer it used to have (kept here as the
 * reference, nowhere else) against the export as it runs now (`writeExport`: csv-stringify's
 * stream into the file). Same seeded store, same rows, same bytes out (checked), alternating runs.
 * `npx tsx bench/export/csv.ts [--messages 200000] [--rounds 3]`. Figures only; never fails.
 */
import { createWriteStream, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { messageColumns, messageRecord } from '../../src/main/core/records/exportFormats';
import { writeExport, type ExportJob } from '../../src/main/core/records/exportJob';
import { openDatabase } from '../../src/main/core/store/database';
import {
  beginSnapshot,
  iterateMessagesForExport,
  openExportReader,
} from '../../src/main/core/store/exportQueries';
import { seedHistory } from '../../test/support/recordsSeed';
import { makeTempDir } from '../../test/support/tempDir';

// The writer as it was (records/csv.ts before issue 15), for the "before" figure.
const formulaStart = /^[=+\-@\t\r]/;
const signedNumber = /^[+-]\d+(\.\d+)?$/;
const needsQuotes = /[",\r\n]/;
function oldCell(value: unknown): string {
  let text: string;
  if (value === null || value === undefined) text = '';
  else if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  else text = JSON.stringify(value);
  if (formulaStart.test(text) && !signedNumber.test(text)) text = `'${text}`;
  return needsQuotes.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
const oldRow = (values: readonly unknown[]) => values.map(oldCell).join(',') + '\r\n';

/** The old export loop: rows formatted by hand, 500 to a write, back-pressure honoured. */
async function exportBefore(dbPath: string, path: string): Promise<void> {
  const reader = openExportReader(dbPath);
  const end = beginSnapshot(reader);
  const out = createWriteStream(path);
  const write = (text: string) =>
    out.write(text) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r()));
  await write('\uFEFF' + oldRow(messageColumns));
  let buffer = '';
  let n = 0;
  for (const row of iterateMessagesForExport(reader, { from: null, to: null, contactIds: null })) {
    buffer += oldRow(Object.values(messageRecord(row)));
    if (++n % 500 === 0) {
      await write(buffer);
      buffer = '';
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  await write(buffer);
  end();
  await new Promise<void>((resolve) => out.end(() => resolve()));
  reader.close();
}

async function exportAfter(dbPath: string, path: string): Promise<void> {
  const job: ExportJob = {
    dbPath, path, what: 'messages', format: 'csv', from: null, to: null, contactIds: null,
    conversationId: null, secrets: [], logFile: null, exportedAt: Date.now(), chunkRows: 500,
  }; // prettier-ignore
  const end = await writeExport(job, { progress: () => {}, canceled: () => false });
  if (end.outcome !== 'finished') throw new Error(`export ${end.outcome}`);
}

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

async function main() {
  const messages = option('messages', 200_000);
  const rounds = option('rounds', 3);
  const tmp = makeTempDir();
  try {
    const dbPath = join(tmp.path, 'switchboard.db');
    const db = openDatabase(dbPath);
    seedHistory(db, { contacts: 500, messages });
    db.close();
    const times: Record<'before' | 'after', number[]> = { before: [], after: [] };
    for (let round = 0; round < rounds; round += 1) {
      for (const [name, run] of [
        ['before', exportBefore],
        ['after', exportAfter],
      ] as const) {
        const path = join(tmp.path, `${name}.csv`);
        rmSync(path, { force: true });
        const started = performance.now();
        await run(dbPath, path);
        times[name].push(performance.now() - started);
      }
      const same = readFileSync(join(tmp.path, 'before.csv')).equals(readFileSync(join(tmp.path, 'after.csv'))); // prettier-ignore
      if (!same) console.log(`round ${round + 1}: the two files differ`);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    console.log(`CSV export of ${messages.toLocaleString('en-US')} messages, ${rounds} rounds (median, ms)`); // prettier-ignore
    console.log(`| writer | median | all |\n| --- | ---: | --- |`);
    for (const name of ['before', 'after'] as const) {
      console.log(`| ${name} | ${median(times[name]).toFixed(0)} | ${times[name].map((t) => t.toFixed(0)).join(', ')} |`); // prettier-ignore
    }
  } finally {
    tmp.cleanup();
  }
}

void main();
