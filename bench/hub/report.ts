/** The hub benchmark's tables: per target and load, then the best full-speed figure per target. */
import { summarize, type LoadResult } from '../ingest/load';
import type { StoredCounts } from './processes';

export interface Phase {
  label: string;
  result: LoadResult;
  /** Closed loop (counts towards the target's capacity). */
  full: boolean;
}

export interface TargetFigures {
  label: string;
  round: number;
  phases: Phase[];
  answered200: number;
  stored: StoredCounts;
}

const ms = (value: number) =>
  Number.isFinite(value) ? value.toFixed(value < 10 ? 2 : value < 100 ? 1 : 0) : 'n/a';
const textsPerSecond = (p: Phase) => p.result.ok / (p.result.elapsedMs / 1000);
/** A target's capacity: its best full-speed figure over the concurrencies tried. */
const capacity = (f: TargetFigures) =>
  Math.max(...f.phases.filter((p) => p.full).map(textsPerSecond));
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => r[col]!.length)));
  const line = (r: string[]) =>
    `| ${r.map((cell, col) => cell.padEnd(widths[col]!)).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(rows[0]!), rule, ...rows.slice(1).map(line)].join('\n');
}

function failures(result: LoadResult): string {
  const failed = result.sent - result.ok;
  if (failed === 0) return '0';
  return `${failed} (${[...result.failures].map(([kind, n]) => `${n}× ${kind}`).join(', ')})`;
}

/** Rows in the database, read after the processes stopped, against the 200 answers. */
export function durabilityLine(f: TargetFigures): string {
  const s = f.stored;
  const together = [s.webhookLog, s.draftJobs].every((n) => n === undefined || n === s.messages);
  const extra =
    s.webhookLog !== undefined
      ? `, webhook_log 200 lines ${s.webhookLog}, draft jobs ${s.draftJobs}`
      : '';
  const verdict =
    f.answered200 === 0
      ? 'NOTHING ANSWERED 200: see the failures above'
      : !together
        ? 'MISMATCH: the rows of one webhook were not committed together'
        : s.messages < f.answered200
          ? `LOST WRITES: ${f.answered200 - s.messages} acknowledged requests are not stored`
          : 'OK';
  return `  ${f.label}: 200 answers ${f.answered200}, messages ${s.messages}${extra}: ${verdict}`;
}

export function report(figures: TargetFigures[], log: (line: string) => void): void {
  if (figures.length === 0) return;
  const label = (f: TargetFigures) =>
    figures.some((g) => g.round > 1) ? `${f.label} (r${f.round})` : f.label;
  const header = [
    'target',
    'load',
    'requests',
    'texts/s',
    'ack p50 ms',
    'ack p99 ms',
    'max ms',
    'failed',
  ];
  const rows = figures.flatMap((f) =>
    f.phases.map((p) => {
      const latency = summarize(p.result.latencies);
      return [
        label(f),
        p.label,
        String(p.result.sent),
        textsPerSecond(p).toFixed(0),
        ms(latency.p50),
        ms(latency.p99),
        ms(latency.max),
        failures(p.result),
      ];
    }),
  );
  log('');
  log(table([header, ...rows]));
  log('');
  log('Latency is per request, send to full answer (at the fixed rate from its scheduled time).');
  log('');
  log('Durability (rows in the database after the processes stopped vs. 200 answers):');
  for (const f of figures) log(durabilityLine(f));
  log('');
  const labels = [...new Set(figures.map((f) => f.label))];
  const naive = figures.filter((f) => f.label === 'naive peer').map(capacity);
  for (const name of labels) {
    const rates = figures.filter((f) => f.label === name).map(capacity);
    const vsNaive =
      naive.length > 0 && name !== 'naive peer'
        ? ` (${(median(rates) / median(naive)).toFixed(2)}× the naive peer)`
        : '';
    log(
      `${name.padEnd(10)} full speed, best of the concurrencies: median ${median(rates).toFixed(0)} texts/s${vsNaive}`,
    );
  }
}
