import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/main/core/log';
import { enqueueJob } from '../src/main/core/queue/enqueue';
import { JobWorker } from '../src/main/core/queue/worker';
import { openPostgres, type Db } from '../src/main/core/store/database';
import { getJob, leaseJobs, queueStats } from '../src/main/core/store/jobs';
import { deferred, when } from './support/deferred';
import { freshPostgresUrl, storeEngines } from './support/storeEngines';

/**
 * A hub: one queue in one PostgreSQL database, worked by several connections in one process and
 * by several processes at once. Each job must run once, none may be lost, and a worker that dies
 * holding leases must not take its jobs with it.
 */
const postgres = storeEngines.find((engine) => engine.name === 'postgres')!;
const JOBS = 2_000;
/** Thousands of round trips and child processes on a shared, busy machine: room, not a limit. */
const HEAVY = 180_000;

/** Enqueues draft jobs for messages 1…count in one transaction, as another process would. */
function enqueueDrafts(db: Db, count: number): number[] {
  return db.transaction(() => {
    const ids: number[] = [];
    for (let n = 1; n <= count; n++) {
      ids.push(enqueueJob(db, 'draft', { messageId: n }, { now: Date.now() })!);
    }
    return ids;
  })();
}

/** How the jobs ended: how many, how many done, and the most attempts any of them took. */
function outcome(db: Db): { n: number; done: number; most: number } {
  return db
    .prepare(
      `SELECT COUNT(*) AS n, SUM(CASE WHEN state = 'done' THEN 1 ELSE 0 END) AS done,
         MAX(attempts) AS most FROM jobs`,
    )
    .get() as { n: number; done: number; most: number };
}

const oneToN = (count: number) => Array.from({ length: count }, (_, i) => i + 1);

/** A child process working the queue (test/support/queueProcess.ts), with what it says. */
function startWorkerProcess(url: string) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(__dirname, 'support/queueProcess.ts'), url, '20', '8'],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const ready = deferred();
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { child, ready: ready.promise, exited, onLine: lines(child.stdout, ready.resolve) };
}

function lines(stdout: Readable, onReady: () => void) {
  const listeners = new Set<(line: string) => void>();
  createInterface({ input: stdout }).on('line', (line) => {
    if (line === 'ready') onReady();
    listeners.forEach((listener) => listener(line));
  });
  return (listener: (line: string) => void) => listeners.add(listener);
}

describe.skipIf(postgres.skip !== undefined)(
  `one queue shared by several connections and processes${postgres.skip ? ` (skipped: ${postgres.skip})` : ''}`,
  () => {
    const cleanups: Array<() => unknown> = [];
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });

    /** A connection of its own to the database at `url`, closed after the test. */
    const connect = (url: string): Db => {
      const db = openPostgres(url);
      cleanups.push(() => db.close());
      return db;
    };

    it(
      `runs each of ${JOBS} jobs once across four connections, found without a wake-up`,
      async () => {
        const url = freshPostgresUrl();
        const listeners = new Set<() => void>();
        const ran: number[] = [];
        const workers = [1, 2, 3, 4].map(
          () =>
            new JobWorker({
              db: connect(url),
              logger: silentLogger,
              concurrency: 8,
              pollMs: 20,
              handlers: { draft: async ({ messageId }) => void ran.push(messageId) },
              onChange: () => listeners.forEach((listener) => listener()),
            }),
        );
        cleanups.push(() => Promise.all(workers.map((worker) => worker.drain(1_000))));
        workers.forEach((worker) => worker.start());

        // Nobody calls wake(): the jobs come from elsewhere, so the workers must find them.
        const db = connect(url);
        enqueueDrafts(db, JOBS);
        await when(
          () => ran.length >= JOBS,
          (fn) => {
            listeners.add(fn);
            return () => listeners.delete(fn);
          },
        );
        await Promise.all(workers.map((worker) => worker.drain(1_000)));

        expect(ran.sort((a, b) => a - b)).toEqual(oneToN(JOBS));
        expect(outcome(db)).toEqual({ n: JOBS, done: JOBS, most: 1 });
      },
      HEAVY,
    );

    it(
      `runs each of ${JOBS} jobs once across three processes, enqueued by a fourth`,
      async () => {
        const url = freshPostgresUrl();
        const db = connect(url);
        const processes = [1, 2, 3].map(() => startWorkerProcess(url));
        cleanups.push(() => processes.forEach(({ child }) => child.kill('SIGKILL')));
        await Promise.all(processes.map((p) => p.ready));

        const ranBy: number[][] = processes.map(() => []);
        const all = deferred();
        let total = 0;
        processes.forEach((p, index) =>
          p.onLine((line) => {
            if (!line.startsWith('ran ')) return;
            ranBy[index]!.push(Number(line.slice(4)));
            if (++total === JOBS) all.resolve();
          }),
        );
        enqueueDrafts(db, JOBS);
        await all.promise;
        // Each drains (finishing and recording what it holds) and exits when its stdin closes.
        processes.forEach(({ child }) => child.stdin.end());
        expect(await Promise.all(processes.map((p) => p.exited))).toEqual([0, 0, 0]);

        expect(ranBy.flat().sort((a, b) => a - b)).toEqual(oneToN(JOBS));
        expect(outcome(db)).toEqual({ n: JOBS, done: JOBS, most: 1 });
      },
      HEAVY,
    );

    it(
      'gives the jobs of a killed process to the others once its leases run out',
      async () => {
        const url = freshPostgresUrl();
        const db = connect(url);
        const ids = enqueueDrafts(db, 12);

        // It takes four jobs (its concurrency) and hangs on them, renewing 1.5 s leases.
        const doomed = spawn(
          process.execPath,
          ['--import', 'tsx', join(__dirname, 'support/hangingWorker.ts'), url, '4', '1500'],
          { stdio: ['ignore', 'pipe', 'inherit'] },
        );
        cleanups.push(() => doomed.kill('SIGKILL'));
        const leased = deferred();
        createInterface({ input: doomed.stdout }).on('line', (line) => {
          if (line === 'leased') leased.resolve();
        });
        await leased.promise;
        const taken = ids.filter((id) => getJob(db, id)!.state === 'running');
        expect(taken).toHaveLength(4);

        // A worker on another connection starts while that process lives: it takes the rest, and
        // its start-up check leaves the live process's leases alone.
        const listeners = new Set<() => void>();
        const ran: number[] = [];
        const worker = new JobWorker({
          db: connect(url),
          logger: silentLogger,
          pollMs: 20,
          handlers: { draft: async ({ messageId }) => void ran.push(messageId) },
          onChange: () => listeners.forEach((listener) => listener()),
        });
        cleanups.push(() => worker.drain(1_000));
        worker.start();
        const until = (check: () => boolean) =>
          when(check, (fn) => {
            listeners.add(fn);
            return () => listeners.delete(fn);
          });
        await until(() => ran.length === 8 && queueStats(db).running === 4);
        expect(taken.map((id) => getJob(db, id)!.state)).toEqual(taken.map(() => 'running'));
        expect(queueStats(db)).toEqual({ queued: 0, running: 4, dead: 0 });

        const gone = new Promise((resolve) => doomed.on('exit', resolve));
        doomed.kill('SIGKILL');
        await gone;
        await until(() => ran.length === 12);
        expect(ran.sort((a, b) => a - b)).toEqual(oneToN(12));
        await until(() => queueStats(db).running === 0);
        for (const id of taken)
          expect(getJob(db, id)).toMatchObject({ state: 'done', attempts: 2 });
        expect(outcome(db)).toMatchObject({ n: 12, done: 12 });
      },
      HEAVY,
    );

    it('finds a job another process enqueued without being told, with the default poll', async () => {
      const url = freshPostgresUrl();
      const ran = deferred<number>();
      const looked = deferred();
      const worker = new JobWorker({
        db: connect(url),
        logger: silentLogger,
        handlers: { draft: async ({ messageId }) => ran.resolve(messageId) },
        // Asked on every look at the queue: tells the test the first look found nothing.
        holdBack: () => {
          looked.resolve();
          return false;
        },
      });
      cleanups.push(() => worker.drain(1_000));
      worker.start();
      await looked.promise; // the worker found the queue empty and went idle
      enqueueJob(connect(url), 'draft', { messageId: 5 }, { now: Date.now() });
      expect(await ran.promise).toBe(5);
    });

    it('passes over jobs another connection is taking right now instead of waiting for them', () => {
      const url = freshPostgresUrl();
      const [first, second] = [connect(url), connect(url)];
      const ids = enqueueDrafts(first, 4);
      const lease = (db: Db, owner: string, limit: number) =>
        leaseJobs(db, { kinds: ['draft'], owner, now: Date.now(), leaseMs: 60_000, limit });
      // The first lease is not committed yet when the second asks (one thread drives both): a
      // second worker that waited for its rows would wait forever.
      const { mine, theirs } = first.transaction(() => {
        const taken = lease(first, 'first/1/a', 2);
        return { mine: taken, theirs: lease(second, 'second/2/b', 4) };
      })();
      expect(mine.map((job) => job.id)).toEqual(ids.slice(0, 2));
      expect(theirs.map((job) => job.id)).toEqual(ids.slice(2));
      expect(queueStats(second)).toEqual({ queued: 0, running: 4, dead: 0 });
    });

    it('refuses a dedupe key another connection used, and frees it when that enqueue rolled back', () => {
      const url = freshPostgresUrl();
      const [first, second] = [connect(url), connect(url)];
      expect(() =>
        first.transaction(() => {
          enqueueJob(first, 'draft', { messageId: 1 }, { now: 1, dedupeKey: 'draft:1' });
          throw new Error('the message insert failed');
        })(),
      ).toThrow();
      expect(
        second.transaction(() =>
          enqueueJob(second, 'draft', { messageId: 1 }, { now: 2, dedupeKey: 'draft:1' }),
        )(),
      ).toBeTypeOf('number');
      expect(
        first.transaction(() =>
          enqueueJob(first, 'draft', { messageId: 1 }, { now: 3, dedupeKey: 'draft:1' }),
        )(),
      ).toBeUndefined();
      expect(queueStats(first).queued).toBe(1);
    });
  },
);
