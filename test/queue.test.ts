import { spawn } from 'node:child_process';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/main/core/log';
import { backoffDelay } from '../src/main/core/queue/backoff';
import { enqueueJob } from '../src/main/core/queue/enqueue';
import { jobKinds } from '../src/main/core/queue/jobKinds';
import { PermanentJobError, RetryLaterError } from '../src/main/core/queue/errors';
import { JobWorker, type JobHandlers, type WorkerOptions } from '../src/main/core/queue/worker';
import { IngestRate } from '../src/main/core/webhooks/ingestRate';
import {
  openStore,
  withoutFsync,
  type Db,
  type Engine,
  type SqliteDb,
} from '../src/main/core/store/database';
import {
  getJob,
  insertJob,
  leaseJobs,
  listDeadJobs,
  queueStats,
  requeueDeadJob,
} from '../src/main/core/store/jobs';
import { deferred, when } from './support/deferred';
import { describeOnEngines, freshPostgresUrl } from './support/storeEngines';
import { makeTempDir } from './support/tempDir';

const fast = { baseMs: 5, maxMs: 20 };

function makeHarness(handlers: JobHandlers, db: Db, extra: Partial<WorkerOptions> = {}) {
  const listeners = new Set<() => void>();
  const worker = new JobWorker({
    ...extra,
    db,
    handlers,
    logger: extra.logger ?? silentLogger,
    backoff: fast,
    leaseMs: 5_000,
    onChange: () => listeners.forEach((l) => l()),
  });
  const stateOf = (id: number) => getJob(db, id)?.state;
  const until = (check: () => boolean) =>
    when(check, (fn) => {
      listeners.add(fn);
      return () => listeners.delete(fn);
    });
  return { db, worker, stateOf, until };
}

/**
 * What a full disk does to the store: every write refused, reads still answered. PostgreSQL's
 * nearest equivalent is a session whose transactions are read-only.
 */
function refuseWrites(db: Db, engine: Engine, refuse: boolean): void {
  if (engine === 'sqlite') (db as SqliteDb).pragma(`query_only = ${refuse ? 'ON' : 'OFF'}`);
  else db.exec(`SET default_transaction_read_only = ${refuse ? 'on' : 'off'}`);
}

describeOnEngines('job queue', ({ name: engine, open }) => {
  const harness = (handlers: JobHandlers, db: Db = open(), extra: Partial<WorkerOptions> = {}) =>
    makeHarness(handlers, db, extra);
  const workers: JobWorker[] = [];
  const cleanups: Array<() => void> = [];
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.drain(100)));
    cleanups.splice(0).forEach((c) => c());
  });

  it('commits a job only with the transaction that caused it', () => {
    const db = open();
    expect(() =>
      db.transaction(() => {
        enqueueJob(db, 'draft', { messageId: 1 }, { now: 1 });
        throw new Error('the message insert failed');
      })(),
    ).toThrow();
    expect(queueStats(db)).toEqual({ queued: 0, running: 0, dead: 0 });
    db.transaction(() => enqueueJob(db, 'draft', { messageId: 1 }, { now: 1 }))();
    expect(queueStats(db).queued).toBe(1);
  });

  it('refuses a second job with the same dedupe key', () => {
    const db = open();
    expect(enqueueJob(db, 'draft', { messageId: 1 }, { now: 1, dedupeKey: 'draft:1' })).toBeTypeOf(
      'number',
    );
    expect(
      enqueueJob(db, 'draft', { messageId: 1 }, { now: 2, dedupeKey: 'draft:1' }),
    ).toBeUndefined();
  });

  it('validates payloads when writing', () => {
    const db = open();
    expect(() => enqueueJob(db, 'draft', { messageId: -1 }, { now: 1 })).toThrow();
  });

  it('runs a job with its payload and marks it done', async () => {
    const seen = deferred<number>();
    const { db, worker, stateOf, until } = harness({
      draft: async ({ messageId }) => seen.resolve(messageId),
    });
    workers.push(worker);
    const id = enqueueJob(db, 'draft', { messageId: 42 }, { now: Date.now() })!;
    worker.start();
    expect(await seen.promise).toBe(42);
    await until(() => stateOf(id) === 'done');
  });

  it('retries a failing job with backoff until it succeeds', async () => {
    let calls = 0;
    const { db, worker, stateOf, until } = harness({
      draft: async () => {
        calls += 1;
        if (calls < 3) throw new Error(`upstream said no (${calls})`);
      },
    });
    workers.push(worker);
    const id = enqueueJob(db, 'draft', { messageId: 1 }, { now: Date.now() })!;
    worker.start();
    await until(() => stateOf(id) === 'done');
    expect(calls).toBe(3);
    expect(getJob(db, id)!.attempts).toBe(3);
  });

  it('honours a Retry-After from the handler', async () => {
    let calls = 0;
    const { db, worker, stateOf, until } = harness({
      draft: async () => {
        calls += 1;
        if (calls === 1) throw new RetryLaterError('429', 60_000);
      },
    });
    workers.push(worker);
    const id = enqueueJob(db, 'draft', { messageId: 1 }, { now: Date.now() })!;
    worker.start();
    await until(() => getJob(db, id)!.state === 'queued' && calls === 1);
    expect(getJob(db, id)!.run_after).toBeGreaterThan(Date.now() + 50_000);
    expect(stateOf(id)).toBe('queued');
  });

  it('marks a job dead after its last attempt, shows why, and runs it again on retry', async () => {
    let fail = true;
    const { db, worker, stateOf, until } = harness({
      draft: async () => {
        if (fail) throw new Error('model not found');
      },
    });
    workers.push(worker);
    const id = enqueueJob(db, 'draft', { messageId: 1 }, { now: Date.now() })!;
    worker.start();
    await until(() => stateOf(id) === 'dead');
    expect(getJob(db, id)!.attempts).toBe(5);
    expect(listDeadJobs(db)).toEqual([
      expect.objectContaining({ id, kind: 'draft', lastError: 'model not found' }),
    ]);
    fail = false;
    expect(requeueDeadJob(db, { id, now: Date.now() })).toBe(true);
    worker.wake();
    await until(() => stateOf(id) === 'done');
  });

  it('does not retry a permanent failure', async () => {
    let calls = 0;
    const { db, worker, stateOf, until } = harness({
      draft: async () => {
        calls += 1;
        throw new PermanentJobError('the contact opted out');
      },
    });
    workers.push(worker);
    const id = enqueueJob(db, 'draft', { messageId: 1 }, { now: Date.now() })!;
    worker.start();
    await until(() => stateOf(id) === 'dead');
    expect(calls).toBe(1);
    expect(getJob(db, id)!.last_error).toBe('the contact opted out');
  });

  it('turns a stored payload that no longer validates into a dead job, without calling the handler', async () => {
    let calls = 0;
    const { db, worker, stateOf, until } = harness({
      draft: async () => {
        calls += 1;
      },
    });
    workers.push(worker);
    const id = insertJob(db, {
      kind: 'draft',
      payload: { messageId: 'seven' },
      runAfter: 0,
      maxAttempts: 5,
      now: 0,
    })!;
    worker.start();
    await until(() => stateOf(id) === 'dead');
    expect(calls).toBe(0);
    expect(getJob(db, id)!.last_error).toMatch(/invalid payload/);
  });

  it('takes over a job whose lease expired', async () => {
    const ran = deferred();
    const { db, worker, stateOf, until } = harness({ draft: async () => ran.resolve() });
    workers.push(worker);
    const id = enqueueJob(db, 'draft', { messageId: 1 }, { now: 0 })!;
    // Another machine leased it and vanished; its lease ran out a moment ago.
    leaseJobs(db, { kinds: ['draft'], owner: 'elsewhere/1/x', now: 0, leaseMs: 1, limit: 1 });
    worker.start();
    await ran.promise;
    await until(() => stateOf(id) === 'done');
    expect(getJob(db, id)!.attempts).toBe(2);
  });

  it('leases expired work first, then the oldest due jobs, and never more than asked', () => {
    const db = open();
    const queued = (runAfter: number) =>
      enqueueJob(db, 'draft', { messageId: runAfter }, { now: 0, runAfter })!;
    const later = queued(30);
    const soonest = queued(10);
    const notYet = queued(1_000);
    const second = queued(20);
    const abandoned = queued(40);
    leaseJobs(db, { kinds: ['draft'], owner: 'gone/1/x', now: 40, leaseMs: 5, limit: 5 });
    expect(getJob(db, abandoned)!.state).toBe('running');
    for (const id of [soonest, second, later]) {
      db.prepare(`UPDATE jobs SET state = 'queued', lease_owner = NULL WHERE id = ?`).run(id);
    }

    const lease = (limit: number) =>
      leaseJobs(db, { kinds: ['draft'], owner: 'me/2/y', now: 100, leaseMs: 60_000, limit }).map(
        (job) => job.id,
      );
    expect(lease(2).sort()).toEqual([abandoned, soonest].sort());
    expect(lease(5)).toEqual([second, later].sort((a, b) => a - b));
    expect(getJob(db, notYet)!.state).toBe('queued');
    expect(getJob(db, abandoned)!.attempts).toBe(2);
  });

  it('keeps every commit outside the queue bookkeeping waiting for the disk', async () => {
    const { db, worker, stateOf, until } = harness({ draft: async () => undefined });
    workers.push(worker);
    const id = enqueueJob(db, 'draft', { messageId: 1 }, { now: 0 })!;
    worker.start();
    await until(() => stateOf(id) === 'done');
    // SQLite: 2 = FULL, what the webhook batches and operator commands rely on. PostgreSQL:
    // withoutFsync leaves the session alone, so every commit waits for the server's disk.
    const durability = () =>
      engine === 'sqlite'
        ? (db as SqliteDb).pragma('synchronous', { simple: true })
        : db.prepare('SHOW synchronous_commit').get();
    const full = engine === 'sqlite' ? 2 : { synchronous_commit: 'on' };
    expect(durability()).toEqual(full);
    expect(() =>
      withoutFsync(db, () => {
        throw new Error('the work failed');
      }),
    ).toThrow('the work failed');
    expect(durability()).toEqual(full);
  });

  it('holds a kind back while asked to, without holding back the others', async () => {
    let flood = true;
    const sent = deferred<number>();
    const drafted = deferred<number>();
    const { db, worker, stateOf, until } = harness(
      {
        draft: async ({ messageId }) => drafted.resolve(messageId),
        send: async ({ messageId }) => sent.resolve(messageId),
      },
      open(),
      { holdBack: (kind) => kind === 'draft' && flood, holdBackMs: 5 },
    );
    workers.push(worker);
    const draft = enqueueJob(db, 'draft', { messageId: 1 }, { now: Date.now() })!;
    enqueueJob(db, 'send', { messageId: 2 }, { now: Date.now() });
    worker.start();
    expect(await sent.promise).toBe(2);
    expect(stateOf(draft)).toBe('queued');
    flood = false; // looked at again on its own, without a wake()
    expect(await drafted.promise).toBe(1);
    await until(() => stateOf(draft) === 'done');
  });

  it('keeps running when the store refuses it, says so, and takes the job once the store is back', async () => {
    const refused = deferred<{ msg: string; retryInMs: number }>();
    const logger = pino(
      { level: 'warn' },
      {
        write: (line: string) => {
          const entry = JSON.parse(line) as { msg: string; retryInMs: number };
          if (entry.msg.startsWith('the job queue could not use the store')) refused.resolve(entry);
        },
      },
    );
    const ran = deferred<number>();
    const { db, worker } = harness(
      { draft: async ({ messageId }) => ran.resolve(messageId) },
      open(),
      { logger },
    );
    workers.push(worker);
    enqueueJob(db, 'draft', { messageId: 7 }, { now: Date.now() });
    refuseWrites(db, engine, true); // every write now fails, as on a full disk

    worker.start(); // the first poll fails inside a timer: that must not be an uncaught error
    expect((await refused.promise).retryInMs).toBe(1000);
    refuseWrites(db, engine, false);
    expect(await ran.promise).toBe(7);
  });

  it('drains: waits for running work and leases nothing new', async () => {
    const started = deferred();
    const release = deferred();
    let calls = 0;
    const { db, worker, stateOf } = harness({
      draft: async () => {
        calls += 1;
        started.resolve();
        await release.promise;
      },
    });
    const first = enqueueJob(db, 'draft', { messageId: 1 }, { now: Date.now() })!;
    worker.start();
    await started.promise;
    const drained = worker.drain(5_000);
    const second = enqueueJob(db, 'draft', { messageId: 2 }, { now: Date.now() })!;
    worker.wake();
    release.resolve();
    await drained;
    expect(stateOf(first)).toBe('done');
    expect(stateOf(second)).toBe('queued');
    expect(calls).toBe(1);
  });

  it('resumes work left running by a process that was killed', async () => {
    const tmp = makeTempDir();
    cleanups.push(tmp.cleanup);
    // A file both processes open, or a database both connect to.
    const location = engine === 'sqlite' ? join(tmp.path, 'queue.db') : freshPostgresUrl();
    const db = openStore(location);
    cleanups.unshift(() => db.close());
    const ids = [1, 2, 3].map((n) =>
      enqueueJob(db, 'draft', { messageId: n }, { now: Date.now() })!,
    );

    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(__dirname, 'support/hangingWorker.ts'), location, '3'],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('leased')) resolve();
      });
      child.on('exit', (code) => reject(new Error(`child exited early (${code})`)));
    });
    expect(queueStats(db).running).toBe(3);
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGKILL');
    await exited;

    // The leases would last ten minutes; the restarted worker sees their owner is gone.
    const done: number[] = [];
    const { worker, until, stateOf } = harness(
      { draft: async ({ messageId }) => void done.push(messageId) },
      db,
    );
    workers.push(worker);
    worker.start();
    await until(() => ids.every((id) => stateOf(id) === 'done'));
    expect(done.sort()).toEqual([1, 2, 3]);
  });
});

describe('ingest rate', () => {
  it('measures webhooks per second over the last moments, down to zero after a flood', () => {
    let at = 1_000;
    const rate = new IngestRate(() => at, 100);
    for (let i = 0; i < 50; i++) {
      rate.record();
      at += 1; // 50 webhooks in 50 ms
    }
    expect(rate.perSecond()).toBeGreaterThan(300);
    at += 60;
    rate.record(); // a trickle afterwards
    at += 150;
    expect(rate.perSecond()).toBeLessThan(10);
    at += 200;
    expect(rate.perSecond()).toBe(0);
  });
});

describe('retries outlast a ten-minute outage of the carrier or the AI service', () => {
  for (const kind of ['send', 'draft'] as const) {
    it(`spreads a ${kind} job's attempts over more than ten minutes, even with the shortest jitter`, () => {
      const { backoff, maxAttempts } = jobKinds[kind];
      let shortest = 0;
      let longest = 0;
      for (let failures = 1; failures < maxAttempts; failures += 1) {
        shortest += backoffDelay(failures, backoff, () => 0);
        longest += backoffDelay(failures, backoff, () => 1);
      }
      expect(shortest).toBeGreaterThan(10 * 60_000);
      expect(longest).toBeLessThan(30 * 60_000); // and the operator still hears within half an hour
    });
  }

  it('still retries a draft within seconds of a passing failure', () => {
    expect(backoffDelay(1, jobKinds.draft.backoff, () => 1)).toBeLessThanOrEqual(3_000);
  });
});
