/**
 * Hub ingest benchmark: signed inbound webhooks against one, two and three hub processes sharing
 * one PostgreSQL database, beside the naive peer on the same engine (naivePeer.ts: Express +
 * twilio.webhook() + one INSERT per request on `pg`). A throwaway cluster (test/support/
 * postgresCluster.ts) with fsync on, so every answer waits for a durable commit as it
 * would on a real server. Each target gets a fresh database. Load as in bench/ingest (load.ts):
 * warm-up, full speed (closed loop) at each concurrency, a fixed rate (open loop), then the rows
 * in the database against the 200 answers. The load is spread evenly over the processes, as a
 * load balancer in front of the hubs would: each process gets its share of the requests in
 * flight (or of the rate), signed over its own URL. Prints figures; never fails on time.
 *
 *   npm run bench:hub
 *   npm run bench:hub -- --rounds 1 --requests 3000 --hubs 1,3 --targets hub
 *
 * Options (each also an env var BENCH_<NAME>): --rounds (1), --requests per concurrency (4000),
 * --concurrency (64,256), --max-seconds (30), --rate (300), --seconds (10), --warmup (500),
 * --hubs (1,2,3), --targets (naive,hub).
 */
import { availableParallelism, cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { postgresBinDir, startPostgresCluster } from '../../test/support/postgresCluster';
import { buildSignedRequests, runClosedLoop, runOpenLoop } from '../ingest/load';
import type { LoadResult, SignedRequest } from '../ingest/load';
import { fakeCredentials, type Credentials } from '../ingest/targets';
import { startHubs, startNaivePeer, type ServerGroup } from './processes';
import { readOptions, type Options } from './options';
import { durabilityLine, report, type Phase, type TargetFigures } from './report';

const log = (line: string) => console.log(line);

/** Runs one load per process at once and adds them up as one load on the group. */
async function spread(
  group: ServerGroup,
  perProcess: SignedRequest[][],
  run: (url: string, requests: SignedRequest[], share: number) => Promise<LoadResult>,
): Promise<LoadResult> {
  const n = group.processes.length;
  const results = await Promise.all(
    group.processes.map((p, i) => run(p.webhookUrl, perProcess[i]!, 1 / n)),
  );
  const failures = new Map<string, number>();
  for (const r of results)
    for (const [kind, count] of r.failures) failures.set(kind, (failures.get(kind) ?? 0) + count);
  const latencies = new Float64Array(results.reduce((sum, r) => sum + r.latencies.length, 0));
  let offset = 0;
  for (const r of results) {
    latencies.set(r.latencies, offset);
    offset += r.latencies.length;
  }
  return {
    sent: results.reduce((sum, r) => sum + r.sent, 0),
    ok: results.reduce((sum, r) => sum + r.ok, 0),
    failures,
    // The group's load ends when its slowest process answered its last request.
    elapsedMs: Math.max(...results.map((r) => r.elapsedMs)),
    latencies,
  };
}

async function benchGroup(
  group: ServerGroup,
  options: Options,
  runTag: number,
  credentials: Credentials,
) {
  const n = group.processes.length;
  const perProcess = (count: number) => Math.ceil(count / n);
  const fixedCount = Math.round(options.rate * options.seconds);
  const total = options.warmup + options.requests * options.concurrency.length + fixedCount;
  // Each process gets its own requests, signed over its own URL (the URL Twilio would sign).
  const sets = group.processes.map((p, i) =>
    buildSignedRequests(perProcess(total), {
      baseUrl: p.webhookUrl,
      authToken: credentials.authToken,
      accountSid: credentials.accountSid,
      runTag: runTag * 8 + i,
    }),
  );
  let cursor = 0;
  const take = (count: number) => {
    const from = cursor;
    cursor += perProcess(count);
    return sets.map((set) => set.slice(from, cursor));
  };

  const warm = await spread(group, take(options.warmup), (url, requests) =>
    runClosedLoop(url, requests, { concurrency: Math.max(1, Math.round(16 / n)), maxMs: 30_000 }),
  );
  log(`  ${group.label}: warm-up ${warm.ok}/${warm.sent} ok`);
  const phases: Phase[] = [];
  for (const concurrency of options.concurrency) {
    const result = await spread(group, take(options.requests), (url, requests, share) =>
      runClosedLoop(url, requests, {
        concurrency: Math.max(1, Math.round(concurrency * share)),
        maxMs: options.maxSeconds * 1000,
      }),
    );
    log(`  ${group.label}: full speed ×${concurrency} done (${result.sent} requests)`);
    phases.push({ label: `full speed ×${concurrency}`, result, full: true });
  }
  const fixed = await spread(group, take(fixedCount), (url, requests, share) =>
    runOpenLoop(url, requests, { ratePerSecond: options.rate * share, seconds: options.seconds }),
  );
  log(`  ${group.label}: fixed rate done (${fixed.sent} requests)`);
  phases.push({ label: `${options.rate}/s`, result: fixed, full: false });
  return { phases, answered200: warm.ok + phases.reduce((sum, p) => sum + p.result.ok, 0) };
}

/** What the server runs with (durability is the point: fsync must be on). */
async function serverSettings(admin: pg.Client): Promise<string> {
  const row = (
    await admin.query<{ v: string; fsync: string; sc: string }>(
      `SELECT version() AS v, current_setting('fsync') AS fsync,
              current_setting('synchronous_commit') AS sc`,
    )
  ).rows[0]!;
  return `${row.v.split(' on ')[0]}, fsync=${row.fsync}, synchronous_commit=${row.sc}`;
}

/** Hub processes (0 = the naive peer) per target, in the order they run. */
function targetList(options: Options): number[] {
  return options.targets.flatMap((t) => (t === 'naive' ? [0] : options.hubs));
}

async function benchTarget(
  hubs: number,
  url: string,
  round: number,
  runTag: number,
  options: Options,
): Promise<TargetFigures> {
  const credentials = fakeCredentials();
  const group =
    hubs === 0 ? await startNaivePeer(url, credentials) : await startHubs(hubs, url, credentials);
  try {
    const { phases, answered200 } = await benchGroup(group, options, runTag, credentials);
    await group.stop();
    const figures = { label: group.label, round, phases, answered200 };
    return { ...figures, stored: await group.countStored() };
  } finally {
    await group.stop();
  }
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  const started = performance.now();
  const binDir = postgresBinDir();
  if (!binDir) throw new Error('no PostgreSQL server binaries (initdb): install "postgresql"');
  // Durable commits (fsync on), unlike the test cluster: every answer waits for one, as on a
  // real server.
  const cluster = await startPostgresCluster(binDir, { durable: true });
  const admin = new pg.Client({ connectionString: cluster.url() });
  const figures: TargetFigures[] = [];
  try {
    await admin.connect();
    const settings = await serverSettings(admin);
    log('# Switchboard hub ingest benchmark (PostgreSQL)');
    log('');
    log(`date:       ${new Date().toISOString()}`);
    log(
      `machine:    ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'}), ` +
        `node ${process.version}`,
    );
    log(`postgres:   ${settings} (throwaway cluster, Unix socket)`);
    log(
      `load:       warm-up ${options.warmup}; full speed ${options.requests} requests at each of ` +
        `${options.concurrency.join(', ')} in flight; ${options.rate}/s for ${options.seconds} s; ` +
        `spread evenly over the processes; ${options.rounds} round(s)`,
    );
    let databases = 0;
    for (let round = 1; round <= options.rounds; round++) {
      log('');
      log(`round ${round}/${options.rounds}`);
      for (const hubs of targetList(options)) {
        // A fresh database per target: no target starts on another's rows.
        const database = `bench_${++databases}`;
        await admin.query(`CREATE DATABASE ${database}`);
        figures.push(await benchTarget(hubs, cluster.url(database), round, databases, options));
        log(durabilityLine(figures.at(-1)!));
      }
    }
  } finally {
    await admin.end().catch(() => undefined);
    cluster.stop();
  }
  report(figures, log);
  log('');
  log(`total time ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
