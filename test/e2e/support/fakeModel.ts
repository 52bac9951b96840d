/**
 * Serve mode drafting with the fake OpenAI-compatible server (test/support/fakeOpenAIStandalone.ts)
 * run as a process of its own, so a test watches real token streaming end to end. The server is
 * steered over its /__control routes; serve mode gets its URL through OPENAI_BASE_URL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { test as serveTest } from './serve';

export interface FakeModel {
  /** Base URL including /v1. */
  url: string;
  /** The next drafts stream this text. */
  reply(text: string): Promise<void>;
  /** Translation requests (Translate, a draft's meaning) answer this text. */
  translation(text: string): Promise<void>;
  /** Fails the next draft requests, e.g. { kind: 'unauthorized' } for a refused key. */
  fault(
    fault: { kind: string } & Record<string, unknown>,
    options?: { times?: number },
  ): Promise<void>;
  /** The chat requests the server received, oldest first. */
  requests(): Promise<
    Array<{ body: { messages?: Array<{ role: string; content: string }> } | null; stream: boolean }>
  >;
}

const projectRoot = resolve(import.meta.dirname, '../../..');
const tsxCli = join(projectRoot, 'node_modules/tsx/dist/cli.mjs');

function startFakeModel(tokenDelayMs: number): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [tsxCli, 'test/support/fakeOpenAIStandalone.ts', '--token-delay-ms', String(tokenDelayMs)],
    { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolvePromise, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (!line.startsWith('{')) return;
      const message = JSON.parse(line) as { ready?: boolean; url?: string };
      if (message.ready !== true || !message.url) return;
      lines.close();
      resolvePromise({ child, url: message.url });
    });
    child.once('exit', (code) =>
      reject(new Error(`fake OpenAI server exited (${code}):\n${stderr}`)),
    );
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolvePromise) => {
    child.once('exit', () => resolvePromise());
    child.kill('SIGTERM');
  });
}

export const test = serveTest.extend<{ fakeModel: FakeModel; tokenDelayMs: number }>({
  /** Pause between streamed tokens; long enough that a test can see a draft half-written. */
  tokenDelayMs: [20, { option: true }],
  fakeModel: async ({ tokenDelayMs }, use) => {
    const { child, url } = await startFakeModel(tokenDelayMs);
    const origin = new URL(url).origin;
    const control = async (route: string, body: unknown) => {
      const response = await fetch(`${origin}/__control/${route}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`fake OpenAI control ${route}: ${response.status}`);
      return response.json() as Promise<unknown>;
    };
    try {
      await use({
        url,
        reply: async (reply) => void (await control('reply', { reply })),
        translation: async (reply) => void (await control('translation', { reply })),
        fault: async (fault, options) => void (await control('fault', { fault, options })),
        requests: async () =>
          (await control('requests', {})) as Awaited<ReturnType<FakeModel['requests']>>,
      });
    } finally {
      await stop(child);
    }
  },
  // Serve mode drafts with the fake model instead of the offline drafter.
  serveEnv: async ({ fakeModel }, use) => {
    await use({
      OPENAI_BASE_URL: fakeModel.url,
      OPENAI_API_KEY: 'test',
      SWITCHBOARD_MODEL: 'gpt-4o-mini',
    });
  },
});

export { expect } from '@playwright/test';
