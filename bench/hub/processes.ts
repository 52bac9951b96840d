/**
 * The servers of the hub benchmark, each a child process: one to three hub processes on one
 * PostgreSQL database (`npm run hub`'s entry), or the naive peer (naivePeer.ts) on its own
 * database. All print one JSON ready line on stdout and stop on SIGTERM.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { HUB_ENTRY, newHubToken } from '../../test/support/hubProcess';
import {
  BUSINESS_NUMBER,
  repoRoot,
  waitForReadyLine,
  watchChild,
  type Credentials,
} from '../ingest/targets';

export interface ServerProcess {
  webhookUrl: string;
  pid: number;
  stop(): Promise<void>;
}

/** A set of processes sharing one database: the hubs, or the one naive peer. */
export interface ServerGroup {
  label: string;
  processes: ServerProcess[];
  stop(): Promise<void>;
  /** Rows durably stored, read after the processes stopped. */
  countStored(): Promise<StoredCounts>;
}

export interface StoredCounts {
  messages: number;
  /** Hub only: the other rows each webhook must leave behind, in the same transaction. */
  webhookLog?: number;
  draftJobs?: number;
}

async function startProcess(script: string, env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, script)], {
    cwd: repoRoot,
    env: { ...process.env, SWITCHBOARD_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { exited, stderr, stop } = watchChild(child, script);
  const ready = await waitForReadyLine(child, exited, stderr);
  return { webhookUrl: ready.webhookUrl, pid: child.pid!, stop };
}

async function count(databaseUrl: string, queries: Record<string, string>) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const counts: Record<string, number> = {};
    for (const [name, query] of Object.entries(queries)) {
      const result = await client.query<{ n: string }>(query);
      counts[name] = Number(result.rows[0]!.n);
    }
    return counts;
  } finally {
    await client.end();
  }
}

/** `hubs` hub processes on `databaseUrl` (a fresh database); the first one migrates it. */
export async function startHubs(
  hubs: number,
  databaseUrl: string,
  credentials: Credentials,
): Promise<ServerGroup> {
  const hubToken = newHubToken();
  const dataDirs: string[] = [];
  const start = () => {
    // The hub's store is PostgreSQL; the folder holds only what stays per process (its log).
    const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-bench-hub-'));
    dataDirs.push(dataDir);
    return startProcess(HUB_ENTRY, {
      DATABASE_URL: databaseUrl,
      SWITCHBOARD_HUB_TOKEN: hubToken,
      SWITCHBOARD_DATA_DIR: dataDir,
      SWITCHBOARD_WEBHOOK_PORT: '0',
      SWITCHBOARD_OPERATOR_PORT: '0',
      SWITCHBOARD_PUBLIC_URL: '',
      TWILIO_ACCOUNT_SID: credentials.accountSid,
      TWILIO_AUTH_TOKEN: credentials.authToken,
      TWILIO_PHONE_NUMBER: BUSINESS_NUMBER,
    });
  };
  const processes = [await start()];
  processes.push(...(await Promise.all(Array.from({ length: hubs - 1 }, start))));
  return {
    label: `hub ×${hubs}`,
    processes,
    async stop() {
      await Promise.all(processes.map((p) => p.stop()));
      for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    },
    countStored: async () => {
      const counts = await count(databaseUrl, {
        messages: `SELECT COUNT(*) AS n FROM messages WHERE direction = 'inbound'`,
        webhookLog: `SELECT COUNT(*) AS n FROM webhook_log WHERE status_code = 200`,
        draftJobs: `SELECT COUNT(*) AS n FROM jobs WHERE kind = 'draft'`,
      });
      return {
        messages: counts.messages!,
        webhookLog: counts.webhookLog,
        draftJobs: counts.draftJobs,
      };
    },
  };
}

export async function startNaivePeer(
  databaseUrl: string,
  credentials: Credentials,
): Promise<ServerGroup> {
  const peer = await startProcess('bench/hub/naivePeer.ts', {
    DATABASE_URL: databaseUrl,
    SWITCHBOARD_WEBHOOK_PORT: '0',
    TWILIO_AUTH_TOKEN: credentials.authToken,
  });
  return {
    label: 'naive peer',
    processes: [peer],
    stop: () => peer.stop(),
    countStored: async () => ({
      messages: (await count(databaseUrl, { messages: 'SELECT COUNT(*) AS n FROM messages' }))
        .messages!,
    }),
  };
}
