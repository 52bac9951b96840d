/**
 * Child process for the shared-queue proof (test/queue.shared.test.ts): one more process working
 * the queue in a hub's PostgreSQL database, over its own connection. Says "ready" once its worker
 * runs, "ran <messageId>" for each draft job it ran, and drains and exits when its stdin closes.
 * Arguments: the database URL, the idle poll in ms, how many jobs it runs at once.
 */
import { silentLogger } from '../../src/main/core/log';
import { JobWorker } from '../../src/main/core/queue/worker';
import { openStore } from '../../src/main/core/store/database';

const [url, pollMs, concurrency] = process.argv.slice(2);
const db = openStore(url!);
const worker = new JobWorker({
  db,
  logger: silentLogger,
  pollMs: Number(pollMs),
  concurrency: Number(concurrency),
  handlers: {
    draft: async ({ messageId }) => {
      process.stdout.write(`ran ${messageId}\n`);
    },
  },
});
worker.start();
process.stdout.write('ready\n');
process.stdin.resume();
process.stdin.on('end', () => {
  void worker.drain().then(() => {
    db.close();
    process.exit(0);
  });
});
