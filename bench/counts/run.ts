/**
 * Inbox counts and the contact panel on a big store, before and after migration 0060 (issue 13):
 * `npx tsx bench/counts/run.ts [--conversations 50000] [--messages 1000000] [--keep]`.
 *
 * Seeds a store at schema 0050 by direct inserts (fast, realistic proportions: four conversations
 * of 10,000–15,000 messages, a draft for most inbound texts, an audit row every few messages, 5% of
 * contacts opted out), times `conversations:counts` (with and without a category) and what
 * `contacts:get` reads, applies migration 0060 (timed: it runs once at upgrade), and times the same
 * again. The "before" counts run the SQL `countAttention` used before 0060. Figures only.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { triageCategories, type TriageCategory } from '../../src/shared/types';
import {
  getContactRecord,
  listConsentAudit,
  listContactConversationIds,
} from '../../src/main/core/store/contactHistory';
import {
  countAttention,
  readInboxCounts,
  totalUnread,
} from '../../src/main/core/store/conversations';
import { openDatabase, type SqliteDb as Db } from '../../src/main/core/store/database';
import { migrations } from '../../src/main/core/store/migrations';
import { storeInboundMessage } from '../../src/main/core/messaging/inbound';

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const CONVERSATIONS = arg('conversations', 50_000);
const MESSAGES = arg('messages', 1_000_000);
const KEEP = process.argv.includes('--keep');

/** Deterministic pseudo-random numbers, so every run seeds the same store. */
let seed = 13;
const random = () => {
  // mulberry32: 32-bit integer steps (Math.imul), so nothing is lost to floating point.
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
};
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const words = (
  'hi hello thanks booking appointment tomorrow today price cost hours open close cancel ' +
  'reschedule please could you when where what time haircut color nails friday saturday ' +
  'hola gracias cita mañana precio horario abierto cerrado cancelar por favor cuando'
).split(' ');
const sentence = () =>
  Array.from({ length: 6 + Math.floor(random() * 14) }, () => pick(words)).join(' ');

function seedStore(db: Db): void {
  const start = Date.UTC(2023, 11, 1);
  const span = 3 * 365 * 86_400_000;
  db.pragma('synchronous = OFF');
  // Rows go in child-first (a conversation's last message is known at its end); checked below.
  db.pragma('foreign_keys = OFF');
  const contact = db.prepare(
    `INSERT INTO contacts (id, address, raw_address, name, opted_out, opted_out_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const conversation = db.prepare(
    `INSERT INTO conversations (id, contact_id, channel, business_number, unread_count,
       last_activity_at, last_message_id, category, priority, created_at)
     VALUES (?, ?, 'sms', '+15005550006', ?, ?, ?, ?, ?, ?)`,
  );
  const message = db.prepare(
    `INSERT INTO messages (id, conversation_id, direction, author, provider_sid, from_address,
       to_address, body, status, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const draft = db.prepare(
    `INSERT INTO drafts (conversation_id, reply_to_message_id, provider, state, text_generated, created_at)
     VALUES (?, ?, 'offline', ?, ?, ?)`,
  );
  const audit = db.prepare(
    `INSERT INTO audit_log (at, actor, action, subject_type, subject_id, details) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  // Four very long conversations, the rest share what is left.
  const long = [15_000, 13_000, 11_000, 10_000].filter(() => MESSAGES >= 200_000);
  const rest = MESSAGES - long.reduce((a, b) => a + b, 0);
  const perConversation = (index: number) =>
    index < long.length
      ? long[index]!
      : Math.floor(rest / (CONVERSATIONS - long.length)) +
        (index < long.length + (rest % (CONVERSATIONS - long.length)) ? 1 : 0);

  let messageId = 0;
  let rows = 0;
  db.transaction(() => {
    for (let c = 0; c < CONVERSATIONS; c++) {
      const id = c + 1;
      const address = `+1415${String(5_000_000 + c).padStart(7, '0')}`;
      const count = perConversation(c);
      const first = start + Math.floor(random() * span * 0.9);
      const optedOut = random() < 0.05;
      let at = first;
      let lastInboundId = 0;
      let lastDirection = 'inbound';
      const ids: number[] = [];
      for (let i = 0; i < count; i++) {
        messageId += 1;
        at += 60_000 + Math.floor(random() * 3_600_000 * (count > 1000 ? 1 : 24));
        // Mostly alternating, sometimes two in a row from the customer.
        const inbound = i === 0 || lastDirection === 'outbound' || random() < 0.2;
        const direction = inbound ? 'inbound' : 'outbound';
        lastDirection = direction;
        const status = inbound
          ? 'received'
          : random() < 0.03
            ? pick(['failed', 'undelivered'])
            : 'delivered';
        message.run(
          messageId, id, direction, inbound ? 'customer' : pick(['operator', 'draft']),
          `SM${messageId.toString(16).padStart(32, '0')}`,
          inbound ? address : '+15005550006', inbound ? '+15005550006' : address,
          sentence(), status, at, at,
        ); // prettier-ignore
        ids.push(messageId);
        if (inbound) {
          lastInboundId = messageId;
          if (random() < 0.8) {
            draft.run(
              id,
              messageId,
              pick(['approved', 'approved', 'edited', 'rejected', 'superseded']),
              sentence(),
              at,
            );
          }
        } else if (random() < 0.5) {
          audit.run(at, 'operator', 'message.sent', 'message', messageId, '{}');
        }
        if (random() < 0.12) audit.run(at, 'operator', 'draft.approved', 'draft', messageId, '{}');
        if (++rows % 200_000 === 0) process.stdout.write(`  ${rows} messages\n`);
      }
      // A ready draft waits on some conversations whose latest text came in.
      if (lastDirection === 'inbound' && random() < 0.3)
        draft.run(id, lastInboundId, 'ready', sentence(), at);
      if (optedOut) {
        if (random() < 0.3) {
          audit.run(
            first,
            'customer',
            'contact.opted_out',
            'contact',
            id,
            '{"via":"keyword","keyword":"STOP"}',
          );
          audit.run(
            first + 1000,
            'customer',
            'contact.opted_in',
            'contact',
            id,
            '{"via":"keyword","keyword":"START"}',
          );
        }
        audit.run(
          at,
          'customer',
          'contact.opted_out',
          'contact',
          id,
          '{"via":"keyword","keyword":"STOP"}',
        );
      }
      contact.run(
        id,
        address,
        address,
        random() < 0.6 ? `Customer ${id}` : null,
        optedOut ? 1 : 0,
        optedOut ? at : null,
        first,
        at,
      );
      const unread =
        lastDirection === 'inbound' && random() < 0.1 ? 1 + Math.floor(random() * 3) : 0;
      const category = random() < 0.1 ? null : pick(triageCategories);
      conversation.run(
        id,
        id,
        unread,
        at,
        ids.at(-1) ?? null,
        category,
        pick(['low', 'normal', 'high']),
        first,
      );
    }
  })();
  db.pragma('foreign_keys = ON');
  if ((db.pragma('foreign_key_check') as unknown[]).length > 0)
    throw new Error('seeded rows break a foreign key');
  db.pragma('synchronous = FULL');
}

/** The counting query before migration 0060, exactly as `countAttention` ran it. */
const oldCountsSql = `
  SELECT
    COALESCE(SUM(m.direction = 'inbound' AND k.opted_out = 0), 0) AS "needs-reply",
    COALESCE(SUM(EXISTS (SELECT 1 FROM drafts d WHERE d.conversation_id = c.id AND d.state = 'ready')), 0) AS drafts,
    COALESCE(SUM(m.direction = 'outbound' AND m.status IN ('failed', 'undelivered')), 0) AS failed
  FROM conversations c
  JOIN contacts k ON k.id = c.contact_id
  LEFT JOIN messages m ON m.id = c.last_message_id
  WHERE (? IS NULL OR c.category = ?)`;
const oldCounts = (db: Db, category: TriageCategory | undefined) => ({
  unreadTotal: (
    db.prepare('SELECT SUM(unread_count) AS n FROM conversations').get() as { n: number }
  ).n,
  tabs: db.prepare(oldCountsSql).get(category ?? null, category ?? null),
});
const newCounts = (db: Db, category: TriageCategory | undefined) => ({
  unreadTotal: totalUnread(db),
  tabs: countAttention(db, category),
});
/** What `contacts:get` reads (consoleHandlers.ts), without the formatting around it. */
const contactGet = (db: Db, contactId: number) => ({
  record: getContactRecord(db, contactId),
  consent: listConsentAudit(db, contactId),
  conversations: listContactConversationIds(db, contactId),
});

/** First call (fresh connection), then the median and max of `runs` more. */
function time(
  label: string,
  runs: number,
  fn: (i: number) => unknown,
): { first: number; median: number; max: number } {
  let t = performance.now();
  fn(0);
  const first = performance.now() - t;
  const times: number[] = [];
  for (let i = 1; i <= runs; i++) {
    t = performance.now();
    fn(i);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const result = { first, median: times[Math.floor(times.length / 2)]!, max: times.at(-1)! };
  console.log(
    `  ${label.padEnd(46)} first ${result.first.toFixed(3).padStart(9)} ms   median ${result.median.toFixed(3).padStart(8)} ms   max ${result.max.toFixed(3).padStart(8)} ms`,
  );
  return result;
}

function measure(db: Db, counts: typeof newCounts): void {
  time('conversations:counts (all)', 20, () => counts(db, undefined));
  time('conversations:counts (category "question")', 20, () => counts(db, 'question'));
  const optedOut = (
    db.prepare('SELECT id FROM contacts WHERE opted_out = 1 LIMIT 50').all() as { id: number }[]
  ).map((r) => r.id);
  time('contacts:get (opted-out contacts)', optedOut.length - 1, (i) =>
    contactGet(db, optedOut[i]!),
  );
  time("contacts:get (a long conversation's contact)", 20, () => contactGet(db, 1));
  time('contacts:get (other contacts)', 49, (i) => contactGet(db, 100 + i * 997));
}

function plans(db: Db): void {
  const explain = (label: string, text: string, ...params: unknown[]) => {
    const rows = db.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...params) as { detail: string }[];
    console.log(`  ${label}: ${rows.map((r) => r.detail).join(' | ')}`);
  };
  explain(
    'contact record',
    'SELECT id, address, name, notes, tags, language, opted_out, opted_out_at, created_at, updated_at FROM contacts WHERE id = ?',
    1,
  );
  explain(
    'consent history',
    `SELECT at, actor, action, details FROM audit_log
     WHERE subject_type = 'contact' AND subject_id = ?
       AND action IN ('contact.opted_out', 'contact.opted_in')
     ORDER BY at DESC, id DESC LIMIT ?`,
    1, 50,
  ); // prettier-ignore
  explain(
    'conversation ids',
    'SELECT id FROM conversations WHERE contact_id = ? ORDER BY last_activity_at DESC, id DESC',
    1,
  );
}

/**
 * What the triggers add to the webhook path: inbound texts stored as the webhook processor does
 * (32 per transaction, in memory so only the statements count), at schema 0050 and 0060.
 */
function ingestCost(): void {
  console.log('\nStoring an inbound text (statements only, in memory, 32 per transaction):');
  for (const [label, upTo] of [
    ['schema 0050 (no counters)', 50],
    ['schema 0060 (counters)', 60],
  ] as const) {
    const db = openDatabase(':memory:', {
      migrations: migrations.filter((m) => m.version <= upTo),
    });
    let n = 0;
    const store = () =>
      db.transaction(() => {
        for (let i = 0; i < 32; i++) {
          n += 1;
          storeInboundMessage(
            db,
            { sid: `SM${n}`, from: `+1415555${1000 + (n % 500)}`, to: '+15005550006', body: 'Hi, are you open?', media: [], numSegments: 1 },
            { now: Date.now(), defaultCountry: 'US' },
          ); // prettier-ignore
        }
      })();
    for (let i = 0; i < 50; i++) store(); // warm-up
    const rounds = 600;
    const t0 = performance.now();
    for (let i = 0; i < rounds; i++) store();
    const perText = ((performance.now() - t0) / (rounds * 32)) * 1000;
    console.log(`  ${label.padEnd(46)} ${perText.toFixed(1).padStart(6)} µs per text`);
    db.close();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'switchboard-counts-'));
const path = join(dir, 'store.db');
try {
  console.log(
    `Seeding ${CONVERSATIONS} conversations, ${MESSAGES} messages at schema 0050 in ${path}`,
  );
  const upTo50 = migrations.filter((m) => m.version <= 50);
  let db = openDatabase(path, { migrations: upTo50 });
  let t = performance.now();
  seedStore(db);
  const tally = (table: string) =>
    (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  console.log(
    `  seeded in ${((performance.now() - t) / 1000).toFixed(1)} s: ${tally('messages')} messages, ${tally('drafts')} drafts, ` +
      `${tally('audit_log')} audit rows, ${tally('contacts WHERE opted_out = 1')} contacts opted out; ` +
      `${(statSync(path).size / 1e6).toFixed(0)} MB`,
  );
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();

  console.log('\nBefore (schema 0050, a fresh connection):');
  db = openDatabase(path, { migrations: upTo50 });
  plans(db);
  measure(db, oldCounts as unknown as typeof newCounts);
  const before = Object.fromEntries(
    [undefined, ...triageCategories].map((c) => [c ?? 'all', oldCounts(db, c)]),
  );
  db.close();

  console.log('\nMigration 0060 (flags, counters, indexes, triggers), once at upgrade:');
  t = performance.now();
  db = openDatabase(path);
  console.log(`  applied in ${(performance.now() - t).toFixed(0)} ms`);
  db.close();

  console.log('\nAfter (schema 0060, a fresh connection):');
  db = openDatabase(path);
  plans(db);
  measure(db, newCounts);
  time('readInboxCounts (the counts:changed payload)', 20, () => readInboxCounts(db));
  const after = Object.fromEntries(
    [undefined, ...triageCategories].map((c) => [c ?? 'all', newCounts(db, c)]),
  );
  const same = JSON.stringify(before) === JSON.stringify(after);
  console.log(`\nCounters equal the old counting query: ${same ? 'yes' : 'NO'}`);
  if (!same) console.log(JSON.stringify({ before, after }, null, 1));
  console.log(`  all: ${JSON.stringify(after.all)}`);
  db.close();
  ingestCost();
} finally {
  if (KEEP) console.log(`kept ${path}`);
  else rmSync(dir, { recursive: true, force: true });
}
