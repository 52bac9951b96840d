/**
 * Switchboard's core as serve.ts starts it (createApp, same env), plus measurements the benchmark
 * cannot see from outside: group-commit batch sizes and flush times, and event-loop delay. Used by
 * `npm run bench -- --instrument` to explain the figures; the plain benchmark runs serve.ts itself.
 *
 * It patches GroupCommitter.prototype.flush at runtime (bench only; src/ stays untouched) and
 * answers "snapshot" messages on the IPC channel with the figures since the last snapshot.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
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

async function main(): Promise<void> {
  const config = configFromEnv();
  const app = await createApp(config, { logger: createRootLogger({ level: config.logLevel }) });
  process.on('message', (message) => {
    if (message !== 'snapshot') return;
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
