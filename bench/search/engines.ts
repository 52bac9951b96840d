/**
 * Search on both engines: the same store (messages from the scale benchmark's phrase lists in
 * four languages, a seeded PRNG, 20 messages per conversation on average, four long
 * conversations) written to SQLite and to PostgreSQL (a throwaway cluster), then the scale
 * benchmark's 30 queries (bench/scale/text.ts `searchQueries`) through `searchMessages` on each.
 * Prints p50/p95/max per engine and whether both engines return the same hits and snippets for
 * every query. Figures only; never fails on time. Each query runs once to warm the cache, then
 * once timed.
 *
 *   npx tsx bench/search/engines.ts                     # 100,000 messages
 *   npx tsx bench/search/engines.ts --messages 300000 --verbose
 *   npx tsx bench/search/engines.ts --postgres postgres://…/db   # an empty database of yours, kept
 *
 * Needs PostgreSQL's server binaries (Debian's "postgresql" package), as the tests do.
 */
import { performance } from 'node:perf_hooks';
import { openDatabase, openPostgres, type Db } from '../../src/main/core/store/database';
import { indexSearchBacklog, searchMessages } from '../../src/main/core/store/search';
import { postgresBinDir, startPostgresCluster } from '../../test/support/postgresCluster';
import { contactName, inboundBody, outboundBody, pick, prng, searchQueries } from '../scale/text';
import type { Lang } from '../scale/text';

const arg = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? (process.argv[at + 1] ?? fallback) : fallback;
};
const MESSAGES = Number(arg('messages', '100000'));
const CONVERSATIONS = Math.max(100, Math.round(MESSAGES / 20));
const VERBOSE = process.argv.includes('--verbose');
const END = Date.UTC(2026, 0, 1);
const START = END - 3 * 365 * 86_400_000;
const BATCH = 5_000;

/** The same rows for both engines, in the same order (so the same ids). */
function* rows() {
  const random = prng(18);
  const langs: Lang[] = ['en', 'en', 'en', 'es', 'es', 'fr', 'de'];
  const lang = Array.from({ length: CONVERSATIONS + 1 }, () => pick(random, langs));
  const names = Array.from({ length: CONVERSATIONS + 1 }, () => contactName(random));
  yield { kind: 'setup' as const, lang, names };
  const step = (END - START) / MESSAGES;
  let at = START;
  for (let i = 0; i < MESSAGES; i += 1) {
    at += Math.max(1, Math.round(step * 2 * random()));
    // A twentieth of all messages in four long conversations, the rest spread out.
    const c = random() < 0.05 ? 1 + Math.floor(random() * 4) : 5 + Math.floor(random() * (CONVERSATIONS - 4)); // prettier-ignore
    const inbound = random() < 0.5;
    const body = inbound
      ? inboundBody(random, lang[c]!)
      : outboundBody(random, lang[c]!, names[c]!.split(' ')[0]!);
    yield { kind: 'message' as const, i, c, inbound, body, at };
  }
}

function seed(db: Db): void {
  const contact = db.prepare(
    `INSERT INTO contacts (id, address, raw_address, name, tags, created_at, updated_at)
     VALUES (?, ?, ?, ?, '[]', ?, ?)`,
  );
  const conversation = db.prepare(
    `INSERT INTO conversations (id, contact_id, channel, business_number, last_activity_at,
       created_at) VALUES (?, ?, 'sms', '+15005550006', ?, ?)`,
  );
  const message = db.prepare(
    `INSERT INTO messages (conversation_id, direction, author, provider_sid, from_address,
       to_address, body, status, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  let pending: Array<() => void> = [];
  const flush = () => {
    const work = pending;
    pending = [];
    db.transaction(() => work.forEach((write) => write()))();
  };
  for (const row of rows()) {
    if (row.kind === 'setup') {
      db.transaction(() => {
        for (let id = 1; id <= CONVERSATIONS; id += 1) {
          const address = `+1415${String(id).padStart(7, '0')}`;
          contact.run(id, address, address, row.names[id], START, START);
          conversation.run(id, id, START, START);
        }
      })();
      continue;
    }
    const address = `+1415${String(row.c).padStart(7, '0')}`;
    pending.push(() =>
      message.run(
        row.c,
        row.inbound ? 'inbound' : 'outbound',
        row.inbound ? 'customer' : 'operator',
        `SM${row.i.toString(16).padStart(32, '0')}`,
        row.inbound ? address : '+15005550006',
        row.inbound ? '+15005550006' : address,
        row.body,
        row.inbound ? 'received' : 'delivered',
        row.at,
        row.at,
      ),
    );
    if (pending.length === BATCH) flush();
  }
  flush();
  indexSearchBacklog(db);
}

function time<T>(fn: () => T): { ms: number; value: T } {
  const t = performance.now();
  const value = fn();
  return { ms: performance.now() - t, value };
}

function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
  return `p50 ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms, max ${at(1).toFixed(1)} ms`;
}

async function postgresUrl(): Promise<{ url: string; stop: () => void }> {
  const given = arg('postgres', '');
  if (given) return { url: given, stop: () => {} };
  const binDir = postgresBinDir();
  if (!binDir) throw new Error('No PostgreSQL server binaries: install Debian\'s "postgresql"');
  const cluster = await startPostgresCluster(binDir);
  const admin = openPostgres(cluster.url(), { migrations: [] });
  admin.exec('CREATE DATABASE search_bench');
  admin.close();
  return { url: cluster.url('search_bench'), stop: cluster.stop };
}

const postgres = await postgresUrl();
const engines: Array<{ name: string; db: Db }> = [];
try {
  engines.push({ name: 'sqlite', db: openDatabase(':memory:') });
  engines.push({ name: 'postgres', db: openPostgres(postgres.url) });
  for (const { name, db } of engines) {
    const { ms } = time(() => seed(db));
    console.log(`${name}: seeded ${MESSAGES} messages in ${(ms / 1000).toFixed(1)} s`);
  }
  engines[1]!.db.exec('VACUUM ANALYZE');
  const queries = searchQueries(END);
  const answers = engines.map(({ name, db }) => {
    const samples: number[] = [];
    const hits = queries.map((q) => {
      const args = { query: q.query, limit: 30, ...q.filters };
      searchMessages(db, args);
      const { ms, value } = time(() => searchMessages(db, args));
      samples.push(ms);
      if (VERBOSE) console.log(`${name} ${ms.toFixed(1).padStart(8)} ms  ${q.label}`);
      return JSON.stringify(value);
    });
    console.log(`${name}: 30 queries, ${percentiles(samples)}`);
    return hits;
  });
  const differ = queries.filter((_, i) => answers[0]![i] !== answers[1]![i]);
  for (const q of differ) console.log(`DIFFERENT hits or snippets: ${q.label}`);
  console.log(
    differ.length === 0
      ? 'same hits and snippets on both engines for all 30 queries'
      : `${differ.length} of 30 queries differ between the engines`,
  );
} finally {
  for (const { db } of engines) db.close();
  postgres.stop();
}
