/**
 * Seeds a store the size of three busy years (default: 50,000 conversations, 1,000,000
 * messages), through the project's own migrations and repository functions, so the file has
 * exactly the shape the app itself would have written: contacts, conversations, messages in time
 * order (ids ascend with created_at), a draft and a finished draft job per inbound text, a send job,
 * an audit line and two status callbacks (message_events) per outbound text, one webhook_log line
 * with a raw Twilio form body per inbound text and per status callback, triage, some opt-outs,
 * and the search index built at the end. Four conversations hold 10,000–15,000 messages each
 * (1.5, 1.3, 1.15 and 1.0 % of all messages).
 *
 * The text comes from phrase lists with a seeded PRNG: the same options give the same store.
 * Commits skip fsync while seeding (`synchronous = OFF`); the file is checkpointed at the end.
 *
 *   npx tsx bench/scale/seed.ts [--messages 1000000] [--conversations 50000] [--out /work/scale-1m.db]
 *
 * As a module: `seedScaleStore({ messages, conversations, out })`.
 */
import { existsSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { storeInboundMessage } from '../../src/main/core/messaging/inbound';
import { queueOutboundMessage } from '../../src/main/core/messaging/outbound';
import { recordDeliveryStatus } from '../../src/main/core/messaging/deliveryStatus';
import { audit } from '../../src/main/core/store/audit';
import { markConversationRead } from '../../src/main/core/store/conversations';
import { openDatabase, sql } from '../../src/main/core/store/database';
import { storeMessageTriage } from '../../src/main/core/store/draftContext';
import {
  decideDraft,
  insertDraft,
  supersedeUndecidedDrafts,
} from '../../src/main/core/store/drafts';
import { getReplyRoute } from '../../src/main/core/messaging/preSend';
import { indexSearchBacklog } from '../../src/main/core/store/search';
import { insertWebhookLog } from '../../src/main/core/store/webhookLog';
import type { TriageCategory, Urgency } from '../../src/shared/types';
import { contactName, inboundBody, outboundBody, pick, prng, type Lang } from './text';

/** The business number the seeded conversations use; the same as the ingest bench's. */
export const SCALE_BUSINESS_NUMBER = '+15005550006';
export const SCALE_ACCOUNT_SID = `AC${'5ca1e'.padEnd(32, '0')}`;

export interface SeedOptions {
  messages: number;
  conversations: number;
  /** The SQLite file to create (replaced if it exists, with its -wal and -shm). */
  out: string;
  /** PRNG seed (default 13). */
  seed?: number;
  /** History length (default 3 years), ending `end` (default: now). */
  years?: number;
  end?: number;
  /** Progress lines; default stderr. */
  log?: (line: string) => void;
}

export interface SeedResult {
  path: string;
  messages: number;
  conversations: number;
  seconds: number;
  bytes: number;
}

const DAY = 86_400_000;
const LONG_SHARES = [0.015, 0.013, 0.0115, 0.01];
const TX_MESSAGES = 20_000;

/** Share of conversations per language; the four long ones are en, es, en, en. */
function languageOf(random: () => number): Lang {
  const r = random();
  return r < 0.6 ? 'en' : r < 0.92 ? 'es' : r < 0.96 ? 'fr' : 'de';
}

function addressFor(lang: Lang, index: number): string {
  const tail = String(10_000_000 + index);
  switch (lang) {
    case 'en':
      return `+1415${String(2_000_000 + index)}`;
    case 'es':
      return `+346${tail}`;
    case 'fr':
      return `+336${tail}`;
    case 'de':
      return `+49151${tail}`;
  }
}

interface Plan {
  /** Per message, in time order. */
  at: Float64Array;
  conversation: Int32Array;
  inbound: Uint8Array;
  /** 1 on the last message of a conversation that ends with STOP. */
  stop: Uint8Array;
}

/** Who writes when: every conversation's messages laid out over the years, then merged by time. */
function plan(options: Required<Omit<SeedOptions, 'log' | 'out'>>, random: () => number): Plan {
  const total = options.messages;
  const conversations = options.conversations;
  const end = options.end;
  const span = options.years * 365 * DAY;
  const start = end - span;
  const longCount = conversations >= 8 ? LONG_SHARES.length : 0;
  const counts = new Int32Array(conversations);
  let rest = total;
  for (let c = 0; c < longCount; c++) {
    counts[c] = Math.round(total * LONG_SHARES[c]!);
    rest -= counts[c]!;
  }
  // The others: a heavy-tailed spread (most have a few messages, some many), at least one each.
  const regular = conversations - longCount;
  const weights = new Float64Array(regular);
  let weightSum = 0;
  for (let i = 0; i < regular; i++) {
    weights[i] = Math.pow(-Math.log(1 - random()), 1.4);
    weightSum += weights[i]!;
  }
  let assigned = 0;
  for (let i = 0; i < regular; i++) {
    const n = 1 + Math.floor((weights[i]! / weightSum) * (rest - regular));
    counts[longCount + i] = n;
    assigned += n;
  }
  for (let left = rest - assigned; left > 0; left--) {
    counts[longCount + Math.floor(random() * regular)]! += 1;
  }

  const at = new Float64Array(total);
  const conversation = new Int32Array(total);
  const inbound = new Uint8Array(total);
  const stop = new Uint8Array(total);
  let k = 0;
  for (let c = 0; c < conversations; c++) {
    const n = counts[c]!;
    const isLong = c < longCount;
    const first = isLong ? start + random() * 3 * DAY : start + random() * span * 0.995;
    const room = end - 60_000 - first;
    const wanted = isLong
      ? room
      : Math.min(room, -Math.log(1 - random()) * 45 * DAY + n * 3_600_000);
    // Directions: the customer writes first; a reply usually follows; sometimes two in a row.
    const dirs = new Uint8Array(n);
    dirs[0] = 1;
    for (let i = 1; i < n; i++)
      dirs[i] = dirs[i - 1] ? (random() < 0.8 ? 0 : 1) : random() < 0.85 ? 1 : 0;
    // Small gaps inside an exchange (1–30 min), large ones between exchanges, scaled to fit.
    const gaps = new Float64Array(n);
    let small = 0;
    let largeWeight = 0;
    for (let i = 1; i < n; i++) {
      if (dirs[i] === 1 && dirs[i - 1] === 0) {
        gaps[i] = -(-Math.log(1 - random()) + 0.01); // negative marks a large gap's weight
        largeWeight -= gaps[i]!;
      } else {
        gaps[i] = 60_000 + random() * 29 * 60_000;
        small += gaps[i]!;
      }
    }
    const largeRoom = Math.max(0, wanted - small);
    let t = first;
    for (let i = 0; i < n; i++) {
      const g = gaps[i]!;
      t += g < 0 ? (-g / largeWeight) * largeRoom : g;
      at[k] = Math.min(t, end - 1000);
      conversation[k] = c;
      inbound[k] = dirs[i]!;
      k++;
    }
    // About 1 % of the ordinary conversations end with the customer texting STOP.
    if (!isLong && n >= 3 && random() < 0.01) {
      inbound[k - 1] = 1;
      stop[k - 1] = 1;
    }
  }

  // Merge by time (stable on ties), then make created_at strictly ascend with the id.
  const order = new Uint32Array(total);
  for (let i = 0; i < total; i++) order[i] = i;
  order.sort((a, b) => at[a]! - at[b]! || a - b);
  const sorted: Plan = {
    at: new Float64Array(total),
    conversation: new Int32Array(total),
    inbound: new Uint8Array(total),
    stop: new Uint8Array(total),
  };
  let previous = 0;
  for (let i = 0; i < total; i++) {
    const from = order[i]!;
    const time = Math.max(previous + 1, Math.floor(at[from]!));
    sorted.at[i] = time;
    previous = time;
    sorted.conversation[i] = conversation[from]!;
    sorted.inbound[i] = inbound[from]!;
    sorted.stop[i] = stop[from]!;
  }
  return sorted;
}

const categories: TriageCategory[] = ['question', 'booking', 'complaint', 'other'];
const urgencies: Urgency[] = ['low', 'normal', 'normal', 'normal', 'high'];

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** The parameters Twilio posts for an inbound SMS (what the webhook log keeps raw). */
function inboundForm(sid: string, from: string, body: string): string {
  const country = from.startsWith('+1')
    ? 'US'
    : from.startsWith('+34')
      ? 'ES'
      : from.startsWith('+33')
        ? 'FR'
        : 'DE';
  return new URLSearchParams({
    ToCountry: 'US',
    ToState: 'CA',
    SmsMessageSid: sid,
    NumMedia: '0',
    ToCity: 'SAN FRANCISCO',
    FromZip: country === 'US' ? '94107' : '',
    SmsSid: sid,
    FromState: country === 'US' ? 'CA' : '',
    SmsStatus: 'received',
    FromCity: country === 'US' ? 'SAN FRANCISCO' : '',
    Body: body,
    FromCountry: country,
    To: SCALE_BUSINESS_NUMBER,
    MessagingServiceSid: `MG${'0'.repeat(32)}`,
    ToZip: '94105',
    NumSegments: '1',
    MessageSid: sid,
    AccountSid: SCALE_ACCOUNT_SID,
    From: from,
    ApiVersion: '2010-04-01',
  }).toString();
}

function statusParams(sid: string, to: string, status: string, errorCode: number | null) {
  const params: Record<string, string> = {
    SmsSid: sid,
    SmsStatus: status,
    MessageStatus: status,
    To: to,
    MessagingServiceSid: `MG${'0'.repeat(32)}`,
    MessageSid: sid,
    AccountSid: SCALE_ACCOUNT_SID,
    From: SCALE_BUSINESS_NUMBER,
    ApiVersion: '2010-04-01',
  };
  if (errorCode !== null) params.ErrorCode = String(errorCode);
  return params;
}

function headersFor(random: () => number, route: string, length: number): Record<string, string> {
  return {
    host: 'switchboard.example.ngrok.app',
    'content-type': 'application/x-www-form-urlencoded',
    'content-length': String(length),
    'user-agent': 'TwilioProxy/1.1',
    'x-twilio-signature': Buffer.from(hex(Math.floor(random() * 2 ** 52), 20)).toString('base64'),
    'i-twilio-idempotency-token': `${hex(Math.floor(random() * 2 ** 48), 12)}-${route.length}`,
    'x-forwarded-proto': 'https',
  };
}

export function seedScaleStore(options: SeedOptions): SeedResult {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const settings = {
    messages: options.messages,
    conversations: Math.min(options.conversations, options.messages),
    seed: options.seed ?? 13,
    years: options.years ?? 3,
    end: options.end ?? Date.now(),
  };
  const started = performance.now();
  const random = prng(settings.seed);
  const layout = plan(settings, random);
  log(
    `planned ${settings.messages} messages in ${settings.conversations} conversations (${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );

  for (const suffix of ['', '-wal', '-shm']) rmSync(options.out + suffix, { force: true });
  const db = openDatabase(options.out);
  // Seeding only: no fsync per commit (the whole file is rebuilt if the machine stops), and a
  // page cache big enough for the indexes being filled.
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');

  const langs: Lang[] = [];
  const names: string[] = [];
  for (let c = 0; c < settings.conversations; c++) {
    langs.push(c < 4 ? (['en', 'es', 'en', 'en'] as const)[c]! : languageOf(random));
    names.push(contactName(random));
  }
  const addresses = langs.map((lang, c) => addressFor(lang, c));
  const contactIds = new Int32Array(settings.conversations);
  const conversationIds = new Int32Array(settings.conversations);
  /** The undecided draft per conversation (seed index), with the reply it suggests. */
  const pending = new Map<number, { draftId: number; text: string; at: number }>();
  const runTag = hex(settings.seed, 8);

  const markJobDone = (key: string | number, at: number) =>
    // No repository function finishes a job without a lease; the worker's completion is this.
    typeof key === 'number'
      ? sql(db, `UPDATE jobs SET state = 'done', attempts = 1, updated_at = ? WHERE id = ?`).run(
          at,
          key,
        )
      : sql(
          db,
          `UPDATE jobs SET state = 'done', attempts = 1, updated_at = ? WHERE dedupe_key = ?`,
        ).run(at, key);

  const writeOne = (i: number) => {
    const c = layout.conversation[i]!;
    const at = layout.at[i]!;
    const lang = langs[c]!;
    if (layout.inbound[i] === 1) {
      const sid = `SM${runTag}${hex(i, 24)}`;
      const body = layout.stop[i] === 1 ? 'STOP' : inboundBody(random, lang);
      const outcome = storeInboundMessage(
        db,
        { sid, from: addresses[c]!, to: SCALE_BUSINESS_NUMBER, body, media: [], numSegments: 1 },
        { now: at, defaultCountry: 'US' },
      );
      if (outcome.duplicate) throw new Error(`seed: duplicate SID ${sid}`);
      if (conversationIds[c] === 0) {
        conversationIds[c] = outcome.conversationId;
        contactIds[c] = sql<[number], { contact_id: number }>(
          db,
          'SELECT contact_id FROM conversations WHERE id = ?',
        ).get(outcome.conversationId)!.contact_id;
        // Two thirds of the contacts were given a name by the operator at some point.
        if (random() < 0.66)
          sql(db, 'UPDATE contacts SET name = ? WHERE id = ?').run(names[c]!, contactIds[c]!);
      }
      const raw = inboundForm(sid, addresses[c]!, body);
      insertWebhookLog(db, {
        receivedAt: at,
        route: '/webhooks/twilio/sms',
        method: 'POST',
        headers: headersFor(random, 'sms', raw.length),
        rawBody: raw,
        signature: 'valid',
        statusCode: 200,
        outcome: `stored as message ${outcome.messageId}`,
        messageSid: sid,
      });
      if (outcome.draftJobId !== undefined) {
        // What the draft job leaves behind: triage, the earlier undecided draft superseded, a
        // new ready draft, the job done.
        const done = at + 800 + Math.floor(random() * 1500);
        storeMessageTriage(db, {
          messageId: outcome.messageId,
          conversationId: outcome.conversationId,
          language: lang,
          category: pick(random, categories),
          urgency: pick(random, urgencies),
        });
        supersedeUndecidedDrafts(db, { conversationId: outcome.conversationId, now: done });
        const text = outboundBody(random, lang, names[c]!.split(' ')[0]!);
        const draftId = insertDraft(db, {
          conversationId: outcome.conversationId,
          replyToMessageId: outcome.messageId,
          provider: 'offline',
          state: 'ready',
          text,
          jobId: outcome.draftJobId,
          now: done,
        });
        markJobDone(outcome.draftJobId, done);
        pending.set(c, { draftId, text, at: done });
      } else {
        pending.delete(c);
      }
      return;
    }

    // Outbound: the operator approves the draft (often), edits it, or writes their own.
    const route = getReplyRoute(db, conversationIds[c]!);
    if (!route || route.optedOut) return;
    const draft = pending.get(c);
    pending.delete(c);
    let body: string;
    let author: 'draft' | 'operator' = 'operator';
    let auditAction = 'message.sent_by_operator';
    if (draft) {
      const r = random();
      if (r < 0.7) {
        body = draft.text;
        decideDraft(db, { id: draft.draftId, state: 'approved', textSent: body, now: at });
        author = 'draft';
        auditAction = 'draft.approved';
      } else if (r < 0.9) {
        body = `${draft.text} ${outboundBody(random, lang, '').split('.')[0]!}.`;
        decideDraft(db, { id: draft.draftId, state: 'edited', textSent: body, now: at });
        author = 'draft';
        auditAction = 'draft.approved_edited';
      } else {
        decideDraft(db, { id: draft.draftId, state: 'rejected', now: at });
        audit(db, {
          actor: 'operator',
          action: 'draft.rejected',
          subjectType: 'draft',
          subjectId: draft.draftId,
          now: at,
        });
        body = outboundBody(random, lang, names[c]!.split(' ')[0]!);
      }
    } else {
      body = outboundBody(random, lang, names[c]!.split(' ')[0]!);
    }
    const messageId = queueOutboundMessage(db, {
      route,
      body,
      author,
      ...(author === 'draft' && draft ? { draftId: draft.draftId } : {}),
      auditAction,
      now: at,
    });
    markConversationRead(db, route.conversationId);
    // What the send job records once Twilio accepted the message.
    const sid = `SM${runTag}${hex(i, 24)}`;
    sql(
      db,
      `UPDATE messages SET provider_sid = ?, status = 'queued', send_attempts = 1, send_started_at = ?, updated_at = ? WHERE id = ?`,
    ).run(sid, at, at + 400, messageId);
    markJobDone(`send:${messageId}:0`, at + 400);
    const r = random();
    const outcomes: Array<[string, number | null]> =
      r < 0.97
        ? [
            ['sent', null],
            ['delivered', null],
          ]
        : r < 0.99
          ? [
              ['sent', null],
              ['undelivered', 30003],
            ]
          : [['failed', 30007]];
    let when = at + 1000;
    for (const [status, errorCode] of outcomes) {
      when += 500 + Math.floor(random() * 4000);
      const params = statusParams(sid, route.to, status, errorCode);
      const outcome = recordDeliveryStatus(db, { sid, status, errorCode, raw: params }, when);
      const raw = new URLSearchParams(params).toString();
      insertWebhookLog(db, {
        receivedAt: when,
        route: '/webhooks/twilio/status',
        method: 'POST',
        headers: headersFor(random, 'status', raw.length),
        rawBody: raw,
        signature: 'valid',
        statusCode: 200,
        outcome: outcome.applied ? `status ${status} applied` : `status kept: ${outcome.reason}`,
        messageSid: sid,
      });
    }
  };

  const total = settings.messages;
  for (let from = 0; from < total; from += TX_MESSAGES) {
    const to = Math.min(total, from + TX_MESSAGES);
    db.transaction(() => {
      for (let i = from; i < to; i++) writeOne(i);
    })();
    if ((to / TX_MESSAGES) % 10 === 0 || to === total) {
      log(`  ${to} messages stored (${((performance.now() - started) / 1000).toFixed(0)} s)`);
    }
  }

  // Drafts nobody decided on for over a week were put away by the operator; newer ones still wait.
  db.transaction(() => {
    for (const [, draft] of pending) {
      if (draft.at < settings.end - 7 * DAY) {
        decideDraft(db, { id: draft.draftId, state: 'rejected', now: draft.at + DAY });
      }
    }
  })();

  const indexStarted = performance.now();
  const indexed = indexSearchBacklog(db);
  log(
    `  search index: ${indexed} messages in ${((performance.now() - indexStarted) / 1000).toFixed(0)} s`,
  );
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();

  const bytes = statSync(options.out).size;
  const seconds = (performance.now() - started) / 1000;
  return {
    path: options.out,
    messages: total,
    conversations: settings.conversations,
    seconds,
    bytes,
  };
}

export const formatBytes = (bytes: number) =>
  bytes >= 1e9 ? `${(bytes / 1e9).toFixed(2)} GB` : `${(bytes / 1e6).toFixed(0)} MB`;

// CLI
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      messages: { type: 'string', default: '1000000' },
      conversations: { type: 'string', default: '50000' },
      out: { type: 'string', default: '/work/scale-1m.db' },
      seed: { type: 'string', default: '13' },
    },
  });
  const out = values.out;
  if (existsSync(out)) process.stderr.write(`replacing ${out}\n`);
  const result = seedScaleStore({
    messages: Number(values.messages),
    conversations: Number(values.conversations),
    out,
    seed: Number(values.seed),
  });
  process.stdout.write(
    `seeded ${result.messages} messages in ${result.conversations} conversations: ` +
      `${result.seconds.toFixed(0)} s, ${formatBytes(result.bytes)} (${result.path})\n`,
  );
}
