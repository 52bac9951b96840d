/**
 * The ingest thread as the app runs it (webhooks/ingestThread.ts), with its group commit timed:
 * every flush's batch size and duration go to instrumentedCore.ts on the main thread over a
 * BroadcastChannel. Bench only; src/ stays untouched.
 */
import { BroadcastChannel } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { GroupCommitter } from '../../src/main/core/webhooks/groupCommit';
import { FLUSH_CHANNEL, type FlushFigure } from './flushChannel';

const channel = new BroadcastChannel(FLUSH_CHANNEL);
channel.unref();
type Flushable = { pending: unknown[]; flush(): void };
const proto = GroupCommitter.prototype as unknown as Flushable;
const originalFlush = proto.flush;
proto.flush = function (this: Flushable) {
  const size = this.pending.length;
  const t0 = performance.now();
  originalFlush.call(this);
  if (size > 0) channel.postMessage({ size, ms: performance.now() - t0 } satisfies FlushFigure);
};

await import('../../src/main/core/webhooks/ingestThread');
