/**
 * What one inbound webhook costs inside a group-commit flush, away from HTTP: the same unit of
 * work the webhook processor submits (storeInboundMessage + its webhook_log line), committed in
 * batches the way GroupCommitter does (one transaction, a savepoint per item), against variants
 * of that shape. Explains the "time in flush" column of `npm run bench -- --instrument`.
 *
 *   npx tsx bench/ingest/commitCost.ts      # ~15 s
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { storeInboundMessage } from '../../src/main/core/messaging/inbound';
import { openDatabase, type Db } from '../../src/main/core/store/database';
import { insertWebhookLog } from '../../src/main/core/store/webhookLog';

let seq = 0;

/** One inbound SMS as the webhook processor stores it. */
function storeOne(db: Db): void {
  seq += 1;
  const sid = `SM${seq.toString(16).padStart(32, '0')}`;
  const now = Date.now();
  storeInboundMessage(
    db,
    {
      sid,
      from: `+1415555${1000 + (seq % 500)}`,
      to: '+15005550006',
      body: `Hi, are you open on Saturday? (#${seq})`,
      media: [],
      numSegments: 1,
    },
    { now, defaultCountry: 'US' },
  );
  insertWebhookLog(db, {
    receivedAt: now,
    route: '/webhooks/twilio/sms',
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': 'x'.repeat(28),
    },
    rawBody: `MessageSid=${sid}&AccountSid=AC${'0'.repeat(32)}&From=%2B14155551000&Body=Hi`,
    signature: 'valid',
    statusCode: 200,
    outcome: 'stored',
    messageSid: sid,
  });
}

interface Variant {
  label: string;
  savepointPerItem: boolean;
  pragmas: string[];
}

const variants: Variant[] = [
  { label: 'as groupCommit.ts does (savepoint per item)', savepointPerItem: true, pragmas: [] },
  { label: 'same + temp_store=MEMORY', savepointPerItem: true, pragmas: ['temp_store = MEMORY'] },
  { label: 'no savepoint per item', savepointPerItem: false, pragmas: [] },
];

function measure(variant: Variant, batch: number, items: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-commit-'));
  const db = openDatabase(join(dir, 'switchboard.db'));
  try {
    for (const pragma of variant.pragmas) db.pragma(pragma);
    const batches = Math.ceil(items / batch);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let b = 0; b < batches; b++) {
      db.transaction(() => {
        for (let i = 0; i < batch; i++) {
          if (variant.savepointPerItem) db.transaction(storeOne)(db);
          else storeOne(db);
        }
      })();
    }
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const n = batches * batch;
    return (
      `| ${variant.label} | ${batch} | ${(wall / n).toFixed(3)} | ` +
      `${((cpu.user + cpu.system) / 1000 / n).toFixed(3)} | ${(wall / batches).toFixed(2)} |`
    );
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`# Cost of storing one inbound webhook (WAL, synchronous=FULL, ${tmpdir()})`);
console.log('');
console.log('| shape | batch | wall ms/item | CPU ms/item | ms/commit |');
console.log('|---|---|---|---|---|');
for (const batch of [1, 32]) {
  for (const variant of variants) console.log(measure(variant, batch, batch === 1 ? 3000 : 9600));
}
{
  const db = openDatabase(':memory:');
  const t0 = performance.now();
  for (let i = 0; i < 3000; i++) db.transaction(storeOne)(db);
  console.log(
    `| statements only (in-memory database, no I/O) | 1 | ${((performance.now() - t0) / 3000).toFixed(3)} | | |`,
  );
  db.close();
}
