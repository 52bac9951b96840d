import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/main/core/store/database';
import { describeStartupFailure } from '../src/main/core/startupFailure';
import { makeTempDir } from './support/tempDir';

/** What really gets thrown when `attempt` fails (never a hand-made error object). */
async function failureOf(attempt: () => unknown): Promise<unknown> {
  try {
    await attempt();
  } catch (error) {
    return error;
  }
  throw new Error('expected the attempt to fail');
}

describe('what the operator is told when Switchboard cannot start', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });
  const tempDir = () => {
    const dir = makeTempDir();
    cleanups.push(dir.cleanup);
    return dir.path;
  };

  it('a data folder that is a file: move it away (serve mode also hears of SWITCHBOARD_DATA_DIR)', async () => {
    const file = join(tempDir(), 'switchboard-data');
    writeFileSync(file, 'not a folder');
    const error = await failureOf(() => mkdirSync(join(file, 'logs'), { recursive: true }));
    expect(describeStartupFailure(error, { dataDir: file, dataDirFromEnv: true })).toBe(
      `Its data folder ${file} is a file, not a folder. Move that file away, or set SWITCHBOARD_DATA_DIR to another folder.`,
    );
    expect(describeStartupFailure(error, { dataDir: file, dataDirFromEnv: false })).not.toContain(
      'SWITCHBOARD_DATA_DIR',
    );
  });

  it('a database file that is not one: keep it, start empty, restore a backup', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'switchboard.db'), 'garbage, not SQLite at all'.repeat(8));
    const error = await failureOf(() => openDatabase(join(dir, 'switchboard.db')));
    const told = describeStartupFailure(error, { dataDir: dir, dataDirFromEnv: true });
    expect(told).toContain(`${join(dir, 'switchboard.db')}) is damaged or is not a Switchboard`);
    expect(told).toContain('Move it somewhere safe (keep it)');
    expect(told).toContain(`restore your latest backup under Records → Backups`);
  });

  it('a port taken by another program: which variables choose another', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => taken.close());
    const { port } = taken.address() as { port: number };
    const error = await failureOf(
      () =>
        new Promise((resolve, reject) => {
          const second = createServer();
          second.once('error', reject);
          second.listen(port, '127.0.0.1', () => second.close(resolve));
        }),
    );
    expect(describeStartupFailure(error, { dataDir: '/x', dataDirFromEnv: true })).toMatch(
      /taken by another program\. Set SWITCHBOARD_WEBHOOK_PORT or SWITCHBOARD_OPERATOR_PORT/,
    );
  });

  it('anything else: the error as it is, never an empty message', () => {
    expect(describeStartupFailure(new Error('boom'), { dataDir: '/x', dataDirFromEnv: true })).toBe(
      'Something went wrong while starting: boom',
    );
  });

  it('serve mode says it on stderr and exits 1, leaving the file as it was', async () => {
    const dir = tempDir();
    const garbage = 'garbage, not SQLite at all'.repeat(8);
    writeFileSync(join(dir, 'switchboard.db'), garbage);
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main/serve.ts'], {
      cwd: join(import.meta.dirname, '..'),
      env: {
        ...process.env,
        SWITCHBOARD_DATA_DIR: dir,
        SWITCHBOARD_WEBHOOK_PORT: '0',
        SWITCHBOARD_OPERATOR_PORT: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('Switchboard could not start. Its database');
    expect(readFileSync(join(dir, 'switchboard.db'), 'utf8')).toBe(garbage);
  });
});
