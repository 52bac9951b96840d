import type { Worker } from 'node:worker_threads';
import type { Logger } from '../log';
import { sourceSibling, startWorker } from '../threads/startWorker';
import type {
  IngestKind,
  IngestOp,
  IngestOpOf,
  IngestResults,
  IngestWriter,
} from '../messaging/ingestOps';

export interface IngestThreadData {
  dbPath: string;
}
export type WriteResult =
  { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string };
export type ToIngestThread =
  { type: 'write'; items: Array<{ id: number; op: IngestOp }> } | { type: 'close' };
export type FromIngestThread =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'done'; results: WriteResult[] }
  | { type: 'warning'; message: string }
  | { type: 'closed' };

export interface IngestThreadOptions {
  dbPath: string;
  logger: Logger;
  /**
   * The thread's entry file. Default: ingestThread.ts next to this file (running from source).
   * The desktop build passes its compiled entry.
   */
  entry?: string | undefined;
}

interface Waiting {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/**
 * The ingest writer on its own thread (ingestThread.ts). Operations submitted in the same turn
 * of the event loop travel together in one message and are committed together; each promise
 * resolves once its operation is durable. If the thread dies, what it had not answered is refused
 * (a webhook then gets a 500 and Twilio sends it again; storing is idempotent by SID) and the next
 * write starts a new thread.
 */
export async function startIngestThread(options: IngestThreadOptions): Promise<IngestWriter> {
  const entry = options.entry ?? sourceSibling(import.meta.url, 'ingestThread.ts');
  const log = options.logger;
  const waiting = new Map<number, Waiting>();
  let outbox: Array<{ id: number; op: IngestOp }> = [];
  let nextId = 1;
  let sendScheduled = false;
  let closing = false;
  let thread: Promise<Worker> | undefined;

  const refuseWaiting = (reason: string) => {
    for (const [id, item] of waiting) {
      waiting.delete(id);
      item.reject(new Error(reason));
    }
  };

  const spawn = (): Promise<Worker> =>
    new Promise<Worker>((resolve, reject) => {
      const worker = startWorker(entry, { dbPath: options.dbPath } satisfies IngestThreadData);
      let ready = false;
      worker.on('message', (message: FromIngestThread) => {
        switch (message.type) {
          case 'ready':
            ready = true;
            resolve(worker);
            break;
          case 'failed':
            reject(
              new Error(`The store could not be opened for incoming messages: ${message.message}`),
            );
            break;
          case 'done':
            for (const result of message.results) {
              const item = waiting.get(result.id);
              if (!item) continue;
              waiting.delete(result.id);
              if (result.ok) item.resolve(result.value);
              else item.reject(new Error(result.message));
            }
            break;
          case 'warning':
            log.warn(message.message);
            break;
          case 'closed':
            break;
        }
      });
      worker.on('error', (error) => {
        log.error({ err: error }, 'the ingest thread failed');
        if (!ready) reject(error);
      });
      worker.on('exit', (code) => {
        thread = undefined;
        if (!ready)
          reject(new Error(`The ingest thread stopped while starting (exit code ${code}).`));
        if (waiting.size > 0) {
          log.error(
            { code, unanswered: waiting.size },
            'the ingest thread stopped; unanswered writes refused',
          );
          refuseWaiting('The store stopped before this was saved; try again.');
        }
      });
    });

  const send = () => {
    sendScheduled = false;
    const items = outbox;
    outbox = [];
    if (items.length === 0) return;
    thread ??= spawn();
    thread.then(
      (worker) => worker.postMessage({ type: 'write', items } satisfies ToIngestThread),
      (error: unknown) => {
        thread = undefined; // the next write tries again
        for (const { id } of items) {
          const item = waiting.get(id);
          waiting.delete(id);
          item?.reject(error instanceof Error ? error : new Error(String(error)));
        }
      },
    );
  };

  // Start now, so a store that cannot be opened stops the app at start, not at the first text.
  thread = spawn();
  await thread;

  return {
    write<K extends IngestKind>(op: IngestOpOf<K>): Promise<IngestResults[K]> {
      if (closing) return Promise.reject(new Error('The store is closing.'));
      return new Promise<IngestResults[K]>((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
        outbox.push({ id, op });
        if (!sendScheduled) {
          sendScheduled = true;
          // Like group commit itself: every request whose body arrived in this turn joins.
          setImmediate(send);
        }
      });
    },
    async close() {
      if (closing) return;
      closing = true;
      send();
      const running = thread;
      if (!running) return;
      const worker = await running.catch(() => undefined);
      if (!worker) return;
      await new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.postMessage({ type: 'close' } satisfies ToIngestThread);
      });
      refuseWaiting('The store closed before this was saved; try again.');
    },
  };
}
