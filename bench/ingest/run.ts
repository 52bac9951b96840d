/**
 * Ingest benchmark: signed inbound webhooks against Switchboard's real core (src/main/serve.ts)
 * and against a naive baseline (bench/ingest/baseline.ts), each in its own child process with a
 * fresh data folder. Per target: warm-up, full speed (closed loop), fixed rate (open loop), then a
 * durability check (rows in the SQLite file vs. 200 answers). Prints figures; never fails on time.
 *
 *   npm run bench                                    # 3 rounds of switchboard, baseline, floor: ~4 min
 *   npm run bench -- --rounds 1 --requests 5000 --seconds 5 --targets switchboard,baseline
 *   npm run bench -- --instrument --targets switchboard,baseline
 *
 * Options (each also an env var BENCH_<NAME>): --rounds, --requests, --concurrency (a list, default
 * 64,256: full speed runs once per entry, and a server's capacity is its best), --max-seconds,
 * --rate, --seconds, --warmup, --targets (switchboard, baseline, floor), --instrument
 * (group-commit figures from inside the core). BENCH_CHILD_FLAGS passes node flags to the
 * servers, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
 *
 * Rounds: this kind of VM has noisy neighbours (the same target's throughput varies by ±20 %
 * between runs, and a single stalled fsync can decide a p99), so every target runs once per round,
 * in turn, and the verdict uses the median over rounds of the ratio measured within each round.
 */
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  fdatasyncSync,
  mkdtempSync,
  openSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import {
  buildSignedRequests,
  runClosedLoop,
  runOpenLoop,
  summarize,
  type LoadResult,
} from './load';
import {
  fakeCredentials,
  startTarget,
  targetNames,
  type RunningTarget,
  type StoredCounts,
  type TargetName,
} from './targets';
import type { CoreSnapshot } from './instrumentedCore';

interface Options {
  rounds: number;
  requests: number;
  /** Full speed runs once per entry: requests in flight. */
  concurrency: number[];
  maxSeconds: number;
  rate: number;
  seconds: number;
  warmup: number;
  targets: TargetName[];
  /** Run Switchboard's core with group-commit and event-loop instrumentation. */
  instrument: boolean;
}

function readOptions(argv: string[]): Options {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) continue;
    const [key, inline] = arg.slice(2).split('=', 2);
    if (key === 'instrument') args.set(key, inline ?? '1');
    else args.set(key!, inline ?? argv[++i] ?? '');
  }
  const pick = (name: string, fallback: string) =>
    args.get(name) ?? process.env[`BENCH_${name.replace(/-/g, '_').toUpperCase()}`] ?? fallback;
  const numberOption = (name: string, fallback: number, min: number) => {
    const value = Number(pick(name, String(fallback)));
    if (!Number.isFinite(value) || value < min) {
      throw new Error(`--${name} must be a number ≥ ${min}`);
    }
    return value;
  };
  const positive = (name: string, fallback: number) => numberOption(name, fallback, 1);
  const targets = pick('targets', 'switchboard,baseline,floor')
    .split(',')
    .map((t) => t.trim());
  for (const t of targets) {
    if (!(targetNames as readonly string[]).includes(t)) {
      throw new Error(`unknown target "${t}" (one of ${targetNames.join(', ')})`);
    }
  }
  return {
    rounds: Math.round(positive('rounds', 3)),
    requests: Math.round(positive('requests', 20_000)),
    concurrency: pick('concurrency', '64,256')
      .split(',')
      .map((value) => {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 1) throw new Error('--concurrency takes whole numbers ≥ 1');
        return n;
      }),
    maxSeconds: positive('max-seconds', 30),
    rate: positive('rate', 1000),
    seconds: positive('seconds', 10),
    warmup: Math.round(numberOption('warmup', 1000, 0)),
    targets: targets as TargetName[],
    instrument: !['', '0', 'false'].includes(pick('instrument', '')),
  };
}

// ---------------------------------------------------------------------------------------------
// The machine

function filesystemOf(path: string): string {
  try {
    const real = realpathSync(path);
    let best = { mount: '', line: 'unknown' };
    for (const line of readFileSync('/proc/mounts', 'utf8').split('\n')) {
      const [device, mount, type, flags] = line.split(' ');
      if (!device || !mount || !type) continue;
      const inside = real === mount || real.startsWith(mount.endsWith('/') ? mount : `${mount}/`);
      if (inside && mount.length >= best.mount.length) {
        best = { mount, line: `${type} on ${device} (mounted at ${mount}; ${flags ?? ''})` };
      }
    }
    return best.line;
  } catch {
    return 'unknown (no /proc/mounts)';
  }
}

/** What one durable commit costs on this disk: 4 KiB write + fdatasync, in the temp folder. */
function probeFsync(samples = 200): { p50: number; p99: number; max: number } {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-fsync-'));
  const fd = openSync(join(dir, 'probe'), 'w');
  const block = Buffer.alloc(4096, 1);
  const times = new Float64Array(samples);
  try {
    for (let i = 0; i < samples; i++) {
      const t0 = performance.now();
      writeSync(fd, block, 0, block.length, i * block.length);
      fdatasyncSync(fd);
      times[i] = performance.now() - t0;
    }
  } finally {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
  return summarize(times);
}

/** What the baseline pays per request on this disk: one autocommitted INSERT, WAL + FULL. */
function probeSqliteCommit(samples = 200): { p50: number; p99: number; max: number } {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-commit-'));
  const db = new Database(join(dir, 'probe.db'));
  const times = new Float64Array(samples);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    for (let i = 0; i < samples; i++) {
      const t0 = performance.now();
      insert.run(`row ${i}`);
      times[i] = performance.now() - t0;
    }
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return summarize(times);
}

const clockTicks = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU time (user + system) a process has used so far, ms; NaN where /proc is missing. */
function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After "pid (comm) ": state is field 3, utime 14 and stime 15 (1-based) => indexes 11, 12.
    return ((Number(fields[11]) + Number(fields[12])) / clockTicks) * 1000;
  } catch {
    return NaN;
  }
}

const clientCpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

// ---------------------------------------------------------------------------------------------
// One target

/** Data folders to delete once every target ran. */
const dataDirs: string[] = [];

interface PhaseFigures {
  label: string;
  result: LoadResult;
  /** Server and client CPU per request, ms. */
  serverCpuPerRequest: number;
  clientCpuPerRequest: number;
  core: CoreSnapshot | undefined;
}

interface TargetFigures {
  name: TargetName;
  round: number;
  /** One per concurrency. */
  full: PhaseFigures[];
  fixed: PhaseFigures;
  answered200: number;
  stored: StoredCounts | undefined;
}

async function measure(
  label: string,
  target: RunningTarget,
  run: () => Promise<LoadResult>,
): Promise<PhaseFigures> {
  await target.snapshot(); // start the core's counters from here
  const server0 = processCpuMs(target.pid);
  const client0 = clientCpuMs();
  const result = await run();
  const n = Math.max(1, result.sent);
  return {
    label,
    result,
    serverCpuPerRequest: (processCpuMs(target.pid) - server0) / n,
    clientCpuPerRequest: (clientCpuMs() - client0) / n,
    core: await target.snapshot(),
  };
}

async function benchTarget(
  name: TargetName,
  round: number,
  options: Options,
  runTag: number,
): Promise<TargetFigures> {
  const credentials = fakeCredentials();
  const target = await startTarget(name, credentials, { instrument: options.instrument });
  try {
    const fixedCount = Math.round(options.rate * options.seconds);
    const fullCount = options.requests * options.concurrency.length;
    const requests = buildSignedRequests(options.warmup + fullCount + fixedCount, {
      baseUrl: target.webhookUrl,
      authToken: credentials.authToken,
      accountSid: credentials.accountSid,
      runTag,
    });
    const warmupSet = requests.slice(0, options.warmup);
    const fixedSet = requests.slice(options.warmup + fullCount);

    log(`  ${name}: ready at ${target.webhookUrl} (pid ${target.pid})`);
    const warm = await runClosedLoop(target.webhookUrl, warmupSet, {
      concurrency: 16,
      maxMs: 30_000,
    });
    log(`  ${name}: warm-up ${warm.ok}/${warm.sent} ok`);

    const full: PhaseFigures[] = [];
    for (const [i, concurrency] of options.concurrency.entries()) {
      const from = options.warmup + i * options.requests;
      const phase = await measure(`full speed ×${concurrency}`, target, () =>
        runClosedLoop(target.webhookUrl, requests.slice(from, from + options.requests), {
          concurrency,
          maxMs: options.maxSeconds * 1000,
        }),
      );
      log(`  ${name}: ${phase.label} done (${phase.result.sent} requests)`);
      full.push(phase);
    }
    const fixed = await measure(`${options.rate}/s`, target, () =>
      runOpenLoop(target.webhookUrl, fixedSet, {
        ratePerSecond: options.rate,
        seconds: options.seconds,
      }),
    );
    log(`  ${name}: fixed rate done (${fixed.result.sent} requests)`);

    await target.stop();
    return {
      name,
      round,
      full,
      fixed,
      answered200: warm.ok + full.reduce((sum, p) => sum + p.result.ok, 0) + fixed.result.ok,
      stored: target.countStored(),
    };
  } finally {
    await target.stop();
    // Deleted at the very end: freeing tens of MB on a disk mounted with `discard` can stall the
    // next target's fsyncs.
    dataDirs.push(target.dataDir);
  }
}

// ---------------------------------------------------------------------------------------------
// Output

const log = (line: string) => console.log(line);
const ms = (value: number) =>
  Number.isFinite(value) ? value.toFixed(value < 10 ? 2 : value < 100 ? 1 : 0) : 'n/a';
const throughput = (p: PhaseFigures) => p.result.ok / (p.result.elapsedMs / 1000);
/** A server's capacity: its best full-speed figure over the concurrencies tried. */
const capacity = (f: TargetFigures) => Math.max(...f.full.map(throughput));
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

function failuresText(result: LoadResult): string {
  const failed = result.sent - result.ok;
  if (failed === 0) return '0';
  const kinds = [...result.failures].map(([kind, n]) => `${n}× ${kind}`).join(', ');
  return `${failed} (${kinds})`;
}

function row(name: string, phase: PhaseFigures): string[] {
  const latency = summarize(phase.result.latencies);
  return [
    name,
    phase.label,
    String(phase.result.sent),
    throughput(phase).toFixed(0),
    ms(latency.p50),
    ms(latency.p99),
    ms(latency.max),
    failuresText(phase.result),
    ms(phase.serverCpuPerRequest),
    ms(phase.clientCpuPerRequest),
  ];
}

function coreRow(name: string, phase: PhaseFigures): string[] {
  const c = phase.core!;
  return [
    name,
    phase.label,
    String(c.flushes),
    (c.items / Math.max(1, c.flushes)).toFixed(1),
    `${c.batchP50} / ${c.batchP99} / ${c.batchMax}`,
    `${ms(c.flushMsP50)} / ${ms(c.flushMsP99)} / ${ms(c.flushMsMax)}`,
    `${(c.flushShare * 100).toFixed(0)} %`,
    `${ms(c.loopDelayMsP99)} / ${ms(c.loopDelayMsMax)}`,
  ];
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => r[col]!.length)));
  const line = (r: string[]) =>
    `| ${r.map((cell, col) => cell.padEnd(widths[col]!)).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(rows[0]!), rule, ...rows.slice(1).map(line)].join('\n');
}

function durabilityLine(f: TargetFigures, name: string): string {
  const s = f.stored;
  if (!s) return `  ${name}: stores nothing (calibration only)`;
  const acked = f.answered200;
  const counts = [s.messages, s.webhookLog, s.draftJobs].filter(
    (n): n is number => n !== undefined,
  );
  const extra =
    s.webhookLog !== undefined
      ? `, webhook_log 200 lines ${s.webhookLog}, draft jobs ${s.draftJobs}`
      : '';
  let verdict: string;
  if (counts.some((n) => n !== s.messages)) {
    verdict = 'MISMATCH: the rows of one webhook were not committed together';
  } else if (s.messages < acked) {
    verdict = `LOST WRITES: ${acked - s.messages} acknowledged requests are not in the file`;
  } else if (s.messages > acked) {
    // Committed, but the answer did not reach the client in time: Twilio would retry, and the
    // MessageSid dedupe absorbs the retry. Not a loss.
    verdict = `OK, nothing acknowledged was lost (${s.messages - acked} stored whose answer timed out)`;
  } else {
    verdict = 'OK';
  }
  return `  ${name}: 200 answers ${acked}, messages ${s.messages}${extra}: ${verdict}`;
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  const started = performance.now();
  const fsync = probeFsync();
  const commit = probeSqliteCommit();
  log('# Switchboard ingest benchmark');
  log('');
  log(`date:       ${new Date().toISOString()}`);
  log(
    `machine:    ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'}), ` +
      `node ${process.version}, ${process.platform}/${process.arch}`,
  );
  log(`temp dir:   ${realpathSync(tmpdir())}: ${filesystemOf(tmpdir())}`);
  log(
    `fsync:      4 KiB write + fdatasync: p50 ${ms(fsync.p50)} ms, p99 ${ms(fsync.p99)} ms, max ${ms(fsync.max)} ms`,
  );
  log(
    `commit:     one-row SQLite commit, WAL + synchronous=FULL: p50 ${ms(commit.p50)} ms, p99 ${ms(commit.p99)} ms, max ${ms(commit.max)} ms`,
  );
  log(
    `load:       warm-up ${options.warmup} requests @ concurrency 16; full speed ${options.requests} ` +
      `requests at each of ${options.concurrency.join(', ')} in flight (cap ${options.maxSeconds} s each); ` +
      `fixed rate ${options.rate}/s for ${options.seconds} s (open loop); ` +
      `${options.rounds} round(s), targets in turn`,
  );
  log('');

  const figures: TargetFigures[] = [];
  const runTag = Math.floor(Math.random() * 2 ** 31);
  for (let round = 1; round <= options.rounds; round++) {
    for (const [i, name] of options.targets.entries()) {
      log(`round ${round}/${options.rounds}: running ${name}…`);
      const tag = runTag + (round - 1) * options.targets.length + i;
      figures.push(await benchTarget(name, round, options, tag));
    }
  }
  const label = (f: TargetFigures) => (options.rounds > 1 ? `${f.name} #${f.round}` : f.name);

  log('');
  const header = [
    'target',
    'load',
    'requests',
    'req/s',
    'p50 ms',
    'p99 ms',
    'max ms',
    'failed',
    'server CPU ms/req',
    'client CPU ms/req',
  ];
  const phases = (f: TargetFigures) => [...f.full, f.fixed];
  log(table([header, ...figures.flatMap((f) => phases(f).map((p) => row(label(f), p)))]));
  log('');
  log("Latency is per request, send to full answer. At the fixed rate it runs from each request's");
  log('scheduled send time (open loop), so a stalled server cannot hide behind a waiting client.');
  for (const f of figures) {
    const lag = f.fixed.result.sendLag ? summarize(f.fixed.result.sendLag) : undefined;
    if (lag)
      log(
        `  ${label(f)}: the client's own send lag at ${f.fixed.label}: p99 ${ms(lag.p99)} ms, max ${ms(lag.max)} ms (included above)`,
      );
  }

  const instrumented = figures.filter((f) => phases(f).every((p) => p.core));
  if (instrumented.length > 0) {
    log('');
    log('Group commit inside Switchboard (instrumented core):');
    const coreHeader = [
      'target',
      'load',
      'flushes',
      'mean batch',
      'batch p50/p99/max',
      'flush ms p50/p99/max',
      'time in flush',
      'loop delay ms p99/max',
    ];
    log(
      table([
        coreHeader,
        ...instrumented.flatMap((f) => phases(f).map((p) => coreRow(label(f), p))),
      ]),
    );
  }

  log('');
  log(
    'Durability: rows in the SQLite file, read after the server stopped, vs. 200 answers (warm-up included):',
  );
  for (const f of figures) log(durabilityLine(f, label(f)));

  const rounds = (name: TargetName) => figures.filter((f) => f.name === name);
  const switchboard = rounds('switchboard');
  const baseline = rounds('baseline');
  if (switchboard.length > 0) {
    const rates = switchboard.map(capacity);
    const p99s = switchboard.map((f) => summarize(f.fixed.result.latencies).p99);
    const fixedLabel = switchboard[0]!.fixed.label;
    const list = (values: number[], digits: number) =>
      values.map((v) => v.toFixed(digits)).join(', ');
    log('');
    log(
      `switchboard full speed (best of the concurrencies): median ${median(rates).toFixed(0)} req/s (rounds: ${list(rates, 0)})`,
    );
    if (baseline.length === switchboard.length) {
      const baseRates = baseline.map(capacity);
      const ratios = switchboard.map((f, i) => capacity(f) / baseRates[i]!);
      const ratio = median(ratios);
      log(
        `baseline full speed (best of the concurrencies):    median ${median(baseRates).toFixed(0)} req/s (rounds: ${list(baseRates, 0)})`,
      );
      log(
        `switchboard / baseline, within each round: ${list(ratios, 2)}; median ${ratio.toFixed(2)}× ` +
          `(target ≥ 4×: ${ratio >= 4 ? 'met' : 'not met'})`,
      );
    }
    const p99 = median(p99s);
    log(
      `switchboard p99 at ${fixedLabel}: median ${ms(p99)} ms (rounds: ${list(p99s, 1)}) ` +
        `(target ≤ 10 ms: ${p99 <= 10 ? 'met' : 'not met'})`,
    );
  }
  log('');
  log(`total time ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => {
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });
