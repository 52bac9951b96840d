/**
 * Starts serve mode (`tsx src/main/serve.ts`) for one test: its own data folder, ports picked by
 * the OS, and the console opened at the URL the server prints. Waits for the server's ready line,
 * never for a timer.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { test as base } from '@playwright/test';
import { ConsolePage } from './consolePage';

export interface ServeMode {
  operatorUrl: string;
  webhookUrl: string;
  dataDir: string;
  /** Stops the server early (SIGTERM), e.g. to watch the console lose its connection. */
  stop(): Promise<void>;
  /**
   * Runs an operator command over the bridge with the run's token, without a page: to set up more
   * than a test would type (e.g. hundreds of customers texting through the simulator).
   */
  command(name: string, payload: unknown): Promise<unknown>;
  /** What the `seed` option returned (undefined without one). */
  seeded: unknown;
}

interface ReadyLine {
  ready: true;
  operatorUrl: string;
  webhookUrl: string;
}

const projectRoot = resolve(import.meta.dirname, '../../..');
const tsxCli = join(projectRoot, 'node_modules/tsx/dist/cli.mjs');
const readyTimeoutMs = 30_000;

function waitForReady(child: ChildProcess, stderr: () => string): Promise<ReadyLine> {
  return new Promise((resolvePromise, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const fail = (why: string) => {
      clearTimeout(timer);
      lines.close();
      reject(new Error(`serve mode did not start: ${why}\n--- stderr ---\n${stderr()}`));
    };
    const timer = setTimeout(
      () => fail(`no ready line within ${readyTimeoutMs} ms`),
      readyTimeoutMs,
    );
    lines.on('line', (line) => {
      if (!line.startsWith('{')) return;
      const message = JSON.parse(line) as Partial<ReadyLine>;
      if (message.ready !== true) return;
      clearTimeout(timer);
      lines.close();
      resolvePromise(message as ReadyLine);
    });
    child.once('exit', (code, signal) => fail(`exited early (${signal ?? `code ${code}`})`));
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolvePromise) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolvePromise();
    });
    child.kill('SIGTERM');
  });
}

async function runCommand(operatorUrl: string, name: string, payload: unknown): Promise<unknown> {
  const url = new URL(operatorUrl);
  const response = await fetch(new URL(`/api/${name}`, url), {
    method: 'POST',
    headers: {
      authorization: `Bearer ${url.searchParams.get('token') ?? ''}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(payload),
  });
  const answer: unknown = await response.json();
  if (!response.ok)
    throw new Error(`${name} answered ${response.status}: ${JSON.stringify(answer)}`);
  return answer;
}

export interface ServeOptions {
  /** Extra environment for the server, e.g. OPENAI_BASE_URL and OPENAI_API_KEY for a fake model. */
  serveEnv: Record<string, string>;
  /**
   * Fills the data folder before the server starts (e.g. with seedStore.ts): for more history
   * than a test could text through the simulator. Its result is `serveMode.seeded`. (A function
   * in an object: Playwright would take a bare function for a fixture of its own.)
   */
  seed: { into: (dataDir: string) => unknown } | null;
}

export const test = base.extend<{ serveMode: ServeMode; consolePage: ConsolePage } & ServeOptions>({
  serveEnv: [{}, { option: true }],
  seed: [null, { option: true }],
  serveMode: async ({ serveEnv, seed }, use, testInfo) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-e2e-'));
    const seeded = seed?.into(dataDir);
    let stderr = '';
    const child = spawn(process.execPath, [tsxCli, 'src/main/serve.ts'], {
      cwd: projectRoot,
      env: {
        ...process.env,
        SWITCHBOARD_DATA_DIR: dataDir,
        SWITCHBOARD_WEBHOOK_PORT: '0',
        SWITCHBOARD_OPERATOR_PORT: '0',
        ...serveEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    try {
      const ready = await waitForReady(child, () => stderr);
      await use({
        operatorUrl: ready.operatorUrl,
        webhookUrl: ready.webhookUrl,
        dataDir,
        stop: () => stop(child),
        command: (name, payload) => runCommand(ready.operatorUrl, name, payload),
        seeded,
      });
    } finally {
      await stop(child);
      if (testInfo.status !== testInfo.expectedStatus) {
        await testInfo.attach('serve-stderr', { body: stderr, contentType: 'text/plain' });
        // The core's own log says what it was doing (a job retried, a fetch refused…).
        const log = join(dataDir, 'logs', 'switchboard.log');
        if (existsSync(log))
          await testInfo.attach('serve-log', { path: log, contentType: 'text/plain' });
      }
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
  consolePage: async ({ page, serveMode }, use) => {
    const consolePage = new ConsolePage(page);
    await page.goto(serveMode.operatorUrl);
    await use(consolePage);
  },
});

export { expect } from '@playwright/test';
