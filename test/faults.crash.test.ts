/**
 * SIGKILL in the middle of a backup and of an export (serve mode as a child process, like
 * test/crash.test.ts): the next start is consistent and no half file passes for a finished one.
 * Part of the fault table in RELIABILITY.md.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, watch } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/main/core/store/database';
import { migrations } from '../src/main/core/store/migrations';
import { indexSearchBacklog } from '../src/main/core/store/search';
import type { BackupInfo } from '../src/shared/types';
import { operatorClient } from './support/operatorClient';
import { seedHistory } from './support/recordsSeed';
import { startServeProcess } from './support/serveProcess';
import { makeTempDir } from './support/tempDir';

const MESSAGES = 100_000;
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

describe('SIGKILL during long writes', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));

  /** A data folder whose store is big enough that a backup or export takes a while. */
  function seededDataDir(): string {
    const tmp = makeTempDir();
    cleanups.push(tmp.cleanup);
    const db = openDatabase(join(tmp.path, 'switchboard.db'));
    seedHistory(db, { contacts: 2_000, messages: MESSAGES });
    db.close();
    return tmp.path;
  }

  async function serve(dataDir: string) {
    const started = await startServeProcess({
      SWITCHBOARD_DATA_DIR: dataDir,
      SWITCHBOARD_WEBHOOK_PORT: '0',
      SWITCHBOARD_OPERATOR_PORT: '0',
    });
    cleanups.push(() => started.child.kill('SIGKILL'));
    return { ...started, client: operatorClient(started.ready.operatorUrl) };
  }

  /** Resolves when a file whose name ends with `suffix` appears in `folder`. */
  function fileAppears(folder: string, suffix: string): Promise<string> {
    return new Promise((resolve) => {
      const watcher = watch(folder, (_event, name) => {
        if (name?.endsWith(suffix)) {
          watcher.close();
          resolve(name);
        }
      });
    });
  }

  /** After the kill: restart, then stop cleanly and check the store itself. */
  async function restartAndCheck(
    dataDir: string,
    whileUp: (client: ReturnType<typeof operatorClient>) => Promise<void>,
  ) {
    // prettier-ignore
    const again = await serve(dataDir);
    await whileUp(again.client);
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
    const db = new Database(join(dataDir, 'switchboard.db'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const n = (db.prepare('SELECT COUNT(*) AS n FROM messages').get() as { n: number }).n;
    db.close();
    expect(n).toBe(MESSAGES);
  }

  it('during a backup: consistent on restart, the half file is never listed as a backup', async () => {
    const dataDir = seededDataDir();
    const folder = join(dataDir, 'kill-backups');
    mkdirSync(folder);
    const { child, client, exited } = await serve(dataDir);
    const started = fileAppears(folder, '.db.part');
    const backup = client.invoke<BackupInfo>('backup:now', { folder }).catch(() => null);
    await started;
    child.kill('SIGKILL');
    await exited;
    expect(await backup).toBeNull(); // never reported as taken
    const left = readdirSync(folder);
    expect(left.some((name) => name.endsWith('.part'))).toBe(true); // killed mid-way indeed
    expect(left.filter((name) => name.endsWith('.db'))).toEqual([]);

    await restartAndCheck(dataDir, async (c) => {
      expect(await c.invoke<BackupInfo[]>('backup:list', { folder })).toEqual([]);
      // And the next backup works, is the only one listed, and clears the dead half file away.
      const next = await c.invoke<BackupInfo>('backup:now', { folder });
      expect((await c.invoke<BackupInfo[]>('backup:list', { folder })).map((b) => b.path)).toEqual([next.path]); // prettier-ignore
      expect(readdirSync(folder)).toEqual([basename(next.path)]);
    });
  });

  it('during an export: consistent on restart, the half file never looks finished', async () => {
    const dataDir = seededDataDir();
    const folder = join(dataDir, 'kill-exports');
    mkdirSync(folder);
    const { child, client, exited } = await serve(dataDir);
    const progressed = new Promise<void>((resolve) => {
      void client.events((event, payload) => {
        const p = payload as { written: number; done: boolean };
        if (event === 'export:progress' && p.written > 0 && !p.done) resolve();
      });
    });
    const { path } = await client.invoke<{ path: string }>('export:start', { what: 'messages', format: 'csv', folder }); // prettier-ignore
    await progressed;
    child.kill('SIGKILL');
    await exited;
    expect(existsSync(`${path}.part`)).toBe(true); // killed mid-way indeed
    expect(existsSync(path)).toBe(false); // no file under the finished name

    await restartAndCheck(dataDir, async (c) => {
      expect(existsSync(path)).toBe(false);
      // The store answers (and serve.ts has its signal handlers: they follow the ready line).
      expect(await c.invoke<BackupInfo[]>('backup:list', { folder })).toEqual([]);
    });
  });
});

describe('SIGKILL during a migration', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));

  it('the next start finishes the upgrade on a consistent store, nothing lost', async () => {
    const tmp = makeTempDir();
    cleanups.push(tmp.cleanup);
    const path = join(tmp.path, 'switchboard.db');
    // A store as the previous release left it (schema 50), big enough that upgrading takes a while.
    const old = openDatabase(path, { migrations: migrations.filter((m) => m.version <= 50) });
    const COUNT = 150_000;
    old.transaction(() => {
      old.prepare(`INSERT INTO contacts (address, raw_address, created_at, updated_at) VALUES ('+14155550100', '+14155550100', 0, 0)`).run(); // prettier-ignore
      old.prepare(`INSERT INTO conversations (contact_id, channel, business_number, last_activity_at, created_at) VALUES (1, 'sms', '+15005550006', 0, 0)`).run(); // prettier-ignore
      const insert = old.prepare(
        `INSERT INTO messages (conversation_id, direction, author, from_address, to_address, body, status, created_at, updated_at)
         VALUES (1, 'inbound', 'customer', '+14155550100', '+15005550006', ?, 'received', ?, ?)`,
      );
      for (let i = 0; i < COUNT; i += 1) insert.run(`are you open on saturday ${i}`, i, i);
      old.prepare('UPDATE conversations SET last_message_id = ? WHERE id = 1').run(COUNT);
    })();
    indexSearchBacklog(old);
    old.close();

    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main/serve.ts'], {
      cwd: repoRoot,
      env: { ...process.env, SWITCHBOARD_DATA_DIR: tmp.path, SWITCHBOARD_LOG_LEVEL: 'warn' },
      stdio: 'ignore',
    });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    cleanups.push(() => child.kill('SIGKILL'));
    // The upgrade is writing when its WAL passes a few megabytes: kill it there.
    await new Promise<void>((resolve) => {
      const watcher = watch(tmp.path, () => {
        let size = 0;
        try {
          size = statSync(`${path}-wal`).size;
        } catch {
          return;
        }
        if (size > 4_000_000) {
          watcher.close();
          resolve();
        }
      });
    });
    child.kill('SIGKILL');
    await exited;
    const halfway = new Database(path, { readonly: true });
    const version = halfway.pragma('user_version', { simple: true }) as number;
    halfway.close();
    expect(version).toBeLessThan(migrations.at(-1)!.version); // killed mid-upgrade indeed

    const again = await startServeProcess({ SWITCHBOARD_DATA_DIR: tmp.path });
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
    const db = new Database(path, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.at(-1)!.version);
    expect(db.prepare('SELECT COUNT(*) AS n FROM messages').get()).toEqual({ n: COUNT });
    expect(db.prepare(`SELECT COUNT(*) AS n FROM messages_fts WHERE messages_fts MATCH 'saturday'`).get()).toEqual({ n: COUNT }); // prettier-ignore
    expect(db.prepare('SELECT needs_reply FROM conversations WHERE id = 1').get()).toEqual({ needs_reply: 1 }); // prettier-ignore
    db.close();
  }, 120_000);
});
