/**
 * Child process for the crash test: leases the draft jobs in the given store (a SQLite file or a
 * PostgreSQL URL) with a handler that never finishes, says "leased" on stdout once it runs as many
 * as the second argument says, and waits to be killed. A third argument sets the lease (ms).
 */
import { silentLogger } from '../../src/main/core/log';
import { JobWorker } from '../../src/main/core/queue/worker';
import { openStore } from '../../src/main/core/store/database';

const db = openStore(process.argv[2]!);
let started = 0;
const worker = new JobWorker({
  db,
  logger: silentLogger,
  leaseMs: Number(process.argv[4] ?? 10 * 60_000),
  handlers: {
    draft: () => {
      started += 1;
      if (started === Number(process.argv[3])) process.stdout.write('leased\n');
      return new Promise<void>(() => {});
    },
  },
});
worker.start();
