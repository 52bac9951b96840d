import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../src/main/core/app';
import { storeInboundMessage } from '../src/main/core/messaging/inbound';
import { openDatabase } from '../src/main/core/store/database';
import { queueStats } from '../src/main/core/store/jobs';
import type { ConversationSummary } from '../src/shared/types';
import { invoke } from './support/appSignals';
import { when } from './support/deferred';
import { makeTempDir } from './support/tempDir';
import { startTestApp } from './support/testApp';
import { sqlite } from './support/sqlite';

const TEXTS = 20;

/** A data folder left with `TEXTS` customer texts whose drafts were never written (a restart). */
function folderWithPendingDrafts(): { path: string; cleanup: () => void } {
  const tmp = makeTempDir();
  const db = openDatabase(join(tmp.path, 'switchboard.db'));
  db.transaction(() => {
    for (let i = 0; i < TEXTS; i++) {
      storeInboundMessage(
        db,
        {
          sid: `SM${i.toString(16).padStart(32, '0')}`,
          from: `+1415555${String(1000 + i)}`,
          to: '+15005550006',
          body: 'Hi, are you open on Saturday?',
          media: [],
          numSegments: 1,
        },
        { now: Date.now() },
      );
    }
  })();
  db.close();
  return tmp;
}

const finishedDrafts = (app: App) =>
  sqlite(app.db)
    .prepare(`SELECT COUNT(*) FROM drafts WHERE state IN ('ready', 'failed')`)
    .pluck()
    .get() as number;

/** Resolves when every draft is written and its job done, re-checking on each pushed event. */
const allDrafted = (app: App) =>
  when(
    () => {
      const queue = queueStats(app.db);
      return finishedDrafts(app) === TEXTS && queue.queued + queue.running === 0;
    },
    (onChange) => app.events.subscribe(() => onChange()),
  );

describe('start with drafts waiting', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('answers the console before drafting the backlog, then drafts it all', async () => {
    const folder = folderWithPendingDrafts();
    cleanups.push(folder.cleanup);
    const { app, stop } = await startTestApp({}, {}, folder.path);
    cleanups.push(stop);
    expect(queueStats(app.db).queued).toBe(TEXTS);

    // The console's first command: the inbox, answered while the drafts still wait.
    const inbox = await invoke<ConversationSummary[]>(app, 'conversations:list', { limit: 50 });
    expect(inbox).toHaveLength(TEXTS);
    expect(finishedDrafts(app)).toBeLessThan(TEXTS);

    await allDrafted(app);
    expect(queueStats(app.db)).toEqual({ queued: 0, running: 0, dead: 0 });
  });

  it('drafts the backlog by itself when no console connects', async () => {
    const folder = folderWithPendingDrafts();
    cleanups.push(folder.cleanup);
    const { app, stop } = await startTestApp({}, {}, folder.path);
    cleanups.push(stop);
    await allDrafted(app);
    expect(finishedDrafts(app)).toBe(TEXTS);
  });
});
