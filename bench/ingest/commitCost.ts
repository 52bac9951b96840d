/**
 * What one inbound webhook costs inside a group-commit flush, away from HTTP: the unit of work the
 * webhook processor submits (storeInboundMessage + its webhook_log line), committed in batches the
 * way GroupCommitter does (one transaction per batch), with the search backlog indexed every 100 ms
 * the way the app does. Compared with the search index kept per message by a trigger, as it was
 * before migration 0050, and with the index without its prefix indexes, as before migration 0070.
 * Explains the "time in flush" column of `npm run bench -- --instrument`.
 *
 *   npx tsx bench/ingest/commitCost.ts      # ~20 s
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { storeInboundMessage } from '../../src/main/core/messaging/inbound';
import { openDatabase, type Db } from '../../src/main/core/store/database';
import { indexSearchBacklog } from '../../src/main/core/store/search';
import { insertWebhookLog } from '../../src/main/core/store/webhookLog';
import { sampleInbound } from './sampleText';

let seq = 0;

/** One inbound SMS as the webhook processor stores it. */
function storeOne(db: Db): void {
  seq += 1;
  const now = Date.now();
  const { message, logLine } = sampleInbound(seq, now);
  storeInboundMessage(db, message, { now, defaultCountry: 'US' });
  insertWebhookLog(db, logLine);
}

interface Variant {
  label: string;
  /** Changes the fresh database before the run. */
  prepare?: (db: Db) => void;
}

const variants: Variant[] = [
  { label: 'as the core does: search index every 100 ms' },
  {
    label: 'search index without prefix indexes (before migration 0070)',
    prepare: (db) =>
      db.exec(`
        DROP TABLE messages_fts;
        CREATE VIRTUAL TABLE messages_fts USING fts5(
          body, content='messages', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
        );`),
  },
  {
    label: 'search index per message (trigger, before migration 0050)',
    prepare: (db) =>
      db.exec(`
        DROP TRIGGER messages_search_backlog;
        CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
          INSERT INTO messages_fts (rowid, body) VALUES (new.id, new.body);
        END;`),
  },
];

/** Bytes this process has had written to disk so far (Linux only). */
function bytesWritten(): number | undefined {
  if (!existsSync('/proc/self/io')) return undefined;
  const line = readFileSync('/proc/self/io', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('write_bytes:'));
  return line ? Number(line.split(':')[1]) : undefined;
}

function measure(variant: Variant, batch: number, items: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-commit-'));
  const db = openDatabase(join(dir, 'switchboard.db'));
  try {
    variant.prepare?.(db);
    const batches = Math.ceil(items / batch);
    const written0 = bytesWritten();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let indexedAt = t0;
    for (let b = 0; b < batches; b++) {
      db.transaction(() => {
        for (let i = 0; i < batch; i++) storeOne(db);
      })();
      // The app indexes the backlog 100 ms after the first message waiting (nothing to do for
      // the trigger variant).
      if (performance.now() - indexedAt >= 100) {
        indexSearchBacklog(db);
        indexedAt = performance.now();
      }
    }
    indexSearchBacklog(db);
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const written = bytesWritten();
    const n = batches * batch;
    const kbPerItem =
      written0 === undefined || written === undefined
        ? 'n/a'
        : ((written - written0) / 1024 / n).toFixed(1);
    return (
      `| ${variant.label} | ${batch} | ${((wall / n) * 1000).toFixed(0)} | ` +
      `${(((cpu.user + cpu.system) / n) | 0).toString()} | ${(wall / batches).toFixed(2)} | ${kbPerItem} |`
    );
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`# Cost of storing one inbound webhook (WAL, synchronous=FULL, ${tmpdir()})`);
console.log('');
console.log('| shape | batch | wall µs/item | CPU µs/item | ms/commit | KB written/item |');
console.log('|---|---|---|---|---|---|');
for (const batch of [1, 32]) {
  for (const variant of variants) console.log(measure(variant, batch, batch === 1 ? 3000 : 16000));
}
{
  // The statements alone: no file, no WAL, no fsync. What no commit strategy can save.
  const db = openDatabase(':memory:');
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let b = 0; b < 500; b++) {
    db.transaction(() => {
      for (let i = 0; i < 32; i++) storeOne(db);
    })();
    indexSearchBacklog(db);
  }
  const cpu = process.cpuUsage(cpu0);
  console.log(
    `| statements only (in-memory database, no I/O) | 32 | ${(((performance.now() - t0) / 16000) * 1000).toFixed(0)} | ` +
      `${(((cpu.user + cpu.system) / 16000) | 0).toString()} | | |`,
  );
  db.close();
}
