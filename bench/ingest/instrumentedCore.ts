/**
 * Switchboard's core as serve.ts starts it (createApp, same env), plus measurements the benchmark
 * cannot see from outside: group-commit batch sizes and flush times, and event-loop delay. Used by
 * `npm run bench -- --instrument` to explain the figures; the plain benchmark runs serve.ts itself.
 *
 * It patches GroupCommitter.prototype.flush at runtime (bench only; src/ stays untouched) and
 * answers "snapshot" messages on the IPC channel with the figures since the last snapshot.
 *
 * With BENCH_WHAT_IF=1 (`npm run bench -- --what-if`) it also simulates fixes proposed in
 * BENCHMARKS.md for the job-queue queries that scan every job on each webhook. That is NOT the real
 * core: it estimates what the fix would buy, and its figures are labelled as such.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { createApp } from '../../src/main/core/app';
import { configFromEnv } from '../../src/main/core/config';
import { createRootLogger } from '../../src/main/core/log';
import { GroupCommitter } from '../../src/main/core/webhooks/groupCommit';

export interface CoreSnapshot {
  flushes: number;
  items: number;
  batchP50: number;
  batchP99: number;
  batchMax: number;
  flushMsP50: number;
  flushMsP99: number;
  flushMsMax: number;
  /** Share of wall time spent inside flush (work + COMMIT with its fsync). */
  flushShare: number;
  loopDelayMsP99: number;
  loopDelayMsMax: number;
}

let batches: number[] = [];
let flushMs: number[] = [];
let since = performance.now();
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
loopDelay.enable();

type Flushable = { pending: unknown[]; flush(): void };
const proto = GroupCommitter.prototype as unknown as Flushable;
const originalFlush = proto.flush;
proto.flush = function (this: Flushable) {
  const size = this.pending.length;
  const t0 = performance.now();
  originalFlush.call(this);
  if (size > 0) {
    batches.push(size);
    flushMs.push(performance.now() - t0);
  }
};

const percentile = (values: number[], q: number) => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
};

function snapshot(): CoreSnapshot {
  const wall = performance.now() - since;
  const result: CoreSnapshot = {
    flushes: batches.length,
    items: batches.reduce((a, b) => a + b, 0),
    batchP50: percentile(batches, 0.5),
    batchP99: percentile(batches, 0.99),
    batchMax: Math.max(0, ...batches),
    flushMsP50: percentile(flushMs, 0.5),
    flushMsP99: percentile(flushMs, 0.99),
    flushMsMax: Math.max(0, ...flushMs),
    flushShare: flushMs.reduce((a, b) => a + b, 0) / wall,
    loopDelayMsP99: loopDelay.percentile(99) / 1e6,
    loopDelayMsMax: loopDelay.max / 1e6,
  };
  batches = [];
  flushMs = [];
  since = performance.now();
  loopDelay.reset();
  return result;
}

// ---------------------------------------------------------------------------------------------
// What-if: the queue queries made independent of how many jobs exist.

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

const whatIfRewrites: Array<{ name: string; match: RegExp; sql: string; used: boolean }> = [
  {
    // queueStats scans the whole jobs_ready index (state <> 'done' counts every job ever made).
    // Stand-in for counters kept up to date, or stats computed at most a few times a second.
    name: 'queueStats without a scan',
    match: /^SELECT state, COUNT\(\*\) AS n FROM jobs WHERE state <> 'done' GROUP BY state$/,
    sql: `SELECT 'queued' AS state, 0 AS n WHERE 0`,
    used: false,
  },
  {
    // leaseJobs filters kind after walking every runnable job of any kind; split the OR so each
    // half is a range on the (kind, state, run_after) index created below.
    name: 'leaseJobs per kind',
    match:
      /^UPDATE jobs SET state = 'running', attempts = attempts \+ 1, lease_owner = \?, lease_expires_at = \?, updated_at = \? WHERE id IN \( SELECT id FROM jobs WHERE kind IN \(SELECT value FROM json_each\(\?\)\) AND \(\(state = 'queued' AND run_after <= \?\) OR \(state = 'running' AND lease_expires_at <= \?\)\) ORDER BY run_after, id LIMIT \?\) RETURNING (.*)$/,
    // The parameters keep the original order (bound positionally), hence the CTE.
    sql: `WITH p AS (SELECT ? AS owner, ? AS until, ? AS now, ? AS kinds, ? AS due, ? AS expired, ? AS lim)
     UPDATE jobs
     SET state = 'running', attempts = attempts + 1, lease_owner = (SELECT owner FROM p),
         lease_expires_at = (SELECT until FROM p), updated_at = (SELECT now FROM p)
     WHERE id IN (
       SELECT id FROM (
         SELECT id, run_after FROM jobs
         WHERE kind IN (SELECT value FROM json_each((SELECT kinds FROM p)))
           AND state = 'queued' AND run_after <= (SELECT due FROM p)
         UNION ALL
         SELECT id, run_after FROM jobs
         WHERE kind IN (SELECT value FROM json_each((SELECT kinds FROM p)))
           AND state = 'running' AND lease_expires_at <= (SELECT expired FROM p))
       ORDER BY run_after, id LIMIT (SELECT lim FROM p))
     RETURNING $1`,
    used: false,
  },
];

function installWhatIf(): void {
  const proto = Database.prototype as unknown as { prepare(this: unknown, text: string): unknown };
  const prepare = proto.prepare;
  proto.prepare = function (this: unknown, text: string) {
    const flat = squash(text);
    for (const rule of whatIfRewrites) {
      const found = rule.match.exec(flat);
      if (!found) continue;
      rule.used = true;
      return prepare.call(this, rule.sql.replace('$1', found[1] ?? ''));
    }
    return prepare.call(this, text);
  };
}

async function main(): Promise<void> {
  const whatIf = process.env.BENCH_WHAT_IF === '1';
  if (whatIf) installWhatIf();
  const config = configFromEnv();
  const app = await createApp(config, { logger: createRootLogger({ level: config.logLevel }) });
  if (whatIf) {
    // What nextRunAt and the split leaseJobs need to touch only the kinds they run.
    app.db.exec('CREATE INDEX IF NOT EXISTS bench_jobs_by_kind ON jobs (kind, state, run_after)');
  }
  process.on('message', (message) => {
    if (message !== 'snapshot') return;
    const unused = whatIf
      ? whatIfRewrites.filter((rule) => !rule.used).map((rule) => rule.name)
      : [];
    if (unused.length > 0) {
      process.stderr.write(
        `what-if: rewrite not applied (did the SQL change?): ${unused.join(', ')}\n`,
      );
    }
    process.send?.({ snapshot: snapshot() });
  });
  process.stdout.write(`${JSON.stringify({ ready: true, webhookUrl: app.webhook.url })}\n`);
  process.on('SIGTERM', () => {
    void app.close().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`instrumented core could not start: ${String(error)}\n`);
  process.exit(1);
});
