/**
 * The ingest thread's entry: it owns a second connection to the store and commits everything
 * webhooks and catch-up take in (group commit, then an answer per operation). Parsing and
 * signature checks stay on the main thread; this thread's CPU goes to SQLite and its fsyncs, so
 * neither blocks the event loop that answers HTTP and runs the operator's commands.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../store/database';
import { createIngestStore } from './ingestStore';
import type {
  FromIngestThread,
  IngestThreadData,
  ToIngestThread,
  WriteResult,
} from './threadedIngestWriter';

const port = parentPort!;
const post = (message: FromIngestThread) => port.postMessage(message);
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

const { dbPath } = workerData as IngestThreadData;
let db: ReturnType<typeof openDatabase>;
try {
  db = openDatabase(dbPath);
} catch (error) {
  post({ type: 'failed', message: messageOf(error) });
  process.exit(1);
}
const store = createIngestStore(db, (error) =>
  post({ type: 'warning', message: `could not update the search index: ${messageOf(error)}` }),
);

/** Answers still being settled; closing waits for them so none is lost. */
const answering = new Set<Promise<void>>();

port.on('message', (message: ToIngestThread) => {
  if (message.type === 'write') {
    // Items that arrive together commit in one batch and are answered in one message.
    const answered = Promise.all(
      message.items.map(({ id, op }) =>
        store.write(op).then(
          (value): WriteResult => ({ id, ok: true, value }),
          (error: unknown): WriteResult => ({ id, ok: false, message: messageOf(error) }),
        ),
      ),
    ).then((results) => post({ type: 'done', results }));
    answering.add(answered);
    void answered.finally(() => answering.delete(answered));
    return;
  }
  void (async () => {
    await store.close();
    await Promise.all(answering);
    db.close();
    post({ type: 'closed' });
    port.close();
  })();
});

post({ type: 'ready' });
