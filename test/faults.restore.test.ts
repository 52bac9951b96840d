/**
 * A kill while a restore is staged or swapped in, by crash point: the state each step of
 * `stageRestore` / `applyPendingRestore` leaves behind is built exactly (a SIGKILL cannot be
 * aimed at a step that takes milliseconds), then the app starts on it. Part of RELIABILITY.md.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'; // prettier-ignore
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE, PENDING_RESTORE_FILE } from '../src/main/core/dataPaths';
import type { BackupInfo } from '../src/shared/types';
import { invoke } from './support/appSignals';
import { inboundParams, postSigned } from './support/signedRequests';
import { makeTempDir } from './support/tempDir';
import { startTestApp } from './support/testApp';
import { sqlite } from './support/sqlite';

const SMS = '/webhooks/twilio/sms';

describe('killed while restoring a backup', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A store with one message in its backup and one more after it; the app is closed. */
  async function storeWithBackup() {
    const first = await startTestApp({}, { jobHandlers: { draft: undefined } });
    const dataDir = first.dataDir;
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const post = (body: string) =>
      postSigned(first.app.webhook.url, SMS, inboundParams({ Body: body }), first.app.simulator!.authToken); // prettier-ignore
    await post('before the backup');
    const backup = await invoke<BackupInfo>(first.app, 'backup:now', {});
    await post('after the backup');
    await first.app.close();
    return { dataDir, backup };
  }

  async function startOn(dataDir: string) {
    const next = await startTestApp({}, { jobHandlers: { draft: undefined } }, dataDir);
    cleanups.push(() => next.app.close());
    const db = sqlite(next.app.db);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    return (db.prepare('SELECT body FROM messages ORDER BY id').all() as Array<{ body: string }>).map((r) => r.body); // prettier-ignore
  }

  it('during the copy (a half .part): the store is untouched and nothing is restored', async () => {
    const { dataDir, backup } = await storeWithBackup();
    const bytes = readFileSync(backup.path);
    writeFileSync(join(dataDir, `${PENDING_RESTORE_FILE}.part`), bytes.subarray(0, bytes.length >> 1)); // prettier-ignore
    expect(await startOn(dataDir)).toEqual(['before the backup', 'after the backup']);
    expect(readdirSync(dataDir).some((n) => n.startsWith('before-restore-'))).toBe(false);
  });

  it('after staging, before the restart: the next start restores it', async () => {
    const { dataDir, backup } = await storeWithBackup();
    copyFileSync(backup.path, join(dataDir, PENDING_RESTORE_FILE));
    expect(await startOn(dataDir)).toEqual(['before the backup']);
  });

  it('midway through the swap (the store moved away, the copy not yet in place): the next start finishes it', async () => {
    const { dataDir, backup } = await storeWithBackup();
    copyFileSync(backup.path, join(dataDir, PENDING_RESTORE_FILE));
    const keep = join(dataDir, 'before-restore-20261203-060000-000');
    mkdirSync(keep);
    for (const suffix of ['', '-wal', '-shm']) {
      const from = join(dataDir, DATABASE_FILE + suffix);
      if (existsSync(from)) renameSync(from, join(keep, DATABASE_FILE + suffix));
    }
    expect(await startOn(dataDir)).toEqual(['before the backup']);
    // The store as it was is still there, in the folder the interrupted swap moved it to.
    expect(existsSync(join(keep, DATABASE_FILE))).toBe(true);
  });
});

describe('half files left by a crash', () => {
  it('are removed at the next start: an unfinished export and a half-staged restore', async () => {
    const tmp = makeTempDir();
    try {
      mkdirSync(join(tmp.path, 'exports'), { recursive: true });
      const halfExport = join(tmp.path, 'exports', 'switchboard-messages-2026-12-03T05-00-00-abcd1234.csv.part'); // prettier-ignore
      const someoneElses = join(tmp.path, 'exports', 'notes.part');
      writeFileSync(halfExport, 'id,body\r\n1,half');
      writeFileSync(someoneElses, 'not ours');
      writeFileSync(join(tmp.path, 'restore-pending.db.part'), 'half a copy');
      const { stop } = await startTestApp({}, { jobHandlers: { draft: undefined } }, tmp.path);
      await stop();
      expect(existsSync(halfExport)).toBe(false);
      expect(existsSync(someoneElses)).toBe(true);
      expect(existsSync(join(tmp.path, 'restore-pending.db.part'))).toBe(false);
    } finally {
      tmp.cleanup();
    }
  });
});
