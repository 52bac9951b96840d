/**
 * Reader threads: where long reads run, so the main thread (which answers Twilio's webhooks and
 * commits them) never waits for them. Why threads and not a faster main thread: at a million
 * messages a search, a backup's integrity check or an export's formatting takes from 50 ms to
 * tens of seconds of CPU, and Twilio gives up on a webhook after 15 s (docs/ARCHITECTURE.md).
 *
 * - `query`: short reads (search…) on one long-lived thread, one at a time, in order. A query
 *   given a `latestIn` lane replaces an older one of that lane still waiting its turn: typing a
 *   search sends one query per key, and only the newest answer matters.
 * - `task`: long jobs (backup, export, restore staging) on a thread of their own, started for the
 *   job and ended after it, so a 20-second backup never holds up a search.
 *
 * Every thread opens the store read-only; WAL lets it read a consistent snapshot beside the
 * writer without blocking it. Writes stay on the main thread's one connection.
 */
import { Refusal } from '../domain/refusal';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../log';
import type { FromThread, ThreadData, ToThread } from './protocol';
import type { ReadOpArgs, ReadOpName, ReadOpResult } from './readOps';

export interface TaskHandle<T> {
  readonly result: Promise<T>;
  /** Asks the job to stop at its next checkpoint; `result` still settles. */
  cancel(): void;
}

export interface Readers {
  query<K extends ReadOpName>(
    op: K,
    args: ReadOpArgs<K>,
    options?: { latestIn?: string },
  ): Promise<ReadOpResult<K>>;
  task<K extends ReadOpName>(
    op: K,
    args: ReadOpArgs<K>,
    onProgress?: (value: unknown) => void,
  ): TaskHandle<ReadOpResult<K>>;
  /**
   * Starts the query thread and opens its connection now, so the first search or offline draft
   * does not pay for it (about 0.2 s: loading the code, opening the store).
   */
  warm(): void;
  /** Cancels running tasks, waits for them, and ends every thread. */
  close(): Promise<void>;
}

/** A query dropped because a newer one of its lane arrived before it ran. */
/** A newer request in the same lane replaced this one before it ran (search as you type). */
export class Superseded extends Refusal {
  override name = 'Superseded';
  constructor(message: string) {
    super(message, 'superseded');
  }
}

/** An operation that threw on its thread, with the thread's error name and message. */
export class ReaderFailed extends Error {
  constructor(
    readonly originalName: string,
    message: string,
  ) {
    super(message);
    this.name = 'ReaderFailed';
  }
}

interface Pending {
  id: number;
  op: string;
  args: unknown;
  lane: string | undefined;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

// The desktop build bundles the thread as its own entry beside index.js (electron.vite.config.ts);
// a variable keeps the bundler from rewriting this URL as an asset.
const BUILT_THREAD = 'readerThread.js';

function startThread(dbPath: string): Worker {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const data: ThreadData = { dbPath, entry: new URL('./readerThread.ts', here).href };
    return new Worker(new URL('./boot.mjs', here), { workerData: data });
  }
  const data: ThreadData = { dbPath };
  return new Worker(new URL(BUILT_THREAD, here), { workerData: data });
}

/**
 * A thread of its own for one long job: `result` settles with the job's value, or with why it
 * stopped, and the thread is ended once the job is done.
 */
function startTask<T>(
  dbPath: string,
  id: number,
  onProgress: ((value: unknown) => void) | undefined,
): { thread: Worker; result: Promise<T> } {
  const thread = startThread(dbPath);
  let settledOk = false;
  const result = new Promise<T>((resolve, reject) => {
    thread.on('message', (message: FromThread) => {
      if (message.id !== id) return;
      if (message.type === 'progress') onProgress?.(message.value);
      else if (message.type === 'done') {
        settledOk = true;
        resolve(message.value as T);
      } else reject(new ReaderFailed(message.error.name, message.error.message));
      if (message.type !== 'progress') void thread.terminate();
    });
    thread.on('error', (error) => reject(new ReaderFailed(error.name, error.message)));
    thread.on('exit', () => {
      if (!settledOk) reject(new ReaderFailed('Exited', 'The thread stopped before finishing.'));
    });
  });
  return { thread, result };
}

export function createReaderPool(args: { dbPath: string; logger: Logger }): Readers {
  const { dbPath, logger } = args;
  let nextId = 1;
  let closed = false;

  // --- queries: one thread, one at a time -------------------------------------------------
  let queryThread: Worker | undefined;
  let inFlight: Pending | undefined;
  const waiting: Pending[] = [];

  const failInFlight = (error: Error) => {
    const pending = inFlight;
    inFlight = undefined;
    pending?.reject(error);
  };

  const ensureQueryThread = (): Worker => {
    if (queryThread) return queryThread;
    const thread = startThread(dbPath);
    thread.on('message', (message: FromThread) => {
      if (!inFlight || message.id !== inFlight.id || message.type === 'progress') return;
      const pending = inFlight;
      inFlight = undefined;
      if (message.type === 'done') pending.resolve(message.value);
      else pending.reject(new ReaderFailed(message.error.name, message.error.message));
      pump();
    });
    thread.on('error', (error) => {
      logger.error({ err: error.message }, 'reader thread failed');
      failInFlight(new ReaderFailed(error.name, error.message));
    });
    thread.on('exit', (code) => {
      if (queryThread === thread) queryThread = undefined;
      if (!closed && code !== 0)
        logger.warn({ code }, 'reader thread exited; the next query starts one');
      failInFlight(new ReaderFailed('Exited', 'The reader thread stopped.'));
      if (!closed) pump();
    });
    // Idle threads must not keep the process alive (tests, serve mode exiting).
    thread.unref();
    queryThread = thread;
    return thread;
  };

  function pump(): void {
    if (inFlight || closed) return;
    const next = waiting.shift();
    if (!next) return;
    inFlight = next;
    const message: ToThread = { type: 'run', id: next.id, op: next.op, args: next.args };
    ensureQueryThread().postMessage(message);
  }

  // --- tasks: a thread each ---------------------------------------------------------------
  const tasks = new Set<{ thread: Worker; id: number; settled: Promise<unknown> }>();

  return {
    query(op, opArgs, options = {}) {
      if (closed) return Promise.reject(new ReaderFailed('Closed', 'Switchboard is stopping.'));
      return new Promise((resolve, reject) => {
        const lane = options.latestIn;
        if (lane !== undefined) {
          for (let i = waiting.length - 1; i >= 0; i -= 1) {
            const older = waiting[i]!;
            if (older.lane !== lane) continue;
            waiting.splice(i, 1);
            older.reject(new Superseded(`A newer ${lane} replaced this one.`));
          }
        }
        waiting.push({
          id: nextId++,
          op,
          args: opArgs,
          lane,
          resolve: resolve as (value: unknown) => void,
          reject,
        });
        pump();
      });
    },

    task(op, opArgs, onProgress) {
      if (closed) {
        const result = Promise.reject(new ReaderFailed('Closed', 'Switchboard is stopping.'));
        return { result, cancel: () => {} };
      }
      const id = nextId++;
      const { thread, result } = startTask<ReadOpResult<typeof op>>(dbPath, id, onProgress);
      const entry = { thread, id, settled: result.catch(() => {}) };
      tasks.add(entry);
      void entry.settled.finally(() => tasks.delete(entry));
      const message: ToThread = { type: 'run', id, op, args: opArgs };
      thread.postMessage(message);
      return {
        result,
        cancel: () => thread.postMessage({ type: 'cancel', id } satisfies ToThread),
      };
    },

    warm() {
      if (closed || queryThread) return;
      this.query('warm', {}).catch(() => {}); // a failure shows again on the first real query
    },

    async close() {
      closed = true;
      for (const pending of waiting.splice(0)) {
        pending.reject(new ReaderFailed('Closed', 'Switchboard is stopping.'));
      }
      for (const task of tasks) task.thread.postMessage({ type: 'cancel', id: task.id });
      await Promise.all([...tasks].map((task) => task.settled));
      const thread = queryThread;
      queryThread = undefined;
      await thread?.terminate();
      failInFlight(new ReaderFailed('Closed', 'Switchboard is stopping.'));
    },
  };
}
