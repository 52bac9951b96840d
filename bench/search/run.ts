/**
 * Search at scale: seeds a store with ~1,000,000 messages (English and Spanish bodies from word
 * lists with a seeded PRNG, 50,000 conversations, four of 10,000–15,000 messages, 3 years), then
 * times 30 queries three ways: the query `searchMessages` ran before issue 13 (copied below, on the
 * index as it was), the current `searchMessages`, and a raw FTS5 floor (rowids only, newest first,
 * LIMIT). Prints p50/p95/max per variant, the index rebuild cost of migration 0070, and whether
 * `searchMessages` returns the same hits as the old query. Figures only; never fails
 * on time. Each query runs once to warm the cache, then once timed.
 *
 *   npx tsx bench/search/run.ts            # 1,000,000 messages: ~1 min to seed, ~5 min in all
 *   npx tsx bench/search/run.ts --verbose  # and the time of each query
 *   npx tsx bench/search/run.ts --messages 100000 --keep
 *
 * The file goes to /tmp and is deleted at the end unless --keep; with --keep, a later run with the
 * same --messages reuses it (the old-index figures are then skipped: the index was rebuilt).
 */
import { existsSync, rmSync, statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { openDatabase, type Db } from '../../src/main/core/store/database';
import { migrations } from '../../src/main/core/store/migrations';
import { indexSearchBacklog, searchMessages, toFtsQuery } from '../../src/main/core/store/search';
import type { SearchFilters } from '../../src/main/core/store/search';

const arg = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? (process.argv[at + 1] ?? fallback) : fallback;
};
const MESSAGES = Number(arg('messages', '1000000'));
const CONVERSATIONS = Math.max(100, Math.round(MESSAGES / 20));
const KEEP = process.argv.includes('--keep');
const LIMIT = 30; // what the console asks for
const path = arg('db', `/tmp/switchboard-search-bench-${MESSAGES}.db`);

// mulberry32: small, seeded, good enough for picking words.
let state = 0x5eed1234;
const random = () => {
  state = (state + 0x6d2b79f5) | 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
/** Zipf-like: early words of a list come up far more often, as in real text. */
const zipf = <T>(items: readonly T[]): T => items[Math.floor(items.length * random() ** 2.2)]!;

const EN = `the you to i a and is for it your can we of on my at be have this do are thanks thank
  me will with that what please just so not time tomorrow today appointment book booking get ok
  okay hi hello yes no there how when see good great morning afternoon evening need would like
  could know much price cost hair cut haircut color colour nails massage facial wax trim there
  they then them these those their was here let us our reschedule cancel confirm confirmed
  available availability open close closed hours saturday sunday monday tuesday wednesday
  thursday friday week next last minute late early sorry running traffic parking address where
  pay paid card cash invoice receipt refund deposit gift voucher love lovely perfect awesome
  appreciate see soon again still sure maybe free slot slots pm am noon two three four five one
  order delivery pickup ready call text message reply number stop start update question problem
  help service team shop store product stock item sizes size small large return exchange
  treatment skin products recommend balayage highlights blowdry appointment appointments`
  .split(/\s+/)
  .filter(Boolean);
const ES = `de la que el en y a los se del las un por con no una su para es al lo como más pero sus
  le ya o este sí porque esta entre cuando muy sin sobre también me hasta hay donde quien desde
  todo nos durante todos uno les ni contra otros ese eso ante ellos e esto mí antes algunos qué
  unos yo otro otras otra él tanto esa estos mucho quienes nada muchos cual poco ella estar
  estas algunas algo nosotros hola gracias buenos días buenas tardes noches cita mañana hoy
  quiero quisiera puedo puede reservar reserva cancelar cambiar hora horario abierto cerrado
  sábado domingo lunes martes miércoles jueves viernes semana precio cuánto cuesta corte pelo
  uñas tinte masaje facial depilación llego tarde tráfico perdón lo siento dirección pagar
  tarjeta efectivo factura reembolso regalo perfecto genial vale claro bueno necesito ayuda
  pedido entrega recoger listo llamar mensaje número tienda producto talla cambio devolución`
  .split(/\s+/)
  .filter(Boolean);
// Words that exist but are rare (about 1 message in 2,000 has one).
const RARE = `zebra xylophone quokka aubergine kumquat origami saxophone yodel marzipan tambourine
  capybara fjord gazpacho paella churros piñata`
  .split(/\s+/)
  .filter(Boolean);

function body(spanish: boolean): string {
  const words = spanish ? ES : EN;
  const length = 3 + Math.floor(random() * random() * 28);
  const out: string[] = [];
  for (let i = 0; i < length; i += 1) out.push(zipf(words));
  if (random() < 0.0005) out.splice(Math.floor(random() * out.length), 0, pick(RARE));
  let text = out.join(' ');
  text = text[0]!.toUpperCase() + text.slice(1);
  return text + pick(['.', '?', '!', '', ' :)', '...']);
}

const YEAR = 365 * 24 * 3600_000;
const END = Date.UTC(2026, 11, 1);
const START = END - 3 * YEAR;
const CATEGORIES = ['booking', 'billing', 'question', 'complaint', 'other'];

function seed(db: Db): void {
  const insertContact = db.prepare(
    `INSERT INTO contacts (id, address, raw_address, name, tags, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertConversation = db.prepare(
    `INSERT INTO conversations (id, contact_id, channel, business_number, last_activity_at,
       created_at) VALUES (?, ?, 'sms', '+15005550006', ?, ?)`,
  );
  const spanish = new Uint8Array(CONVERSATIONS + 1);
  db.transaction(() => {
    for (let id = 1; id <= CONVERSATIONS; id += 1) {
      const address = `+1415${String(id).padStart(7, '0')}`;
      const tags = random() < 0.03 ? '["vip"]' : random() < 0.1 ? '["wholesale"]' : '[]';
      spanish[id] = random() < 0.25 ? 1 : 0;
      insertContact.run(id, address, address, random() < 0.6 ? `Customer ${id}` : null, tags, START, START); // prettier-ignore
      insertConversation.run(id, id, START, START);
    }
  })();
  const insertMessage = db.prepare(
    `INSERT INTO messages (conversation_id, direction, author, provider_sid, from_address,
       to_address, body, status, category, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // Four long conversations (10,000–15,000 messages), the rest spread over the others.
  const big = [
    { id: 1, share: 15_000 },
    { id: 2, share: 13_000 },
    { id: 3, share: 11_000 },
    { id: 4, share: 10_000 },
  ].map((b) => ({ ...b, p: (b.share * MESSAGES) / 1_000_000 / MESSAGES }));
  const step = (END - START) / MESSAGES;
  let at = START;
  const BATCH = 50_000;
  for (let done = 0; done < MESSAGES; done += BATCH) {
    db.transaction(() => {
      for (let i = done; i < Math.min(MESSAGES, done + BATCH); i += 1) {
        at += Math.max(1, Math.round(step * 2 * random())); // strictly increasing, as stored
        let conversation = 0;
        let r = random();
        for (const b of big) {
          if (r < b.p) {
            conversation = b.id;
            break;
          }
          r -= b.p;
        }
        if (conversation === 0) conversation = 5 + Math.floor(random() * (CONVERSATIONS - 4));
        const address = `+1415${String(conversation).padStart(7, '0')}`;
        const inbound = random() < 0.5;
        const status = inbound
          ? 'received'
          : pick(['delivered', 'delivered', 'delivered', 'delivered', 'delivered', 'delivered', 'delivered', 'delivered', 'sent', 'failed', 'undelivered']); // prettier-ignore
        insertMessage.run(
          conversation,
          inbound ? 'inbound' : 'outbound',
          inbound ? 'customer' : 'operator',
          `SM${i.toString(16).padStart(32, '0')}`,
          inbound ? address : '+15005550006',
          inbound ? '+15005550006' : address,
          body(spanish[conversation] === 1),
          status,
          inbound && random() < 0.8 ? pick(CATEGORIES) : null,
          at,
          at,
        );
      }
    })();
  }
  db.exec(`UPDATE conversations SET last_message_id = (SELECT max(id) FROM messages m
             WHERE m.conversation_id = conversations.id),
           last_activity_at = coalesce((SELECT max(created_at) FROM messages m
             WHERE m.conversation_id = conversations.id), last_activity_at)`);
}

// The query searchMessages ran before issue 13 (baseline), verbatim.
const OLD_SQL = `SELECT m.id AS message_id, m.conversation_id, m.direction, m.created_at,
            snippet(messages_fts, 0, char(1), char(2), '…', 16) AS snippet,
            k.id AS contact_id, k.address, k.name, k.opted_out, k.opted_out_at
     FROM messages_fts
     JOIN messages m ON m.id = messages_fts.rowid
     JOIN conversations c ON c.id = m.conversation_id
     JOIN contacts k ON k.id = c.contact_id
     WHERE messages_fts MATCH @match
       AND (@contactId IS NULL OR k.id = @contactId)
       AND (@from IS NULL OR m.created_at >= @from)
       AND (@to IS NULL OR m.created_at < @to)
       AND (@direction IS NULL OR m.direction = @direction)
       AND (@status IS NULL OR m.status = @status)
       AND (@category IS NULL OR m.category = @category)
       AND (@tag IS NULL OR EXISTS (SELECT 1 FROM json_each(k.tags) WHERE value = @tag))
     ORDER BY m.created_at DESC, m.id DESC
     LIMIT @limit`;

type Query = { query: string } & SearchFilters;

function queries(db: Db): Query[] {
  const small = db
    .prepare(
      `SELECT contact_id AS id FROM conversations c WHERE id > 4
       AND (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id) BETWEEN 15 AND 25
       LIMIT 1`,
    )
    .get() as { id: number };
  const month = 30 * 24 * 3600_000;
  return [
    { query: 'the' },
    { query: 'thanks' },
    { query: 'appointment' },
    { query: 'gracias' },
    { query: 'mañana' },
    { query: 'refund' },
    { query: 'balayage' },
    { query: 'quokka' },
    { query: 'paella' },
    { query: 't' },
    { query: 'ap' },
    { query: 'boo' },
    { query: 'resch' },
    { query: 'see you' },
    { query: 'can i book' },
    { query: 'hola quiero cita' },
    { query: 'the invoice' },
    { query: 'the', contactId: small.id },
    { query: 'thanks', contactId: 1 },
    { query: 'pr', contactId: small.id },
    { query: 'appointment', direction: 'inbound' },
    { query: 't', direction: 'outbound' },
    { query: 'gracias', from: END - month },
    { query: 'the', from: START + month, to: START + 2 * month },
    { query: 'refund', status: 'failed' },
    { query: 'the', status: 'failed' },
    { query: 'booking', category: 'complaint' },
    { query: 'the', tag: 'vip' },
    { query: 'cita', tag: 'wholesale' },
    { query: 'tomorrow morning', direction: 'outbound', status: 'delivered' },
  ];
}

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const p = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return `p50 ${p(0.5).toFixed(1)} ms   p95 ${p(0.95).toFixed(1)} ms   max ${sorted.at(-1)!.toFixed(1)} ms`; // prettier-ignore
}

function time(fn: () => unknown): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

/** Each query once to warm the cache, then the time of a second run. */
function run(label: string, set: Query[], fn: (q: Query) => unknown): void {
  for (const q of set) fn(q);
  const samples: number[] = [];
  const perQuery: string[] = [];
  for (const q of set) {
    const ms = time(() => fn(q));
    samples.push(ms);
    perQuery.push(`${ms.toFixed(1).padStart(8)}  ${JSON.stringify(q)}`);
  }
  console.log(`\n${label}: ${stats(samples)}`);
  if (process.argv.includes('--verbose')) console.log(perQuery.join('\n'));
  const t = set.findIndex((q) => q.query === 't' && Object.keys(q).length === 1);
  console.log(`  "t": ${samples[t]!.toFixed(1)} ms`);
}

const params = (q: Query) => ({
  match: toFtsQuery(q.query),
  limit: LIMIT,
  contactId: q.contactId ?? null,
  from: q.from ?? null,
  to: q.to ?? null,
  direction: q.direction ?? null,
  status: q.status ?? null,
  category: q.category ?? null,
  tag: q.tag ?? null,
});

const fresh = !existsSync(path);
// Seed on the schema before migration 0070, so the baseline runs on the index it ran on.
const before = migrations.filter((m) => m.version < 70);
let db = openDatabase(path, { migrations: fresh ? before : migrations });
try {
  db.pragma('synchronous = OFF');
  const set = () => queries(db);
  if (fresh) {
    let ms = time(() => seed(db));
    console.log(`seeded ${MESSAGES} messages in ${(ms / 1000).toFixed(1)} s`);
    ms = time(() => indexSearchBacklog(db));
    console.log(`indexed them (indexSearchBacklog) in ${(ms / 1000).toFixed(1)} s`);
    db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    console.log(`file: ${(statSync(path).size / 1e6).toFixed(0)} MB`);

    const old = db.prepare(OLD_SQL);
    const floor = db.prepare(
      'SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid DESC LIMIT ?',
    );
    run('before (old query, old index)', set(), (q) => old.all(params(q)));
    run('raw FTS5 floor (old index)', set(), (q) => floor.all(toFtsQuery(q.query), LIMIT));
    db.close();
    const t = performance.now();
    db = openDatabase(path); // applies 0070 and later
    console.log(`\nmigrations from 0070 on (index rebuild): ${((performance.now() - t) / 1000).toFixed(1)} s`); // prettier-ignore
    db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    console.log(`file: ${(statSync(path).size / 1e6).toFixed(0)} MB`);
  }
  const old = db.prepare(OLD_SQL);
  const floor = db.prepare(
    'SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid DESC LIMIT ?',
  );
  // Same answers as before: ids in the same order. (Snippets are no longer FTS5's: both engines
  // build them in TypeScript now, store/searchText.ts.)
  let differ = 0;
  for (const q of set()) {
    const now = searchMessages(db, { ...q, limit: LIMIT });
    const then = old.all(params(q)) as { message_id: number }[];
    const a = JSON.stringify(now.map((h) => h.messageId));
    const b = JSON.stringify(then.map((r) => r.message_id));
    if (a !== b) {
      differ += 1;
      console.log(`DIFFERENT results for ${JSON.stringify(q)}`);
    }
  }
  console.log(`\nresults compared with the old query: ${differ === 0 ? 'identical for all 30' : `${differ} differ`}`); // prettier-ignore
  run('after: searchMessages', set(), (q) => searchMessages(db, { ...q, limit: LIMIT }));
  run('old query on the new index', set(), (q) => old.all(params(q)));
  run('raw FTS5 floor (new index)', set(), (q) => floor.all(toFtsQuery(q.query), LIMIT));
} finally {
  db.close();
  if (!KEEP) for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
}
