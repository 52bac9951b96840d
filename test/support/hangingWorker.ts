/**
 * Child process for the crash test: leases the draft jobs in the given database with a handler
 * that never finishes, says "leased" on stdout, and waits to be killed.
 */
import { silentLogger } from '../../src/main/core/log';
import { JobWorker } from '../../src/main/core/queue/worker';
import { openDatabase } from '../../src/main/core/store/database';

const db = openDatabase(process.argv[2]!);
let started = 0;
const worker = new JobWorker({
  db,
  logger: silentLogger,
  leaseMs: 10 * 60_000,
  handlers: {
    draft: () => {
      started += 1;
      if (started === Number(process.argv[3])) process.stdout.write('leased\n');
      return new Promise<void>(() => {});
    },
  },
});
worker.start();
