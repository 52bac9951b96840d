import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/main/core/log';
import type { IngestOpOf } from '../src/main/core/messaging/ingestOps';
import { openDatabase } from '../src/main/core/store/database';
import { getMessageBySid } from '../src/main/core/store/messages';
import { searchMessages } from '../src/main/core/store/search';
import { startIngestThread } from '../src/main/core/webhooks/threadedIngestWriter';
import { invoke } from './support/appSignals';
import { inboundParams, newSid, postSigned } from './support/signedRequests';
import { startTestApp } from './support/testApp';
import { makeTempDir } from './support/tempDir';

const inbound = (body: string, sid = newSid()): IngestOpOf<'inbound'> => ({
  kind: 'inbound',
  now: Date.now(),
  message: { sid, from: '+14155550100', to: '+15005550006', body, media: [], numSegments: 1 },
});

describe('the ingest thread', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  function store() {
    const dir = makeTempDir();
    cleanups.push(dir.cleanup);
    const dbPath = join(dir.path, 'switchboard.db');
    const db = openDatabase(dbPath); // migrated here, as the app does before starting the thread
    cleanups.push(() => void db.close());
    return { db, dbPath };
  }

  it('commits on its own connection what the main thread then reads, searchable', async () => {
    const { db, dbPath } = store();
    const writer = await startIngestThread({ dbPath, logger: silentLogger });
    cleanups.push(() => writer.close());

    const sids = [newSid(), newSid(), newSid()];
    const outcomes = await Promise.all(
      sids.map((sid, i) => writer.write(inbound(`Do you have oat milk? #${i}`, sid))),
    );
    expect(outcomes.map((o) => o.duplicate)).toEqual([false, false, false]);
    for (const sid of sids) expect(getMessageBySid(db, sid)?.body).toMatch(/oat milk/);
    expect(await writer.write(inbound('again', sids[0]))).toEqual({ duplicate: true });
    expect(searchMessages(db, { query: 'oat', limit: 10 }).length).toBe(3);
  });

  it('commits what it accepted before it closes, then refuses new writes', async () => {
    const { db, dbPath } = store();
    const writer = await startIngestThread({ dbPath, logger: silentLogger });
    const sids = Array.from({ length: 50 }, () => newSid());
    const writes = sids.map((sid) => writer.write(inbound('last words', sid)));
    await writer.close();
    await Promise.all(writes);
    for (const sid of sids) expect(getMessageBySid(db, sid)).toBeDefined();
    await expect(writer.write(inbound('too late'))).rejects.toThrow(/closing/);
  });

  it('refuses what a dying thread had not answered, and the next write starts a new thread', async () => {
    const { db, dbPath } = store();
    const writer = await startIngestThread({
      dbPath,
      logger: silentLogger,
      entry: join(import.meta.dirname, 'fixtures/crashingIngestThread.ts'),
    });
    cleanups.push(() => writer.close());

    const lost = inbound('sent while the thread died');
    await expect(writer.write(lost)).rejects.toThrow(/stopped before this was saved/);
    // Twilio sends it again after the 500; this time it is stored, once.
    expect(await writer.write(lost)).toMatchObject({ duplicate: false });
    expect(await writer.write(lost)).toEqual({ duplicate: true });
    expect(getMessageBySid(db, lost.message.sid)?.body).toBe('sent while the thread died');
  });

  it("operator commands that read, then write, wait for the thread's commits instead of failing", async () => {
    const { app, stop } = await startTestApp({}, { jobHandlers: { draft: undefined } });
    cleanups.push(stop);
    const token = app.simulator!.authToken;

    // Webhooks keep the ingest thread committing while the operator imports contacts over and
    // over; an import reads each contact before it writes it.
    let flooding = true;
    const flood = (async () => {
      const statuses: number[] = [];
      for (let round = 0; round < 10; round++) {
        const batch = Array.from({ length: 20 }, (_, i) =>
          postSigned(
            app.webhook.url,
            '/webhooks/twilio/sms',
            inboundParams({ From: `+1415555${(2000 + round * 20 + i).toString()}` }),
            token,
          ),
        );
        for (const reply of await Promise.all(batch)) statuses.push(reply.status);
      }
      flooding = false;
      return statuses;
    })();
    const imports: Array<PromiseSettledResult<unknown>> = [];
    for (let i = 0; flooding; i++) {
      const csv = `phone,name\n+1415555${(2000 + (i % 200)).toString()},Customer ${i}\n`;
      imports.push(...(await Promise.allSettled([invoke(app, 'contacts:import', { csv })])));
      await new Promise((resolve) => setImmediate(resolve));
    }
    const statuses = await flood;

    expect(imports.filter((result) => result.status === 'rejected')).toEqual([]);
    expect(imports.length).toBeGreaterThan(20);
    expect(statuses).toEqual(Array.from({ length: 200 }, () => 200));
  });
});
