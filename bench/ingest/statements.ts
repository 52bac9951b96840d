/**
 * CPU time of the store's statements for one inbound text (message, contact, conversation, draft
 * job, webhook log line, their indexes and triggers, the search backlog indexed per batch) in an
 * in-memory database: no HTTP, no disk. CPU time and the best of several rounds, so it can be
 * compared across checkouts on a shared machine where wall-clock figures drift by ±30 %.
 *
 *   npx tsx bench/ingest/statements.ts                               # this checkout
 *   npx tsx bench/ingest/statements.ts ../before ../after            # other checkouts, interleaved
 *
 * Each checkout is measured in its own process, alternating, `--rounds` times (default 2).
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { storeInboundMessage } from '../../src/main/core/messaging/inbound';
import type { openDatabase } from '../../src/main/core/store/database';
import type { indexSearchBacklog } from '../../src/main/core/store/search';
import type { insertWebhookLog } from '../../src/main/core/store/webhookLog';
import { sampleInbound } from './sampleText';

const ROUNDS_IN_PROCESS = 9;
const BATCH = 32;
const BATCHES = 300;

/** The four functions measured, from whichever checkout is being measured. */
interface Core {
  storeInboundMessage: typeof storeInboundMessage;
  openDatabase: typeof openDatabase;
  indexSearchBacklog: typeof indexSearchBacklog;
  insertWebhookLog: typeof insertWebhookLog;
}

async function loadCore(root: string): Promise<Core> {
  const from = (path: string) => import(pathToFileURL(resolve(root, path)).href);
  return {
    ...(await from('src/main/core/messaging/inbound.ts')),
    ...(await from('src/main/core/store/database.ts')),
    ...(await from('src/main/core/store/search.ts')),
    ...(await from('src/main/core/store/webhookLog.ts')),
  } as Core;
}

/** Microseconds of CPU per stored text, best of the rounds. */
async function measure(root: string): Promise<number> {
  const core = await loadCore(root);
  let seq = 0;
  const storeOne = (db: ReturnType<Core['openDatabase']>) => {
    seq += 1;
    const now = Date.now();
    const { message, logLine } = sampleInbound(seq, now);
    core.storeInboundMessage(db, message, { now, defaultCountry: 'US' });
    core.insertWebhookLog(db, logLine);
  };
  let best = Infinity;
  for (let round = 0; round < ROUNDS_IN_PROCESS; round++) {
    const db = core.openDatabase(':memory:');
    for (let b = 0; b < 50; b++) db.transaction(() => storeMany(storeOne, db))(); // warm up
    const cpu0 = process.cpuUsage();
    for (let b = 0; b < BATCHES; b++) {
      db.transaction(() => storeMany(storeOne, db))();
      core.indexSearchBacklog(db);
    }
    const cpu = process.cpuUsage(cpu0);
    best = Math.min(best, (cpu.user + cpu.system) / (BATCHES * BATCH));
    db.close();
  }
  return best;
}

function storeMany<D>(storeOne: (db: D) => void, db: D): void {
  for (let i = 0; i < BATCH; i++) storeOne(db);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    process.stdout.write(`${(await measure(args[1]!)).toFixed(1)}\n`);
    return;
  }
  const roundsAt = args.indexOf('--rounds');
  const rounds = roundsAt >= 0 ? Number(args[roundsAt + 1]) : 2;
  const roots = args.filter((a, i) => !a.startsWith('--') && (roundsAt < 0 || i !== roundsAt + 1));
  const checkouts = (roots.length ? roots : ['.']).map((r) => resolve(r));
  const figures = new Map<string, string[]>(checkouts.map((c) => [c, []]));
  for (let round = 0; round < rounds; round++) {
    for (const root of checkouts) {
      const out = execFileSync(
        process.execPath,
        ['--import', 'tsx', import.meta.filename, '--child', root],
        { cwd: root, encoding: 'utf8' },
      );
      figures.get(root)!.push(out.trim());
    }
  }
  console.log('| checkout | CPU µs per stored text (best of 9, per round) |');
  console.log('|---|---|');
  for (const [root, values] of figures) console.log(`| ${root} | ${values.join(' / ')} |`);
}

void main();
