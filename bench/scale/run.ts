/**
 * The scale benchmark (issue 13): Switchboard on a store of three busy years, beside raw SQLite
 * on a copy of the same file doing the same work.
 *
 *   npm run bench:scale -- --store /work/scale-1m.db            # reuse a seeded store (copied first)
 *   npm run bench:scale -- --messages 100000 --conversations 5000   # seed (cached in the temp dir)
 *   npm run bench:scale -- --store /work/scale-1m.db --parts search,ops --load-seconds 10
 *
 * Options (each also as BENCH_<NAME>, e.g. BENCH_LOAD_SECONDS):
 *   --store <path>        a seeded store to start from (never modified: it is copied)
 *   --messages N          size to seed when no --store is given (1,000,000)
 *   --conversations N     (50,000)
 *   --parts a,b           which parts: search, ops, webhooks, chromium (all)
 *   --load-seconds S      length of each webhook load (25)
 *   --cap-seconds S       cap on any one measured operation before it prints "not reached" (120)
 *
 * Parts:
 * - search: the fixed 30-query set through the operator bridge (HTTP + token, as the console
 *   calls it), and in-process on the copy: the same SQL (the core's `searchMessages`) and the
 *   FTS5 floor (matches walked newest first by rowid, snippets for the 30 rows shown only).
 * - ops: start to ready, `conversations:counts` (with and without a category), `contacts:get`,
 *   `messages:list` of the longest conversation, one offline draft (webhook → `draft:updated`
 *   ready), `backup:now` (time, size) against the backup API and a file copy, messages export
 *   CSV and JSONL against the same query streamed to a file in-process.
 * - webhooks: signed inbound webhooks at a fixed rate (open loop, latency from the scheduled send
 *   time: bench/ingest/load.ts), acknowledgement p50/p99/max and how many took over 1 s and over
 *   15 s (Twilio gives up at 15 s), under: 2/s with the console open (a WebSocket client asking
 *   counts and health as the renderer does), 2/s during a backup, 10/s during an export, 10/s.
 * - chromium: the console in /usr/bin/chromium: inbox first row, a 2,000-row inbox scroll, the
 *   longest conversation scrolled to its first message, search as you type, a search hit opened.
 *
 * Figures only, no verdicts: the machine's speed drifts by ±30 % (BENCHMARKS.md).
 */
import {
  copyFileSync,
  createWriteStream,
  existsSync,
  mkdtempSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { request } from 'undici';
import type WebSocket from 'ws';
import { operatorClient } from '../../test/support/operatorClient';
import { dataPaths } from '../../src/main/core/dataPaths';
import { updateRecordsState } from '../../src/main/core/records/recordsSettings';
import { countAttention } from '../../src/main/core/store/conversations';
import type { SqliteDb as Db } from '../../src/main/core/store/database';
import {
  getContactRecord,
  listConsentAudit,
  listContactConversationIds,
} from '../../src/main/core/store/contactHistory';
import { iterateMessagesForExport } from '../../src/main/core/store/exportQueries';
import { listMessages } from '../../src/main/core/store/messages';
import { searchMessages, toFtsQuery } from '../../src/main/core/store/search';
import type { ExportProgress } from '../../src/shared/types';
import { buildSignedRequests, runOpenLoop, summarize } from '../ingest/load';
import { fakeCredentials, repoRoot, startTarget, type RunningTarget } from '../ingest/targets';
import { formatBytes, seedScaleStore } from './seed';
import { searchQueries } from './text';
import { runChromiumPart } from './chromium';

const env = (name: string) => process.env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`];
const { values } = parseArgs({
  options: {
    store: { type: 'string', default: env('store') },
    messages: { type: 'string', default: env('messages') ?? '1000000' },
    conversations: { type: 'string', default: env('conversations') ?? '50000' },
    parts: { type: 'string', default: env('parts') ?? 'search,ops,webhooks,chromium' },
    'load-seconds': { type: 'string', default: env('load-seconds') ?? '25' },
    'cap-seconds': { type: 'string', default: env('cap-seconds') ?? '120' },
  },
});
const parts = new Set(values.parts.split(',').map((s) => s.trim()));
const loadSeconds = Number(values['load-seconds']);
const capMs = Number(values['cap-seconds']) * 1000;

// --- figures -----------------------------------------------------------------------------------

interface Row {
  what: string;
  switchboard: string;
  raw: string;
  note?: string;
}
const rows: Row[] = [];
const ms = (v: number) =>
  Number.isNaN(v) ? '—' : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
const secs = (v: number) => `${(v / 1000).toFixed(1)} s`;
const NOT_REACHED = 'not reached';
function add(row: Row) {
  rows.push(row);
  process.stderr.write(
    `  ${row.what}: ${row.switchboard}  (raw: ${row.raw})${row.note ? `  ${row.note}` : ''}\n`,
  );
}
function percentiles(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  return { p50: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? NaN };
}

/** Runs `work` with a cap: its time in ms, or undefined when it did not finish within the cap. */
async function capped<T>(
  label: string,
  work: () => Promise<T>,
  cap = capMs,
): Promise<{ ms: number; value: T } | undefined> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    work().then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    ),
    new Promise<'cap'>((done) => (timer = setTimeout(() => done('cap'), cap))),
  ]);
  clearTimeout(timer);
  if (outcome === 'cap') {
    process.stderr.write(`  ${label}: not reached within ${cap / 1000} s\n`);
    return undefined;
  }
  if ('error' in outcome) {
    const error = outcome.error;
    const cause =
      error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
    process.stderr.write(
      `  ${label}: failed: ${error instanceof Error ? error.message : String(error)}${cause}\n`,
    );
    return undefined;
  }
  return { ms: performance.now() - started, value: outcome.value };
}

function timeSync<T>(work: () => T): { ms: number; value: T } {
  const started = performance.now();
  const value = work();
  return { ms: performance.now() - started, value };
}

// --- the store ---------------------------------------------------------------------------------

function seededStore(): string {
  if (values.store) {
    if (!existsSync(values.store)) throw new Error(`--store ${values.store} does not exist`);
    return values.store;
  }
  const messages = Number(values.messages);
  const conversations = Number(values.conversations);
  const path = join(tmpdir(), `switchboard-scale-${messages}-${conversations}.db`);
  if (existsSync(path)) {
    process.stderr.write(`reusing the seeded store ${path} (delete it to seed again)\n`);
    return path;
  }
  process.stderr.write(
    `seeding ${messages} messages in ${conversations} conversations into ${path}\n`,
  );
  const result = seedScaleStore({ messages, conversations, out: path });
  process.stderr.write(`seeded in ${result.seconds.toFixed(0)} s, ${formatBytes(result.bytes)}\n`);
  return path;
}

interface StoreFacts {
  messages: number;
  conversations: number;
  end: number;
  longest: { conversationId: number; messages: number; contactId: number };
  contacts: number[];
  category: string;
}

function storeFacts(db: Db): StoreFacts {
  const one = <T>(text: string) => db.prepare(text).get() as T;
  const longest = one<{ conversationId: number; messages: number }>(
    `SELECT conversation_id AS conversationId, COUNT(*) AS messages FROM messages
     GROUP BY conversation_id ORDER BY messages DESC LIMIT 1`,
  );
  const contactId = (
    db
      .prepare('SELECT contact_id AS id FROM conversations WHERE id = ?')
      .get(longest.conversationId) as { id: number }
  ).id;
  // contacts:get for the contacts of the newest conversations (what an operator opens), plus
  // one that opted out (its consent history is not empty).
  const recent = (
    db
      .prepare('SELECT contact_id AS id FROM conversations ORDER BY last_activity_at DESC LIMIT 5')
      .all() as Array<{ id: number }>
  ).map((r) => r.id);
  const optedOut = db.prepare('SELECT id FROM contacts WHERE opted_out = 1 LIMIT 1').get() as
    { id: number } | undefined;
  return {
    messages: one<{ n: number }>('SELECT MAX(id) AS n FROM messages').n,
    conversations: one<{ n: number }>('SELECT MAX(id) AS n FROM conversations').n,
    end: one<{ at: number }>('SELECT created_at AS at FROM messages ORDER BY id DESC LIMIT 1').at,
    longest: { ...longest, contactId },
    contacts: [...recent, ...(optedOut ? [optedOut.id] : [])],
    category: 'booking',
  };
}

function openRaw(path: string): Db {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('temp_store = MEMORY');
  return db;
}

// --- parts -------------------------------------------------------------------------------------

/**
 * The bridge as the console uses it: commands over HTTP with the token, events on the WebSocket
 * (test/support/operatorClient). Each command goes on a connection of its own: while the core's
 * event loop is stalled for seconds, a kept-alive connection can time out on the server side at
 * the moment the client reuses it ("fetch failed"), a client artefact that would be counted
 * against the server.
 */
function bridgeClient(operatorUrl: string) {
  const url = new URL(operatorUrl);
  const token = url.searchParams.get('token')!;
  const invoke = async <T>(command: string, payload: unknown): Promise<T> => {
    const response = await request(`${url.origin}/api/${command}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(payload),
      reset: true,
      headersTimeout: 0,
      bodyTimeout: 0,
    });
    const body = (await response.body.json()) as T & { message?: string };
    if (response.statusCode !== 200) {
      throw new Error(`${command}: ${response.statusCode} ${body.message ?? ''}`);
    }
    return body;
  };
  return { invoke, events: operatorClient(operatorUrl).events };
}
type Client = ReturnType<typeof bridgeClient>;

async function searchPart(client: Client, raw: Db, facts: StoreFacts) {
  process.stderr.write('search: 30 queries\n');
  const queries = searchQueries(facts.end);
  const sb: number[] = [];
  const same: number[] = [];
  const floor: number[] = [];
  const perQuery: string[] = [];
  let missed = 0;
  // The FTS5 floor: matches walked newest first (ids ascend with created_at), snippets for the
  // rows returned only, the filters applied to each candidate until 30 are found.
  const floorStatement = raw.prepare(
    `SELECT m.id, m.conversation_id, m.direction, m.created_at,
            snippet(messages_fts, 0, char(1), char(2), '…', 16) AS snippet,
            k.id AS contact_id, k.address, k.name, k.opted_out, k.opted_out_at
     FROM messages_fts
     JOIN messages m ON m.id = messages_fts.rowid
     JOIN conversations c ON c.id = m.conversation_id
     JOIN contacts k ON k.id = c.contact_id
     WHERE messages_fts MATCH @match
       AND (@from IS NULL OR m.created_at >= @from)
       AND (@to IS NULL OR m.created_at < @to)
       AND (@direction IS NULL OR m.direction = @direction)
     ORDER BY messages_fts.rowid DESC LIMIT 30`,
  );
  for (const q of queries) {
    const payload = { query: q.query, limit: 30, ...q.filters };
    const timed = await capped(`search ${q.label}`, () =>
      client.invoke<unknown[]>('search:messages', payload),
    );
    const sbMs = timed ? timed.ms : NaN;
    if (timed) sb.push(timed.ms);
    else missed += 1;
    const rawSame = timeSync(() => searchMessages(raw, { ...payload }));
    same.push(rawSame.ms);
    const rawFloor = timeSync(() =>
      floorStatement.all({
        match: toFtsQuery(q.query),
        from: q.filters?.from ?? null,
        to: q.filters?.to ?? null,
        direction: q.filters?.direction ?? null,
      }),
    );
    floor.push(rawFloor.ms);
    perQuery.push(
      `| ${q.label} | ${timed ? ms(sbMs) : NOT_REACHED} | ${ms(rawSame.ms)} | ${ms(rawFloor.ms)} | ${rawSame.value.length} |`,
    );
  }
  const s = percentiles(sb);
  const r = percentiles(same);
  const f = percentiles(floor);
  add({
    what: 'search, 30 queries: p50 / p95 / max (ms)',
    switchboard: `${ms(s.p50)} / ${ms(s.p95)} / ${ms(s.max)}${missed ? ` (${missed} failed or not reached, left out)` : ''}`,
    raw: `${ms(r.p50)} / ${ms(r.p95)} / ${ms(r.max)}`,
    note: `FTS5 floor (newest first by rowid, 30 snippets): ${ms(f.p50)} / ${ms(f.p95)} / ${ms(f.max)}`,
  });
  const t = queries.findIndex((q) => q.query === 't' && !q.filters);
  add({
    what: 'search "t" (first keystroke, ms)',
    switchboard: perQuery[t]!.split(' | ')[1]!,
    raw: ms(same[t]!),
    note: `floor ${ms(floor[t]!)}`,
  });
  perQueryTable = [
    '| query | Switchboard ms | raw, same SQL ms | FTS5 floor ms | hits |',
    '| --- | --- | --- | --- | --- |',
    ...perQuery,
  ];
}
let perQueryTable: string[] = [];

/** n timed calls; a call that failed or passed the cap is counted in `missed`, not timed. */
async function repeat(
  n: number,
  work: () => Promise<unknown>,
): Promise<number[] & { missed?: number }> {
  const samples: number[] & { missed?: number } = [];
  for (let i = 0; i < n; i++) {
    const timed = await capped('repeat', work);
    if (timed) samples.push(timed.ms);
    else samples.missed = (samples.missed ?? 0) + 1;
  }
  return samples;
}
function repeatSync(n: number, work: () => unknown): number[] {
  return Array.from({ length: n }, () => timeSync(work).ms);
}
const spread = (samples: number[] & { missed?: number }) => {
  const p = percentiles(samples);
  const missed = samples.missed ? ` (${samples.missed} failed or not reached, left out)` : '';
  return `${ms(samples[0] ?? NaN)} first, ${ms(p.p50)} median, ${ms(p.max)} max${missed}`;
};

async function opsPart(
  client: Client,
  raw: Db,
  facts: StoreFacts,
  target: RunningTarget,
  rawDir: string,
  serverStore: string,
) {
  process.stderr.write('operations\n');
  const counts = await repeat(5, () => client.invoke('conversations:counts', {}));
  add({
    what: 'conversations:counts (ms)',
    switchboard: spread(counts),
    raw: spread(repeatSync(5, () => countAttention(raw, undefined))),
  });
  const countsCat = await repeat(5, () =>
    client.invoke('conversations:counts', { category: facts.category }),
  );
  add({
    what: `conversations:counts, category ${facts.category} (ms)`,
    switchboard: spread(countsCat),
    raw: spread(repeatSync(5, () => countAttention(raw, 'booking'))),
  });

  const contactSamples: number[] = [];
  const contactRaw: number[] = [];
  for (const id of [facts.longest.contactId, ...facts.contacts]) {
    contactSamples.push(
      ...(await repeat(2, () => client.invoke('contacts:get', { contactId: id }))),
    );
    contactRaw.push(
      ...repeatSync(2, () => [
        getContactRecord(raw, id),
        listConsentAudit(raw, id),
        listContactConversationIds(raw, id),
      ]),
    );
  }
  const c = percentiles(contactSamples);
  const cr = percentiles(contactRaw);
  add({
    what: `contacts:get, ${contactSamples.length} calls: median / max (ms)`,
    switchboard: `${ms(c.p50)} / ${ms(c.max)}`,
    raw: `${ms(cr.p50)} / ${ms(cr.max)}`,
  });

  const list = await repeat(5, () =>
    client.invoke('messages:list', { conversationId: facts.longest.conversationId, limit: 100 }),
  );
  add({
    what: `messages:list, longest conversation (${facts.longest.messages} messages), newest 100 (ms)`,
    switchboard: spread(list),
    raw: spread(
      repeatSync(5, () =>
        listMessages(raw, { conversationId: facts.longest.conversationId, limit: 100 }),
      ),
    ),
  });
  add({ what: 'start to ready (spawn → ready line)', switchboard: secs(target.readyMs), raw: '—' });

  // One offline draft: webhook in, `draft:updated` ready out.
  const credentials = targetCredentials;
  const [request] = buildSignedRequests(1, {
    baseUrl: target.webhookUrl,
    authToken: credentials.authToken,
    accountSid: credentials.accountSid,
    runTag: 0xd1af7,
  });
  let resolveDraft: (() => void) | undefined;
  const draftReady = new Promise<void>((done) => (resolveDraft = done));
  const socket = await client.events((event, payload) => {
    if (event === 'draft:updated' && (payload as { state?: string }).state === 'ready')
      resolveDraft?.();
  });
  const draft = await capped(
    'offline draft',
    async () => {
      await runOpenLoop(target.webhookUrl, [request!], { ratePerSecond: 1, seconds: 1 });
      await draftReady;
    },
    60_000,
  );
  socket.close();
  add({
    what: 'offline draft of one inbound text (webhook → draft ready)',
    switchboard: draft ? `${ms(draft.ms)} ms` : NOT_REACHED,
    raw: '—',
  });

  // Backup: the app's, the backup API on the raw copy, and a plain file copy.
  const backup = await capped(
    'backup:now',
    () => client.invoke<{ bytes: number; path: string }>('backup:now', {}),
    capMs * 3,
  );
  const apiTarget = join(rawDir, 'backup-api.db');
  const rawBackupStarted = performance.now();
  await raw.backup(apiTarget);
  const rawBackupMs = performance.now() - rawBackupStarted;
  const copyTarget = join(rawDir, 'backup-copy.db');
  const copy = timeSync(() => copyFileSync(serverStore, copyTarget));
  add({
    what: 'backup:now: time, size',
    switchboard: backup ? `${secs(backup.ms)}, ${formatBytes(backup.value.bytes)}` : NOT_REACHED,
    raw: `backup API ${secs(rawBackupMs)}, ${formatBytes(statSync(apiTarget).size)}`,
    note: `file copy ${secs(copy.ms)}`,
  });
  rmSync(apiTarget, { force: true });
  rmSync(copyTarget, { force: true });
  if (backup) rmSync(backup.value.path, { force: true });

  for (const format of ['csv', 'jsonl'] as const) {
    const exported = await exportOnce(client, format);
    const rawExport = timeSync(() =>
      rawExportMessages(raw, join(rawDir, `export.${format}`), format),
    );
    add({
      what: `export all messages, ${format.toUpperCase()}`,
      switchboard: exported ? `${secs(exported.ms)} (${exported.value.written} rows)` : NOT_REACHED,
      raw: `${secs(rawExport.ms)} (${rawExport.value} rows, same query streamed to a file)`,
    });
    rmSync(join(rawDir, `export.${format}`), { force: true });
  }
}

/** Starts a messages export and resolves when its `export:progress` says done. */
async function exportOnce(client: Client, format: 'csv' | 'jsonl') {
  let socket: WebSocket | undefined;
  let started: { exportId: string; path: string } | undefined;
  const result = await capped(
    `export ${format}`,
    async () => {
      let finish: ((p: ExportProgress) => void) | undefined;
      const finished = new Promise<ExportProgress>((done) => (finish = done));
      socket = await client.events((event, payload) => {
        const p = payload as ExportProgress;
        if (event === 'export:progress' && p.done) finish?.(p);
      });
      started = await client.invoke('export:start', { what: 'messages', format });
      const progress = await finished;
      if (progress.error) throw new Error(progress.error);
      rmSync(progress.path, { force: true });
      return progress;
    },
    capMs * 3,
  );
  socket?.close();
  if (!result && started) {
    // Past the cap: stop it, so it does not run on under the next measurement.
    const { exportId, path } = started;
    await client.invoke('export:cancel', { exportId }).catch(() => undefined);
    rmSync(path, { force: true });
  }
  return result;
}

/** The same rows the app exports, streamed to a file: one CSV or JSON line each. */
function rawExportMessages(db: Db, path: string, format: 'csv' | 'jsonl'): number {
  const out = createWriteStream(path);
  const quote = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  let n = 0;
  let buffer = '';
  for (const row of iterateMessagesForExport(db, { from: null, to: null, contactIds: null })) {
    buffer +=
      format === 'csv'
        ? `${Object.values(row).map(quote).join(',')}\n`
        : `${JSON.stringify(row)}\n`;
    n += 1;
    if (buffer.length > 1 << 20) {
      out.write(buffer);
      buffer = '';
    }
  }
  out.end(buffer);
  return n;
}

// --- webhook acknowledgements under load -------------------------------------------------------

interface AckFigures {
  load: string;
  sent: number;
  ok: number;
  failed: number;
  p50: number;
  p99: number;
  max: number;
  over1s: number;
  over15s: number;
  side: string;
}
const ackRows: AckFigures[] = [];
const targetCredentials = fakeCredentials();
let runTag = 0x5ca1e000;

/**
 * One load: `rate` signed webhooks a second for `loadSeconds`, while `during` runs; when `during`
 * (a backup, an export) takes longer, the load goes on until it ended (up to 3× the cap), so the
 * whole of it is under load.
 */
async function webhookLoad(
  target: RunningTarget,
  load: string,
  rate: number,
  during: () => Promise<string>,
) {
  process.stderr.write(`webhooks: ${load}\n`);
  const longest = Math.max(loadSeconds, (capMs * 3) / 1000);
  const requests = buildSignedRequests(Math.round(rate * longest), {
    baseUrl: target.webhookUrl,
    authToken: targetCredentials.authToken,
    accountSid: targetCredentials.accountSid,
    runTag: runTag++,
  });
  const started = performance.now();
  let sideDone = false;
  const [result, side] = await Promise.all([
    runOpenLoop(target.webhookUrl, requests, {
      ratePerSecond: rate,
      seconds: longest,
      stopWhen: () => sideDone && performance.now() - started >= loadSeconds * 1000,
    }),
    during().finally(() => (sideDone = true)),
  ]);
  const s = summarize(result.latencies);
  const latencies = Array.from(result.latencies);
  const figures: AckFigures = {
    load,
    sent: result.sent,
    ok: result.ok,
    failed: [...result.failures.values()].reduce((a, b) => a + b, 0),
    ...s,
    over1s: latencies.filter((v) => v > 1000).length,
    over15s: latencies.filter((v) => v > 15_000).length,
    // What the failures were: a status, or the client's 30 s timeout / a reset connection.
    side: [side, ...[...result.failures].map(([kind, n]) => `${n}× ${kind}`)]
      .filter(Boolean)
      .join('; '),
  };
  ackRows.push(figures);
  process.stderr.write(
    `  p50 ${ms(s.p50)} p99 ${ms(s.p99)} max ${ms(s.max)} ms; >1 s ${figures.over1s}, >15 s ${figures.over15s}, failed ${figures.failed}; ${figures.side}\n`,
  );
}

/**
 * Waits (up to 90 s) until the drafts queued by the last load have run, so that each load starts
 * from a quiet queue; prints what was left when it gives up.
 */
async function settle(client: Client) {
  const started = performance.now();
  for (;;) {
    const health = await capped('health:get', () =>
      client.invoke<{ queue: { queued: number; running: number } }>('health:get', {}),
    );
    const left = health ? health.value.queue.queued + health.value.queue.running : -1;
    if (left === 0) return;
    if (performance.now() - started > 90_000) {
      process.stderr.write(
        `  queue not empty after 90 s (${left} jobs), next load starts anyway\n`,
      );
      return;
    }
    await new Promise((done) => setTimeout(done, 1000));
  }
}

/** A console left open: listens to events and asks counts (every 250 ms at most) and health, as the renderer does. */
async function openConsole(client: Client): Promise<{ stop(): string }> {
  let countsTimer: NodeJS.Timeout | undefined;
  let asked = 0;
  let healthBusy = false;
  const socket = await client.events((event) => {
    if (event === 'conversation:updated' || event === 'message:added') {
      countsTimer ??= setTimeout(() => {
        countsTimer = undefined;
        asked += 1;
        void client.invoke('conversations:counts', {}).catch(() => undefined);
      }, 250);
    }
    if ((event === 'message:added' || event === 'queue:changed') && !healthBusy) {
      healthBusy = true;
      asked += 1;
      void client
        .invoke('health:get', {})
        .catch(() => undefined)
        .finally(() => (healthBusy = false));
    }
  });
  return {
    stop() {
      clearTimeout(countsTimer);
      socket.close();
      return `console asked ${asked} counts/health`;
    },
  };
}

async function webhooksPart(target: RunningTarget, client: Client) {
  const consoleOpen = async () => {
    const c = await openConsole(client);
    await new Promise((done) => setTimeout(done, loadSeconds * 1000));
    return c.stop();
  };
  await settle(client);
  await webhookLoad(target, '2/s, console open', 2, consoleOpen);
  await settle(client);
  await webhookLoad(target, '2/s during a backup', 2, async () => {
    const b = await capped(
      'backup during load',
      () => client.invoke<{ path: string }>('backup:now', {}),
      capMs * 3,
    );
    if (b) rmSync(b.value.path, { force: true });
    return b ? `backup took ${secs(b.ms)}` : `backup ${NOT_REACHED}`;
  });
  await settle(client);
  await webhookLoad(target, '10/s during an export', 10, async () => {
    const e = await exportOnce(client, 'csv');
    return e ? `export took ${secs(e.ms)}` : `export ${NOT_REACHED}`;
  });
  await settle(client);
  await webhookLoad(target, '10/s', 10, () => Promise.resolve(''));
}

// --- main --------------------------------------------------------------------------------------

const source = seededStore();
const work = mkdtempSync(join(tmpdir(), 'switchboard-scale-'));
const dataDir = join(work, 'data');
const rawDir = join(work, 'raw');
const { mkdirSync } = await import('node:fs');
mkdirSync(dataDir);
mkdirSync(rawDir);
const serverStore = dataPaths(dataDir).database;
const rawStore = join(rawDir, 'raw.db');
process.stderr.write(
  `copying ${source} (${formatBytes(statSync(source).size)}) twice into ${work}\n`,
);
for (const to of [serverStore, rawStore]) {
  copyFileSync(source, to);
  for (const suffix of ['-wal', '-shm'])
    if (existsSync(source + suffix)) copyFileSync(source + suffix, to + suffix);
}
// The daily backup is due 60 s after start on a store that never had one, and would land in the
// middle of whatever is measured then; mark it as just taken (on the copy): the backup is
// measured on its own (backup:now, and the load during a backup).
{
  const serverDb = openRaw(serverStore);
  updateRecordsState(serverDb, { lastBackupAt: Date.now() }, Date.now());
  serverDb.close();
}
const raw = openRaw(rawStore);
const facts = storeFacts(raw);
process.stderr.write(
  `store: ${facts.messages} messages, ${facts.conversations} conversations, longest ${facts.longest.messages} messages\n`,
);

let target: RunningTarget | undefined;
try {
  target = await startTarget('switchboard', targetCredentials, { instrument: false, dataDir });
  process.stderr.write(`ready in ${secs(target.readyMs)}\n`);
  const client = bridgeClient(target.operatorUrl!);
  if (parts.has('search')) await searchPart(client, raw, facts);
  if (parts.has('ops')) await opsPart(client, raw, facts, target, rawDir, serverStore);
  if (parts.has('chromium')) {
    const notes = await runChromiumPart(target.operatorUrl!, facts.longest.conversationId, capMs);
    for (const n of notes) add(n);
  }
  if (parts.has('webhooks')) await webhooksPart(target, client);
} finally {
  await target?.stop();
  raw.close();
  rmSync(work, { recursive: true, force: true });
}

const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
const out: string[] = [];
out.push(
  `Scale benchmark, ${date} UTC: ${facts.messages} messages, ${facts.conversations} conversations, store ${formatBytes(statSync(source).size)} (${source}); repo ${repoRoot}`,
);
out.push('');
if (rows.length > 0) {
  out.push('| what | Switchboard | raw SQLite, same data | note |', '| --- | --- | --- | --- |');
  for (const r of rows) out.push(`| ${r.what} | ${r.switchboard} | ${r.raw} | ${r.note ?? ''} |`);
  out.push('');
}
if (ackRows.length > 0) {
  out.push(
    `Webhook acknowledgements (open loop, ${loadSeconds} s per load, latency from the scheduled send time):`,
    '',
  );
  out.push(
    '| load | sent | 200 | failed | p50 ms | p99 ms | max ms | > 1 s | > 15 s | alongside |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const a of ackRows)
    out.push(
      `| ${a.load} | ${a.sent} | ${a.ok} | ${a.failed} | ${ms(a.p50)} | ${ms(a.p99)} | ${ms(a.max)} | ${a.over1s} | ${a.over15s} | ${a.side} |`,
    );
  out.push('');
}
if (perQueryTable.length > 0) out.push('Search, per query:', '', ...perQueryTable, '');
process.stdout.write(`${out.join('\n')}\n`);
