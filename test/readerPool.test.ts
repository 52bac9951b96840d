import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/main/core/log';
import { openDatabase, type Db } from '../src/main/core/store/database';
import { indexSearchBacklog, searchMessages } from '../src/main/core/store/search';
import { createReaderPool, Superseded, type Readers } from '../src/main/core/threads/readerPool';
import { seedHistory } from './support/recordsSeed';
import { inboundParams, postSigned } from './support/signedRequests';
import { makeTempDir } from './support/tempDir';
import { startTestApp } from './support/testApp';

describe('reader threads', () => {
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const storeWithHistory = (messages: number): { db: Db; dbPath: string; dir: string } => {
    const tmp = makeTempDir();
    cleanups.push(tmp.cleanup);
    const dbPath = join(tmp.path, 'switchboard.db');
    const db = openDatabase(dbPath);
    cleanups.push(() => db.close());
    seedHistory(db, { contacts: 20, messages });
    indexSearchBacklog(db);
    return { db, dbPath, dir: tmp.path };
  };
  const pool = (dbPath: string): Readers => {
    const readers = createReaderPool({ dbPath, logger: silentLogger });
    cleanups.push(() => readers.close());
    return readers;
  };

  it('answers a search on its own connection exactly as the writer would', async () => {
    const { db, dbPath } = storeWithHistory(500);
    const readers = pool(dbPath);
    const args = { query: 'th', limit: 50 };
    const expected = searchMessages(db, args);
    expect(expected.length).toBeGreaterThan(0);
    expect(await readers.query('search', args)).toEqual(expected);
  });

  it('drops a waiting search when a newer one of the same lane arrives', async () => {
    const { dbPath } = storeWithHistory(200);
    const readers = pool(dbPath);
    // The first is already on the thread; the second waits and is replaced by the third.
    const first = readers.query('search', { query: 'a', limit: 5 }, { latestIn: 'search' });
    const second = readers.query('search', { query: 'b', limit: 5 }, { latestIn: 'search' });
    const third = readers.query('search', { query: 'c', limit: 5 }, { latestIn: 'search' });
    await expect(second).rejects.toBeInstanceOf(Superseded);
    await expect(first).resolves.toBeInstanceOf(Array);
    await expect(third).resolves.toBeInstanceOf(Array);
  });

  it('runs a backup on a thread of its own and a cancelled export leaves no file', async () => {
    const { dbPath, dir } = storeWithHistory(2_000);
    const readers = pool(dbPath);
    const { check, mediaFiles } = await readers.task('backup', {
      part: join(dir, 'copy.db.part'),
      path: join(dir, 'copy.db'),
    }).result;
    expect(check).toMatchObject({ problems: [], messages: 2_000 });
    expect(mediaFiles).toBe(0); // no media folder given: the database only

    const progress: unknown[] = [];
    const path = join(dir, 'messages.csv');
    const handle = readers.task(
      'export',
      {
        dbPath,
        path,
        what: 'messages',
        format: 'csv',
        from: null,
        to: null,
        contactIds: null,
        conversationId: null,
        secrets: [],
        logFile: null,
        exportedAt: Date.now(),
        chunkRows: 10,
      },
      (value) => {
        progress.push(value);
        if (progress.length === 1) handle.cancel();
      },
    );
    await expect(handle.result).resolves.toMatchObject({ outcome: 'canceled' });
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(dir).filter((name) => name.startsWith('messages'))).toEqual([]);
  });

  it('answers webhooks while a backup of a large store is being copied and checked', async () => {
    const { app, stop } = await startTestApp({}, { jobHandlers: { draft: undefined } });
    cleanups.push(() => stop());
    seedHistory(app.db, { contacts: 200, messages: 100_000 });
    let backupDone = false;
    const backup = app.operator.invoke('backup:now', {}).then((info) => {
      backupDone = true;
      return info;
    });
    const answered = await postSigned(
      app.webhook.url,
      '/webhooks/twilio/sms',
      inboundParams({ From: '+14155550100', Body: 'are you open?' }),
      app.simulator!.authToken,
    );
    expect(answered.status).toBe(200);
    // The answer came while the copy was still on its thread, not after it.
    expect(backupDone).toBe(false);
    await expect(backup).resolves.toMatchObject({ bytes: expect.any(Number) });
  });
});
