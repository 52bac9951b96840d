/**
 * The attachments kept for good (issue 16 item 7, the rest, and its "Done when"): backups carry
 * them and restore them into an empty data folder, verify re-hashes them, pruning keeps what a
 * kept backup names, the transcript shows them, Twilio's copy is deleted on request once ours is
 * safe, and the media folder is swept of what nothing names. Demo mode throughout: the simulator
 * plays Twilio (media behind Basic auth, DELETE on the Media resource).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'; // prettier-ignore
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../src/main/core/app';
import type { Carrier } from '../src/main/core/carriers/carrier';
import { createCarrierCopyHandler } from '../src/main/core/messaging/carrierCopyJob';
import { silentLogger } from '../src/main/core/log';
import { restoreBackup } from '../src/main/core/records/backups';
import { MEDIA_CONTENT } from '../src/main/core/simulator';
import { MEDIA_SWEEP_GRACE_MS, sweepMediaFolder } from '../src/main/core/records/mediaSweep';
import { RecordsScheduler } from '../src/main/core/records/scheduler';
import { openDatabase } from '../src/main/core/store/database';
import { listMessageMedia } from '../src/main/core/store/messageMedia';
import { getMessageBySid } from '../src/main/core/store/messages';
import type { BackupInfo, BackupVerdict, MessageView } from '../src/shared/types';
import { invoke, messageWhen } from './support/appSignals';
import { bridgeOver } from './support/bridge';
import { makeTempDir } from './support/tempDir';
import { startTestApp } from './support/testApp';

const CUSTOMER = '+14155550100';
const DAY = 86_400_000;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const jpeg = (text: string) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(text)]); // prettier-ignore
const fileIn = (root: string, bytes: Uint8Array) =>
  join(root, sha256(bytes).slice(0, 2), sha256(bytes));

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function demoApp(options: { now?: () => number; dataDir?: string } = {}) {
  const started = await startTestApp({}, options.now ? { now: options.now } : {}, options.dataDir);
  cleanups.push(started.stop);
  return started;
}

/** The customer's MMS through the simulator and the real webhook, once every item is settled. */
async function keptPicture(app: App, pictures: Buffer[], from = CUSTOMER, at?: Date) {
  const media = pictures.map((bytes) => ({ bytes, contentType: 'image/jpeg' }));
  const sent = await app.simulator!.textBusiness({
    from,
    body: 'The dent, photographed',
    media,
    ...(at ? { at } : {}),
  });
  const id = getMessageBySid(app.db, sent.sid)!.id;
  const message = await messageWhen(app, id, (m) => m.attachments.every((a) => a.state === 'kept'));
  return { id, message, conversationId: getMessageBySid(app.db, sent.sid)!.conversationId };
}

/** Serve mode's bridge over `app`, and a GET of a kept file with the bridge's token. */
async function served(app: App, url: string) {
  const bridge = await bridgeOver(app, cleanups);
  const response = await fetch(`http://127.0.0.1:${bridge.port}${url}`, {
    headers: { authorization: `Bearer ${bridge.token}` },
  });
  return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()) };
}

/** Twilio's media URL with the account's credentials: 307 while Twilio has it, 404 once deleted. */
async function carrierStatus(app: App, messageId: number): Promise<number> {
  const sim = app.simulator!;
  const [item] = listMessageMedia(app.db, messageId);
  const auth = Buffer.from(`${sim.accountSid}:${sim.authToken}`).toString('base64');
  const response = await fetch(item!.carrierUrl, {
    headers: { authorization: `Basic ${auth}` },
    redirect: 'manual',
  });
  await response.arrayBuffer();
  return response.status;
}

const carrierJobs = (app: App) =>
  app.db.prepare(`SELECT state, attempts FROM jobs WHERE kind = 'carrierMedia'`).all() as Array<{
    state: string;
    attempts: number;
  }>;

const backupNow = (app: App, folder?: string) =>
  invoke<BackupInfo>(app, 'backup:now', folder ? { folder } : {});

describe('backups carry the attachments', () => {
  it('restores a backup into an empty data folder and the bridge serves the pictures again', async () => {
    const { app } = await demoApp();
    const door = jpeg('a dented door');
    const receipt = jpeg('the receipt, photographed');
    const { id } = await keptPicture(app, [door, receipt]);
    const backupDir = makeTempDir();
    cleanups.push(backupDir.cleanup);

    const info = await backupNow(app, backupDir.path);
    expect(info).toMatchObject({ mediaFiles: 2, mediaBytes: door.length + receipt.length });
    const [listed] = await invoke<BackupInfo[]>(app, 'backup:list', { folder: backupDir.path });
    expect(listed).toMatchObject({ path: info.path, mediaFiles: 2 });
    expect(readFileSync(fileIn(join(backupDir.path, 'media'), door))).toEqual(door);

    const fresh = makeTempDir();
    cleanups.push(fresh.cleanup);
    const { verdict, outcome } = restoreBackup(fresh.path, info.path, Date.now());
    expect(verdict).toMatchObject({ ok: true, mediaFiles: 2, mediaProblems: [] });
    expect(outcome.applied).toBe(true);
    expect(existsSync(join(fresh.path, 'restore-pending-media'))).toBe(false);

    const restored = await demoApp({ dataDir: fresh.path });
    const thread = await messageWhen(restored.app, id, () => true);
    expect(thread.attachments.map((a) => [a.state, a.url])).toEqual([
      ['kept', `/media/${sha256(door)}`],
      ['kept', `/media/${sha256(receipt)}`],
    ]);
    const picture = await served(restored.app, thread.attachments[0]!.url!);
    expect(picture).toEqual({ status: 200, bytes: door });
  });

  it('restores through the app: staged by the command, the pictures back at the next start', async () => {
    const first = await startTestApp();
    const dataDir = first.dataDir;
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const door = jpeg('a dented door');
    const { id } = await keptPicture(first.app, [door]);
    const info = await backupNow(first.app);
    const answer = await invoke<{ restartRequired: boolean; verdict: BackupVerdict }>(
      first.app,
      'backup:restore',
      { path: info.path },
    );
    expect(answer).toMatchObject({ restartRequired: true, verdict: { mediaFiles: 1 } });
    await first.app.close();
    // Our copy is lost meanwhile (a disk tidied by hand): the backup's comes back with the store.
    rmSync(fileIn(join(dataDir, 'media'), door));

    const second = await startTestApp({}, {}, dataDir);
    cleanups.push(() => second.app.close());
    expect(readFileSync(fileIn(join(dataDir, 'media'), door))).toEqual(door);
    expect(existsSync(join(dataDir, 'restore-pending-media'))).toBe(false);
    const thread = await messageWhen(second.app, id, () => true);
    expect((await served(second.app, thread.attachments[0]!.url!)).bytes).toEqual(door);
  });

  it('verify finds a damaged picture in a backup; the restore brings the messages back without it', async () => {
    const { app } = await demoApp();
    const good = jpeg('intact');
    const bad = jpeg('will be damaged');
    const { id } = await keptPicture(app, [good, bad]);
    const backupDir = makeTempDir();
    cleanups.push(backupDir.cleanup);
    const info = await backupNow(app, backupDir.path);

    // Damaged in the backup only (a new file: the old one may be a hard link to ours).
    const inBackup = fileIn(join(backupDir.path, 'media'), bad);
    rmSync(inBackup);
    writeFileSync(inBackup, jpeg('will be damagеd'));
    const verdict = await invoke<BackupVerdict>(app, 'backup:verify', { path: info.path });
    expect(verdict.ok).toBe(true); // the database is fine: it can still be restored
    expect(verdict.mediaFiles).toBe(2);
    expect(verdict.mediaProblems).toHaveLength(1);
    expect(verdict.mediaProblems[0]).toContain('1 attachment is damaged in the backup');
    expect(verdict.mediaProblems[0]).toContain(sha256(bad).slice(0, 12));

    const fresh = makeTempDir();
    cleanups.push(fresh.cleanup);
    restoreBackup(fresh.path, info.path, Date.now());
    expect(readFileSync(fileIn(join(fresh.path, 'media'), good))).toEqual(good);
    expect(existsSync(fileIn(join(fresh.path, 'media'), bad))).toBe(false);
    const restored = await demoApp({ dataDir: fresh.path });
    expect((await messageWhen(restored.app, id, () => true)).body).toBe('The dent, photographed');
  });

  it('pruning old backups never deletes a picture a kept backup still names', async () => {
    const { app } = await demoApp();
    await invoke(app, 'records:saveSettings', { backups: { keep: 2 } });
    const old = jpeg('only in the oldest conversation');
    const shared = jpeg('in both');
    const first = await keptPicture(app, [old, shared]);
    await keptPicture(app, [shared], '+14155550111');
    const store = join(
      (await invoke<{ paths: { backupsDir: string } }>(app, 'records:getSettings', {})).paths
        .backupsDir,
      'media',
    );
    await backupNow(app);
    await backupNow(app);
    // The first conversation goes (retention), so newer backups no longer name `old`.
    app.db
      .prepare('UPDATE conversations SET last_activity_at = ? WHERE id = ?')
      .run(Date.now() - 3 * 365 * DAY, first.conversationId);
    await invoke(app, 'retention:apply', { months: 12 });
    await backupNow(app); // the oldest of three goes; the second still names `old`
    expect(existsSync(fileIn(store, old))).toBe(true);
    const last = await backupNow(app); // now no kept backup names `old`
    const kept = await invoke<BackupInfo[]>(app, 'backup:list', {});
    expect(kept).toHaveLength(2);
    expect(kept.map((b) => b.mediaFiles)).toEqual([1, 1]);
    expect(existsSync(fileIn(store, old))).toBe(false);
    expect(readFileSync(fileIn(store, shared))).toEqual(shared);
    // Each kept backup still verifies whole.
    const verdict = await invoke<BackupVerdict>(app, 'backup:verify', { path: last.path });
    expect(verdict).toMatchObject({ ok: true, mediaFiles: 1, mediaProblems: [] });
  });

  it('an old backup (the database only) still lists, verifies and restores', async () => {
    const { app } = await demoApp();
    const { id } = await keptPicture(app, [jpeg('before')]);
    const backupDir = makeTempDir();
    cleanups.push(backupDir.cleanup);
    const info = await backupNow(app, backupDir.path);
    // What a backup from before issue 16 is: no manifest, no media folder.
    rmSync(info.path.replace(/\.db$/, '.media.json'));
    rmSync(join(backupDir.path, 'media'), { recursive: true });
    const [listed] = await invoke<BackupInfo[]>(app, 'backup:list', { folder: backupDir.path });
    expect(listed).toMatchObject({ mediaFiles: 0, mediaBytes: 0 });
    const fresh = makeTempDir();
    cleanups.push(fresh.cleanup);
    const { verdict, outcome } = restoreBackup(fresh.path, info.path, Date.now());
    expect(verdict).toMatchObject({ ok: true, mediaFiles: 0, mediaProblems: [] });
    expect(outcome.applied).toBe(true);
    const restored = await demoApp({ dataDir: fresh.path });
    expect((await messageWhen(restored.app, id, () => true)).attachments).toHaveLength(1);
  });
});

describe('the transcript shows the attachments', () => {
  it('shows a kept picture inline from a file beside it, never a Twilio URL', async () => {
    const { app } = await demoApp();
    const door = jpeg('a dented door');
    const { conversationId } = await keptPicture(app, [door]);
    const folder = makeTempDir();
    cleanups.push(folder.cleanup);
    const started = (await invoke(app, 'export:start', {
      what: 'transcript',
      format: 'html',
      conversationId,
      folder: folder.path,
    })) as { exportId: string; path: string };
    const done = await app.events.once(
      'export:progress',
      (p) => p.exportId === started.exportId && p.done,
    );
    expect(done.error).toBeNull();
    const html = readFileSync(started.path, 'utf8');
    const path = `media/${sha256(door)}.jpg`;
    expect(html).toContain(`<img src="${path}" alt="Picture (image/jpeg, ${door.length} bytes)">`);
    expect(readFileSync(join(folder.path, path))).toEqual(door);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toContain('/Media/ME');
  });

  it('names an attachment that was never kept with its type, never with a Twilio URL', async () => {
    const { app } = await demoApp();
    app.simulator!.faults.injectRest({ kind: 'notFound', match: MEDIA_CONTENT });
    const sent = await app.simulator!.textBusiness({
      from: CUSTOMER,
      body: 'Gone before we got it',
      media: [{ bytes: jpeg('lost'), contentType: 'image/jpeg' }],
    });
    const message = getMessageBySid(app.db, sent.sid)!;
    await messageWhen(app, message.id, (m) => m.attachments[0]!.state === 'failed');
    const folder = makeTempDir();
    cleanups.push(folder.cleanup);
    const started = (await invoke(app, 'export:start', {
      what: 'transcript',
      format: 'html',
      conversationId: message.conversationId,
      folder: folder.path,
    })) as { exportId: string; path: string };
    await app.events.once('export:progress', (p) => p.exportId === started.exportId && p.done);
    const html = readFileSync(started.path, 'utf8');
    expect(html).toContain(
      '<span class="attachment">Attachment (image/jpeg, size unknown): not kept on this computer</span>',
    );
    expect(html).not.toContain('<img');
    expect(html).not.toMatch(/https?:\/\//);
  });
});

describe("Twilio's copy deleted once ours is safe", () => {
  it('is off by default: nothing is deleted at Twilio', async () => {
    const { app } = await demoApp();
    const { id, message } = await keptPicture(app, [jpeg('kept, and left at Twilio')]);
    expect(message.attachments[0]).toMatchObject({ carrierCopyDeleted: false });
    expect(carrierJobs(app)).toEqual([]);
    expect(await carrierStatus(app, id)).toBe(307);
    // The simulator's Media resource, like Twilio's, is deleted only with the account's credentials.
    const [item] = listMessageMedia(app.db, id);
    const anonymous = await fetch(`${item!.carrierUrl}.json`, { method: 'DELETE' });
    expect(anonymous.status).toBe(401);
    expect(await carrierStatus(app, id)).toBe(307);
  });

  it('when on, deletes it after the item is kept, and a failure is retried', async () => {
    const { app } = await demoApp();
    await invoke(app, 'records:saveSettings', { media: { deleteCarrierCopy: true } });
    // Twilio fails the first DELETE: the job tries again with its backoff.
    app.simulator!.faults.injectRest({
      kind: 'serverError',
      match: { method: 'DELETE', pathIncludes: '/Media/ME' },
    });
    const picture = jpeg('private: delete it at Twilio');
    const { id } = await keptPicture(app, [picture]);
    const deleted = await messageWhen(app, id, (m) => m.attachments[0]!.carrierCopyDeleted);
    expect(deleted.attachments[0]).toMatchObject({
      state: 'kept',
      stateText: "Kept on this computer · Twilio's copy deleted",
      url: `/media/${sha256(picture)}`,
    });
    // The second try deleted it (the job may still be finishing its bookkeeping).
    expect(carrierJobs(app)).toMatchObject([{ attempts: 2 }]);
    expect(await carrierStatus(app, id)).toBe(404);
    expect((await served(app, deleted.attachments[0]!.url!)).bytes).toEqual(picture);
  });
});

describe("Twilio's copy: never before ours is safe", () => {
  it('the job leaves Twilio alone while our file is missing or short, and deletes once it is whole', async () => {
    const dir = makeTempDir();
    cleanups.push(dir.cleanup);
    const db = openDatabase(join(dir.path, 'switchboard.db'));
    cleanups.push(() => {
      db.close();
    });
    const picture = jpeg('ours must be whole first');
    const url = `https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM${'1'.repeat(32)}/Media/ME${'2'.repeat(32)}`; // prettier-ignore
    db.exec(`
      INSERT INTO contacts (id, address, raw_address, created_at, updated_at)
        VALUES (1, '+14155550100', '+14155550100', 1, 1);
      INSERT INTO conversations (id, contact_id, channel, business_number, last_activity_at, created_at)
        VALUES (1, 1, 'sms', '+15005550006', 1, 1);
      INSERT INTO messages (id, conversation_id, direction, author, from_address, to_address, body,
          status, created_at, updated_at)
        VALUES (1, 1, 'inbound', 'customer', '+14155550100', '+15005550006', 'Pic', 'received', 1, 1);
    `);
    db.prepare(
      `INSERT INTO message_media (message_id, position, carrier_url, content_type, state, sha256,
         size, created_at, updated_at) VALUES (1, 0, ?, 'image/jpeg', 'kept', ?, ?, 1, 1)`,
    ).run(url, sha256(picture), picture.length);
    const asked: string[] = [];
    const carrier = {
      deleteMedia: (mediaUrl: string) => {
        asked.push(mediaUrl);
        return Promise.resolve('deleted' as const);
      },
    } as unknown as Carrier;
    const mediaDir = join(dir.path, 'media');
    const handle = createCarrierCopyHandler({
      db,
      carrier,
      mediaDir,
      now: () => 5,
      logger: silentLogger,
      onMessageChanged: () => {},
    });

    await handle({ messageId: 1, position: 0 }); // no file at all
    mkdirSync(join(mediaDir, sha256(picture).slice(0, 2)), { recursive: true });
    writeFileSync(fileIn(mediaDir, picture), picture.subarray(0, 5));
    await handle({ messageId: 1, position: 0 }); // a short file
    expect(asked).toEqual([]);
    expect(listMessageMedia(db, 1)[0]!.carrierDeletedAt).toBeNull();

    writeFileSync(fileIn(mediaDir, picture), picture);
    await handle({ messageId: 1, position: 0 });
    await handle({ messageId: 1, position: 0 }); // a second run does nothing more
    expect(asked).toEqual([url]);
    expect(listMessageMedia(db, 1)[0]!.carrierDeletedAt).toBe(5);
  });
});

describe('issue 16, done when', () => {
  it('an MMS kept yesterday still shows after its Twilio copy is deleted; export and backup carry the picture', async () => {
    let clock = Date.now() - DAY;
    const { app } = await demoApp({ now: () => clock });
    await invoke(app, 'records:saveSettings', { media: { deleteCarrierCopy: true } });
    const picture = jpeg('the MMS from yesterday');
    const { id } = await keptPicture(app, [picture], CUSTOMER, new Date(clock));
    await messageWhen(app, id, (m) => m.attachments[0]!.carrierCopyDeleted);
    clock = Date.now(); // today

    expect(await carrierStatus(app, id)).toBe(404); // Twilio no longer has it
    const today = await messageWhen(app, id, () => true);
    expect(today.attachments[0]).toMatchObject({ state: 'kept', carrierCopyDeleted: true });
    expect((await served(app, today.attachments[0]!.url!)).bytes).toEqual(picture);

    const folder = makeTempDir();
    cleanups.push(folder.cleanup);
    const started = (await invoke(app, 'export:start', {
      what: 'messages',
      format: 'jsonl',
      folder: folder.path,
      includeMedia: true,
    })) as { exportId: string; path: string };
    await app.events.once('export:progress', (p) => p.exportId === started.exportId && p.done);
    const row = readFileSync(started.path, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { message_id: number; attachments: string[] })
      .find((r) => r.message_id === id)!;
    expect(readFileSync(join(folder.path, row.attachments[0]!))).toEqual(picture);

    const info = await backupNow(app, folder.path);
    expect(info.mediaFiles).toBe(1);
    const fresh = makeTempDir();
    cleanups.push(fresh.cleanup);
    expect(restoreBackup(fresh.path, info.path, Date.now()).outcome.applied).toBe(true);
    const restored = await demoApp({ dataDir: fresh.path });
    const view: MessageView = await messageWhen(restored.app, id, () => true);
    expect((await served(restored.app, view.attachments[0]!.url!)).bytes).toEqual(picture);
  });
});

describe('the media folder kept tidy', () => {
  it('sweeps files nothing names, never a young one or one being written', async () => {
    const { app, dataDir } = await demoApp();
    const named = jpeg('a message names me');
    await keptPicture(app, [named]);
    const mediaDir = join(dataDir, 'media');
    const orphan = jpeg('left behind');
    const young = jpeg('just renamed, its row not committed yet');
    for (const bytes of [orphan, young]) {
      mkdirSync(join(mediaDir, sha256(bytes).slice(0, 2)), { recursive: true });
      writeFileSync(fileIn(mediaDir, bytes), bytes);
    }
    const long = new Date(Date.now() - MEDIA_SWEEP_GRACE_MS - 60_000);
    utimesSync(fileIn(mediaDir, orphan), long, long);
    utimesSync(fileIn(mediaDir, named), long, long);
    const writing = join(mediaDir, 'incoming-0123abcd.part');
    writeFileSync(writing, 'half a download');
    utimesSync(writing, long, long);

    const swept = sweepMediaFolder(app.db, {
      mediaDir,
      graceMs: MEDIA_SWEEP_GRACE_MS,
      fileNow: Date.now(),
    });
    expect(swept).toEqual({ removed: 1, removedBytes: orphan.length });
    expect(existsSync(fileIn(mediaDir, orphan))).toBe(false);
    expect(readFileSync(fileIn(mediaDir, named))).toEqual(named);
    expect(existsSync(fileIn(mediaDir, young))).toBe(true);
    expect(existsSync(writing)).toBe(true);
    expect(readdirSync(mediaDir).sort()).toContain('incoming-0123abcd.part');
  });

  it('runs at the first check after start, then once a day, with the records scheduler', async () => {
    const dir = makeTempDir();
    cleanups.push(dir.cleanup);
    const db = openDatabase(join(dir.path, 'switchboard.db'));
    cleanups.push(() => {
      db.close();
    });
    const mediaDir = join(dir.path, 'media');
    const orphanOf = (text: string) => {
      const bytes = jpeg(text);
      mkdirSync(join(mediaDir, sha256(bytes).slice(0, 2)), { recursive: true });
      writeFileSync(fileIn(mediaDir, bytes), bytes);
      const long = new Date(Date.now() - MEDIA_SWEEP_GRACE_MS - 60_000);
      utimesSync(fileIn(mediaDir, bytes), long, long);
      return fileIn(mediaDir, bytes);
    };
    let clock = Date.now();
    const scheduler = new RecordsScheduler({
      db,
      defaultBackupFolder: join(dir.path, 'backups'),
      mediaDir,
      now: () => clock,
      logger: silentLogger,
    });
    await invokeSettings(db);
    const before = orphanOf('from before the restart');
    await scheduler.runDue();
    expect(existsSync(before)).toBe(false);
    const later = orphanOf('an hour later');
    clock += 3_600_000;
    await scheduler.runDue();
    expect(existsSync(later)).toBe(true); // not due again yet
    clock += 24 * 3_600_000;
    await scheduler.runDue();
    expect(existsSync(later)).toBe(false);
  });
});

/** Backups off: only the tidy-up is due in the scheduler tests. */
async function invokeSettings(db: ReturnType<typeof openDatabase>) {
  const { saveRecordsSettings } = await import('../src/main/core/records/recordsSettings');
  saveRecordsSettings(db, { backups: { enabled: false } }, Date.now());
}
