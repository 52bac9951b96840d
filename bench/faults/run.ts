/**
 * `npm run bench:faults [-- --minutes 30] [--cases 100000] [--no-fuzz]`
 *
 * 1. The fuzz table (bench/faults/fuzz.ts): 100,000 cases per target, exceptions counted.
 * 2. A soak: serve mode as a child process (live mode against an in-process carrier simulator),
 *    20 signed inbound webhooks a second, an operator action every 2 s (inbox list, search, a
 *    reply sent through the carrier). Every 5 s it samples the child's RSS, its open file
 *    descriptors (/proc/<pid>/fd) and the p99 time to answer a webhook (the core exposes no
 *    event-loop delay), and prints each series as a least-squares slope per minute. At the end it
 *    stops the child and checks that every webhook answered 200 is stored.
 *
 * Figures only: nothing here fails on time. Results go in RELIABILITY.md.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { dataPaths } from '../../src/main/core/dataPaths';
import { startSimulator } from '../../src/main/core/simulator';
import type { ConversationSummary } from '../../src/shared/types';
import { operatorClient } from '../../test/support/operatorClient';
import { startServeProcess } from '../../test/support/serveProcess';
import { inboundParams, postSigned } from '../../test/support/signedRequests';
import { makeTempDir } from '../../test/support/tempDir';
import { fuzzTable, runFuzz } from './fuzz';

const BUSINESS = '+15005550006';
const RATE_PER_SECOND = 20;
const SAMPLE_EVERY_MS = 5_000;
const ACTION_EVERY_MS = 2_000;
const WARM_UP_MINUTES = 1;

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

/** Least-squares slope of y over x. */
export function slope(points: Array<[number, number]>): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const rssMb = (pid: number) => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/);
  return line ? Number(line[1]) / 1024 : NaN;
};
const openFds = (pid: number) => readdirSync(`/proc/${pid}/fd`).length;

async function soak(minutes: number): Promise<void> {
  const sim = await startSimulator({ phoneNumbers: [{ phoneNumber: BUSINESS }], callbackDelayMs: 200 }); // prettier-ignore
  const tmp = makeTempDir('switchboard-soak-');
  const { child, ready, exited } = await startServeProcess({
    SWITCHBOARD_DATA_DIR: tmp.path,
    SWITCHBOARD_WEBHOOK_PORT: '0',
    SWITCHBOARD_OPERATOR_PORT: '0',
    TWILIO_ACCOUNT_SID: sim.accountSid,
    TWILIO_AUTH_TOKEN: sim.authToken,
    TWILIO_PHONE_NUMBER: BUSINESS,
    SWITCHBOARD_TWILIO_API_URL: sim.url,
  });
  const pid = child.pid!;
  const client = operatorClient(ready.operatorUrl);
  const started = performance.now();
  const elapsedMin = () => (performance.now() - started) / 60_000;

  const acknowledged: string[] = [];
  const statuses = new Map<string, number>();
  let windowLatencies: number[] = [];
  const allLatencies: number[] = [];
  let n = 0;
  const post = async () => {
    n += 1;
    const params = inboundParams({
      AccountSid: sim.accountSid,
      To: BUSINESS,
      From: `+1415555${String(n % 500).padStart(4, '0')}`,
      Body: `Soak message ${n}: are you open on Saturday?`,
    });
    const t0 = performance.now();
    try {
      const reply = await postSigned(ready.webhookUrl, '/webhooks/twilio/sms', params, sim.authToken); // prettier-ignore
      const ms = performance.now() - t0;
      windowLatencies.push(ms);
      allLatencies.push(ms);
      statuses.set(String(reply.status), (statuses.get(String(reply.status)) ?? 0) + 1);
      if (reply.status === 200) acknowledged.push(params.MessageSid!);
    } catch {
      statuses.set('network error', (statuses.get('network error') ?? 0) + 1);
    }
  };
  const inflight = new Set<Promise<void>>();
  const sender = setInterval(() => {
    const p = post().finally(() => inflight.delete(p));
    inflight.add(p);
  }, 1000 / RATE_PER_SECOND);

  const actions = { list: 0, search: 0, send: 0, failed: 0 };
  let turn = 0;
  const operator = setInterval(() => {
    turn += 1;
    void (async () => {
      try {
        if (turn % 3 === 0) {
          await client.invoke('search:messages', { query: 'saturday', limit: 20 });
          actions.search += 1;
        } else if (turn % 3 === 1) {
          await client.invoke('conversations:list', { limit: 50 });
          actions.list += 1;
        } else {
          const list = await client.invoke<ConversationSummary[]>('conversations:list', { limit: 20 }); // prettier-ignore
          const target = list[turn % Math.max(1, list.length)];
          if (target) {
            await client.invoke('messages:send', { conversationId: target.id, body: 'Yes, 9 to 5. See you!' }); // prettier-ignore
            actions.send += 1;
          }
        }
      } catch {
        actions.failed += 1;
      }
    })();
  }, ACTION_EVERY_MS);

  const rss: Array<[number, number]> = [];
  const fds: Array<[number, number]> = [];
  const p99: Array<[number, number]> = [];
  const sample = () => {
    const t = elapsedMin();
    rss.push([t, rssMb(pid)]);
    fds.push([t, openFds(pid)]);
    p99.push([t, percentile(windowLatencies, 99)]);
    windowLatencies = [];
    const last = (s: Array<[number, number]>) => s.at(-1)![1].toFixed(1);
    process.stderr.write(`  ${t.toFixed(2)} min: RSS ${last(rss)} MB, fds ${last(fds)}, p99 ack ${last(p99)} ms, sent ${n}\n`); // prettier-ignore
  };
  const sampler = setInterval(sample, SAMPLE_EVERY_MS);
  await new Promise((resolve) => setTimeout(resolve, minutes * 60_000));
  clearInterval(sender);
  clearInterval(operator);
  clearInterval(sampler);
  await Promise.all(inflight);

  child.kill('SIGTERM');
  await exited;
  const db = new Database(dataPaths(tmp.path).database, { readonly: true });
  const has = db.prepare('SELECT 1 FROM messages WHERE provider_sid = ?');
  const lost = acknowledged.filter((sid) => !has.get(sid)).length;
  const integrity = db.pragma('integrity_check', { simple: true });
  db.close();
  await sim.close();
  tmp.cleanup();

  // The first minute is warm-up (JIT, caches, reader threads starting): the slopes leave it out.
  const steady = (s: Array<[number, number]>) => {
    const after = s.filter(([t]) => t >= WARM_UP_MINUTES);
    return after.length >= 2 ? after : s;
  };
  const first = (s: Array<[number, number]>) => s[0]?.[1] ?? NaN;
  const lastOf = (s: Array<[number, number]>) => s.at(-1)?.[1] ?? NaN;
  console.log(`\nSoak: ${minutes} min, ${RATE_PER_SECOND}/s signed inbound webhooks, samples every ${SAMPLE_EVERY_MS / 1000} s (${rss.length} samples)`); // prettier-ignore
  console.log(
    `| series | first | last | least-squares slope per minute (after ${WARM_UP_MINUTES} min warm-up) |`,
  );
  console.log('| --- | ---: | ---: | ---: |');
  console.log(`| RSS (MB) | ${first(rss).toFixed(1)} | ${lastOf(rss).toFixed(1)} | ${slope(steady(rss)).toFixed(2)} |`); // prettier-ignore
  console.log(`| open file descriptors | ${first(fds)} | ${lastOf(fds)} | ${slope(steady(fds)).toFixed(3)} |`); // prettier-ignore
  console.log(`| p99 webhook ack latency per 5 s window (ms) | ${first(p99).toFixed(1)} | ${lastOf(p99).toFixed(1)} | ${slope(steady(p99)).toFixed(3)} |`); // prettier-ignore
  console.log(`\nwebhooks sent ${n}; answers ${JSON.stringify(Object.fromEntries(statuses))}; p50 ${percentile(allLatencies, 50).toFixed(1)} ms, p99 ${percentile(allLatencies, 99).toFixed(1)} ms over the run`); // prettier-ignore
  console.log(`operator actions: ${JSON.stringify(actions)}; replies created at the carrier: ${sim.stats().created}`); // prettier-ignore
  console.log(`acknowledged (200) ${acknowledged.length}, lost after shutdown ${lost}; integrity_check ${String(integrity)}`); // prettier-ignore
}

async function main() {
  const minutes = option('minutes', 30);
  if (!process.argv.includes('--no-fuzz')) {
    const cases = option('cases', 100_000);
    console.log(`Fuzz: ${cases.toLocaleString('en-US')} cases per target, seed ${option('seed', 1414)}`); // prettier-ignore
    console.log(fuzzTable(await runFuzz(cases, option('seed', 1414))));
  }
  await soak(minutes);
}

void main();
