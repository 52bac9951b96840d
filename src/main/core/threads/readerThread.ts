/**
 * The entry of a reader thread: takes operations by name (readOps.ts), runs them on its own
 * read-only connection, and answers with plain data. One operation at a time per thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openReadConnection, type Db } from '../store/database';
import type { FromThread, ThreadData, ToThread } from './protocol';
import { readOps, type OpContext } from './readOps';

const port = parentPort;
if (!port) throw new Error('readerThread.ts runs only as a worker thread.');
const { dbPath } = workerData as ThreadData;

let connection: Db | undefined;
const canceled = new Set<number>();
const post = (message: FromThread) => port.postMessage(message);

const context = (id: number): OpContext => ({
  db: () => (connection ??= openReadConnection(dbPath)),
  progress: (value) => post({ type: 'progress', id, value }),
  canceled: () => canceled.has(id),
});

port.on('message', (message: ToThread) => {
  if (message.type === 'cancel') {
    canceled.add(message.id);
    return;
  }
  void run(message);
});

async function run({ id, op, args }: Extract<ToThread, { type: 'run' }>): Promise<void> {
  try {
    if (!Object.prototype.hasOwnProperty.call(readOps, op)) throw new Error(`unknown op ${op}`);
    const fn = readOps[op as keyof typeof readOps] as (a: unknown, c: OpContext) => unknown;
    post({ type: 'done', id, value: await fn(args, context(id)) });
  } catch (error) {
    const { name, message } = error instanceof Error ? error : new Error(String(error));
    post({ type: 'failed', id, error: { name, message } });
  } finally {
    canceled.delete(id);
  }
}
