/**
 * Start, health and offline drafting on a big store (issue 13, parts 4 and 8). Figures only.
 *
 *   npx tsx bench/startup/run.ts [--dir /tmp/sb-startup] [--messages 1000000]
 *     [--conversations 50000] [--pending 100] [--skip start,draft,health,stats,stats-all,plans]
 *
 * Seeds `<dir>/switchboard.db` the first time (direct inserts through openDatabase, see seed.ts),
 * then prints: offline draft ms per inbound text (retrieval and the whole draft), queueStats and
 * lastWebhookAt, draft statistics, and createApp's start to ready in demo mode with `--pending`
 * draft jobs waiting, plus when the console's first commands are answered while they run.
 * Remove the folder afterwards (it is about 1 GB at the default size).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createApp } from '../../src/main/core/app';
import { configFromEnv } from '../../src/main/core/config';
import { dataPaths } from '../../src/main/core/dataPaths';
import { silentLogger } from '../../src/main/core/log';
import { createOfflineDrafter } from '../../src/main/core/drafting/offlineDrafter';
import { readDraftingSettings } from '../../src/main/core/drafting/settings';
import { triageByRules } from '../../src/main/core/drafting/triage';
import { computeDraftStats } from '../../src/main/core/drafting/stats';
import { openDatabase, type SqliteDb as Db } from '../../src/main/core/store/database';
import { getDraftSubject } from '../../src/main/core/store/draftContext';
import { listDraftOutcomes } from '../../src/main/core/store/drafts';
import { queueStats } from '../../src/main/core/store/jobs';
import { newestInboundAt } from '../../src/main/core/store/outbound';
import { lastWebhookAt } from '../../src/main/core/store/webhookLog';
import { seedBigStore } from './seed';

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: '/tmp/sb-startup' },
    messages: { type: 'string', default: '1000000' },
    conversations: { type: 'string', default: '50000' },
    pending: { type: 'string', default: '100' },
    skip: { type: 'string', default: '' },
  },
});
const dir = values.dir;
const dbPath = dataPaths(dir).database;
const skip = new Set(values.skip.split(',').filter(Boolean));
const pending = Number(values.pending);

const ms = (t0: number) => performance.now() - t0;
const fmt = (n: number) => n.toFixed(n < 10 ? 2 : 0);
function summary(samples: number[]): string {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return `first ${fmt(samples[0]!)} · median ${fmt(q(0.5))} · p95 ${fmt(q(0.95))} · max ${fmt(s.at(-1)!)} ms (n=${s.length})`;
}

if (!existsSync(dbPath)) {
  mkdirSync(dir, { recursive: true });
  const t0 = performance.now();
  seedBigStore(dbPath, {
    conversations: Number(values.conversations),
    messages: Number(values.messages),
    pendingDrafts: pending,
    long: 4,
    longLength: 12_000,
    log: (line) => console.log(`  seed: ${line} (${(ms(t0) / 1000).toFixed(0)} s)`),
  });
}

/** New texts from customers, answered by the offline drafter against the whole history. */
const texts = [
  'Hi, are you open on Saturday?',
  'Can I book an appointment for Thursday afternoon?',
  'how much is a haircut',
  'Do you sell gift cards?',
  'I need to cancel my appointment, sorry',
  'Is there parking near you?',
  '¿Están abiertos el sábado?',
  '¿Cuánto cuesta un corte de pelo?',
  'running late, still ok?',
  'What products do you use for curly hair?',
  'hello',
  'Can my daughter get highlights this week with Maria?',
];

async function benchDraft(db: Db): Promise<void> {
  const drafter = createOfflineDrafter(db);
  const settings = readDraftingSettings(db, { demo: true });
  // Subjects: the newest inbound texts (their draft jobs are the pending ones).
  const ids = db
    .prepare(`SELECT id FROM messages WHERE direction = 'inbound' ORDER BY id DESC LIMIT 60`)
    .pluck()
    .all() as number[];
  const samples: number[] = [];
  const found: string[] = [];
  for (let i = 0; i < 60; i++) {
    const subject = getDraftSubject(db, ids[i]!)!;
    const body = texts[i % texts.length]!;
    const triage = triageByRules(body);
    const t0 = performance.now();
    const result = await drafter
      .draft(
        {
          subject: { ...subject, body },
          thread: [],
          language: /[¿¡]/.test(body) ? 'es' : 'en',
          category: triage.category,
          urgency: triage.urgency,
          settings,
          instruction: null,
          previousDraft: null,
        },
        { signal: new AbortController().signal },
      )
      .then(
        (r) => r.source ?? '',
        () => 'no suggestion',
      );
    samples.push(ms(t0));
    if (i < texts.length) found.push(`    ${body} → ${result}`);
  }
  console.log(`offline draft per inbound: ${summary(samples)}`);
  console.log(found.join('\n'));
}

function benchHealth(db: Db): void {
  const q: number[] = [];
  const w: number[] = [];
  for (let i = 0; i < 50; i++) {
    let t0 = performance.now();
    queueStats(db);
    q.push(ms(t0));
    t0 = performance.now();
    lastWebhookAt(db);
    w.push(ms(t0));
  }
  console.log(`queueStats: ${summary(q)}  ${JSON.stringify(queueStats(db))}`);
  console.log(`lastWebhookAt: ${summary(w)}  ${new Date(lastWebhookAt(db) ?? 0).toISOString()}`);
  const n: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    newestInboundAt(db);
    n.push(ms(t0));
  }
  console.log(`newestInboundAt (catch-up at start): ${summary(n)}`);
  // After a flood of forged requests the newest accepted webhook is far down the log (rolled back).
  db.exec('SAVEPOINT forged');
  try {
    const forged = db.prepare(
      `INSERT INTO webhook_log (received_at, route, method, headers, raw_body, signature,
         status_code, outcome) VALUES (?, '/twilio/sms', 'POST', '{}', ?, 'invalid', 403, 'forged')`,
    );
    const body = 'x'.repeat(600);
    for (let i = 0; i < 50_000; i++) forged.run(Date.now() + i, body);
    const f: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      lastWebhookAt(db);
      f.push(ms(t0));
    }
    console.log(`lastWebhookAt after 50,000 refused requests: ${summary(f)}`);
  } finally {
    db.exec('ROLLBACK TO forged; RELEASE forged');
  }
}

function benchStats(db: Db): void {
  for (const [label, since] of [
    ['30 days', Date.now() - 30 * 86_400_000],
    ['all time', 0],
  ] as const) {
    if (since === 0 && skip.has('stats-all')) continue;
    const t0 = performance.now();
    const rows = listDraftOutcomes(db, since);
    const read = ms(t0);
    const stats = computeDraftStats(rows);
    console.log(
      `drafts:stats ${label}: read ${fmt(read)} ms, total ${fmt(ms(t0))} ms ` +
        `(${stats.overall.generated} drafts)`,
    );
  }
}

/** Puts the newest `pending` draft jobs back in the queue with no drafts, as after a crash. */
function resetPending(db: Db): void {
  db.transaction(() => {
    const jobs = db
      .prepare(`SELECT id, payload FROM jobs WHERE kind = 'draft' ORDER BY id DESC LIMIT ?`)
      .all(pending) as Array<{ id: number; payload: string }>;
    for (const job of jobs) {
      const { messageId } = JSON.parse(job.payload) as { messageId: number };
      db.prepare('DELETE FROM drafts WHERE reply_to_message_id = ?').run(messageId);
      db.prepare(
        `UPDATE jobs SET state = 'queued', attempts = 0, lease_owner = NULL,
           lease_expires_at = NULL WHERE id = ?`,
      ).run(job.id);
    }
  })();
}

async function benchStart(round: string): Promise<void> {
  const db = openDatabase(dbPath);
  resetPending(db);
  db.close();
  const config = configFromEnv({ SWITCHBOARD_DATA_DIR: dir, SWITCHBOARD_WEBHOOK_PORT: '0' });
  const t0 = performance.now();
  const app = await createApp(config, {
    logger: silentLogger,
    timings: { recordsFirstCheckMs: 60_000 },
  });
  const ready = ms(t0);
  // The console's first commands, as the renderer sends them once connected.
  const first = [
    'app:info',
    'conversations:list',
    'conversations:counts',
    'health:get',
    'jobs:listDead',
    'drafting:getSettings',
  ];
  const payload = (c: string) => (c === 'conversations:list' ? { limit: 50 } : {});
  const each: string[] = [];
  const answered = await Promise.all(
    first.map((c) => {
      const t1 = performance.now();
      return app.operator.invoke(c, payload(c)).then(() => {
        each.push(`${c} ${fmt(ms(t1))}`);
        return ms(t0);
      });
    }),
  );
  const pendingAtAnswer = queueStats(app.db).queued + queueStats(app.db).running;
  // What a webhook or a console command would wait for while the backlog is drafted.
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const drained = new Promise<number>((resolve) => {
    const check = () => {
      const s = queueStats(app.db);
      if (s.queued + s.running === 0) resolve(ms(t0));
      else setTimeout(check, 20);
    };
    check();
  });
  const allDrafted = await drained;
  loop.disable();
  const loopMax = loop.max / 1e6;
  const loopP99 = loop.percentile(99) / 1e6;
  console.log(
    `start (${round}): ready ${fmt(ready)} ms · first commands answered ${fmt(Math.max(...answered))} ms ` +
      `(${pendingAtAnswer} draft jobs still waiting then) · ${pending} pending drafts done ${fmt(allDrafted)} ms` +
      `\n    event-loop delay while they were drafted: p99 ${fmt(loopP99)} ms, max ${fmt(loopMax)} ms` +
      `\n    answered (ms after asking, asked together): ${each.join(' · ')}`,
  );
  await app.close();
}

/** How SQLite runs what start and /health ask, on this store. */
function printPlans(db: Db): void {
  const queries: Array<[string, string, unknown[]]> = [
    [
      'catch-up: newest inbound',
      `SELECT created_at FROM messages WHERE +direction = 'inbound' ORDER BY id DESC LIMIT 1`,
      [],
    ],
    [
      'health: last accepted webhook',
      `SELECT MAX(received_at) FROM webhook_log WHERE signature = 'valid' AND status_code < 400`,
      [],
    ],
    [
      'health: queue figures',
      `SELECT state, COUNT(*) FROM jobs WHERE state IN ('queued', 'running', 'dead') GROUP BY state`,
      [],
    ],
    [
      'worker: lease owners at start',
      `SELECT DISTINCT lease_owner FROM jobs WHERE state = 'running' AND lease_owner IS NOT NULL`,
      [],
    ],
    [
      'drafting: countdowns at start',
      `SELECT id FROM drafts WHERE auto_send_at IS NOT NULL AND state = 'ready'`,
      [],
    ],
    [
      'drafting: supersede',
      `SELECT id FROM drafts WHERE conversation_id = ? AND id <> ? AND state IN ('generating', 'ready', 'failed')`,
      [1, 1],
    ],
    [
      'retention: status callbacks',
      `SELECT id FROM message_events WHERE message_sid IN (SELECT provider_sid FROM messages WHERE conversation_id = ? AND provider_sid IS NOT NULL)`,
      [1],
    ],
  ];
  for (const [label, text, params] of queries) {
    try {
      const plan = db.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...params) as Array<{
        detail: string;
      }>;
      console.log(`plan ${label}: ${plan.map((p) => p.detail).join(' / ')}`);
    } catch (error) {
      console.log(`plan ${label}: ${(error as Error).message}`);
    }
  }
}

if (!skip.has('draft') || !skip.has('health') || !skip.has('stats') || !skip.has('plans')) {
  const t0 = performance.now();
  const db = openDatabase(dbPath);
  console.log(`open + migrate: ${fmt(ms(t0))} ms`);
  if (!skip.has('plans')) printPlans(db);
  if (!skip.has('health')) benchHealth(db);
  if (!skip.has('draft')) await benchDraft(db);
  if (!skip.has('stats')) benchStats(db);
  db.close();
}
if (!skip.has('start')) {
  await benchStart('1');
  await benchStart('2');
}
