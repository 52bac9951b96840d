/**
 * The servers under test, each started as its own child process so the load generator never
 * shares their event loop: Switchboard's real core (src/main/serve.ts), the naive baseline
 * (bench/ingest/baseline.ts) and the opt-in extras. All print one JSON ready line on stdout and
 * stop on SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { dataPaths } from '../../src/main/core/dataPaths';
import type { CoreSnapshot } from './instrumentedCore';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '..', '..');

export const INBOUND_ROUTE = '/webhooks/twilio/sms';
export const BUSINESS_NUMBER = '+15005550006';

/** `floor` is bare HTTP with no checks and no storage: it calibrates the machine and the client. */
export const targetNames = ['switchboard', 'baseline', 'floor'] as const;
export type TargetName = (typeof targetNames)[number];

const INSTRUMENTED_CORE = 'bench/ingest/instrumentedCore.ts';
const scripts: Record<TargetName, string> = {
  switchboard: 'src/main/serve.ts',
  baseline: 'bench/ingest/baseline.ts',
  floor: 'bench/ingest/floor.ts',
};

export interface Credentials {
  accountSid: string;
  authToken: string;
}

export interface RunningTarget {
  name: TargetName;
  /** Base URL the signature covers (the server's own loopback URL: no tunnel in front). */
  webhookUrl: string;
  /** Switchboard only: the operator bridge's URL with its token (serve mode's ready line). */
  operatorUrl: string | undefined;
  /** From spawning the process to its ready line, ms. */
  readyMs: number;
  dataDir: string;
  pid: number;
  stop(): Promise<void>;
  /** Rows durably stored, read from the SQLite file after the process stopped; none for floor. */
  countStored(): StoredCounts | undefined;
  /** Instrumented Switchboard only: group-commit figures since the last call. */
  snapshot(): Promise<CoreSnapshot | undefined>;
}

export interface StoredCounts {
  messages: number;
  /** Switchboard only: the other rows each webhook must leave behind. */
  webhookLog?: number;
  draftJobs?: number;
}

export function fakeCredentials(): Credentials {
  // Live mode with made-up credentials: nothing calls Twilio while ingesting (the start-up
  // catch-up tries once, fails offline and logs a warning to the discarded stderr).
  return {
    accountSid: `AC${randomBytes(16).toString('hex')}`,
    authToken: randomBytes(16).toString('hex'),
  };
}

function freshDataDir(name: TargetName): string {
  return mkdtempSync(join(tmpdir(), `switchboard-bench-${name}-`));
}

export async function startTarget(
  name: TargetName,
  credentials: Credentials,
  options: { instrument: boolean; dataDir?: string; env?: Record<string, string> },
): Promise<RunningTarget> {
  // A given data folder is used as it is (the scale bench starts on a seeded store).
  const dataDir = options.dataDir ?? freshDataDir(name);
  const instrumented = options.instrument && name === 'switchboard';
  const script = instrumented ? INSTRUMENTED_CORE : scripts[name];
  const spawnedAt = performance.now();
  // BENCH_CHILD_FLAGS: extra node flags for the servers, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const extraFlags = (process.env.BENCH_CHILD_FLAGS ?? '').split(' ').filter(Boolean);
  const child = spawn(
    process.execPath,
    [...extraFlags, '--import', 'tsx', join(repoRoot, script)],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        SWITCHBOARD_DATA_DIR: dataDir,
        SWITCHBOARD_WEBHOOK_PORT: '0',
        SWITCHBOARD_OPERATOR_PORT: '0',
        SWITCHBOARD_LOG_LEVEL: 'warn',
        SWITCHBOARD_PUBLIC_URL: '',
        TWILIO_ACCOUNT_SID: credentials.accountSid,
        TWILIO_AUTH_TOKEN: credentials.authToken,
        TWILIO_PHONE_NUMBER: BUSINESS_NUMBER,
        ...options.env,
      },
      stdio: instrumented ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
    },
  );
  const { exited, stderr, stop } = watchChild(child, name);
  const ready = await waitForReadyLine(child, exited, stderr);
  const readyMs = performance.now() - spawnedAt;
  const dbFile = name === 'baseline' ? join(dataDir, 'baseline.db') : dataPaths(dataDir).database;

  return {
    name,
    webhookUrl: ready.webhookUrl,
    operatorUrl: ready.operatorUrl,
    readyMs,
    dataDir,
    pid: child.pid!,
    stop,
    countStored: () => (name === 'floor' ? undefined : countRows(name, dbFile)),
    snapshot: () =>
      instrumented
        ? new Promise((resolveSnapshot) => {
            child.once('message', (message) =>
              resolveSnapshot((message as { snapshot: CoreSnapshot }).snapshot),
            );
            child.send('snapshot');
          })
        : Promise.resolve(undefined),
  };
}

/**
 * A started server process's exit, the last 20 KB of its stderr, and a stop that asks with
 * SIGTERM (SIGKILL after 20 s) and prints the stderr when it did not exit cleanly.
 */
export function watchChild(
  child: ChildProcess,
  name: string,
): { exited: Promise<number | null>; stderr: () => string; stop: () => Promise<void> } {
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-20_000);
  });
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const code = await exited;
      clearTimeout(timer);
      if (code !== 0) process.stderr.write(`[${name}] exited with ${code}:\n${stderr}\n`);
    })());
  return { exited, stderr: () => stderr, stop };
}

export async function waitForReadyLine(
  child: ChildProcess,
  exited: Promise<number | null>,
  stderr: () => string,
): Promise<{ webhookUrl: string; operatorUrl: string | undefined }> {
  return new Promise((resolveReady, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      try {
        const parsed = JSON.parse(line) as {
          ready?: boolean;
          webhookUrl?: string;
          operatorUrl?: string;
        };
        if (parsed.ready && typeof parsed.webhookUrl === 'string') {
          resolveReady({ webhookUrl: parsed.webhookUrl, operatorUrl: parsed.operatorUrl });
        }
      } catch {
        // not the ready line
      }
    });
    void exited.then((code) => reject(new Error(`exited (${code}) before ready:\n${stderr()}`)));
  });
}

function countRows(name: Exclude<TargetName, 'floor'>, dbFile: string): StoredCounts {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const count = (query: string) => (db.prepare(query).get() as { n: number }).n;
    if (name === 'baseline') return { messages: count('SELECT COUNT(*) AS n FROM messages') };
    return {
      messages: count(`SELECT COUNT(*) AS n FROM messages WHERE direction = 'inbound'`),
      webhookLog: count(`SELECT COUNT(*) AS n FROM webhook_log WHERE status_code = 200`),
      draftJobs: count(`SELECT COUNT(*) AS n FROM jobs WHERE kind = 'draft'`),
    };
  } finally {
    db.close();
  }
}
