/**
 * Every inbound attachment kept on the laptop, end to end: the simulator plays Twilio (media URL
 * behind Basic auth, a redirect to storage that refuses credentials), the real webhook stores the
 * MMS, the `media` job downloads it into the data folder, and the console's view and the bridge's
 * `/media/` route show the laptop's copy.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../src/main/core/app';
import { parseCsv } from '../src/main/core/records/csv';
import { MEDIA_CONTENT, startSimulator, type Simulator } from '../src/main/core/simulator';
import { getMessageBySid } from '../src/main/core/store/messages';
import type { MessageView } from '../src/shared/types';
import { messageWhen } from './support/appSignals';
import { startTestApp, liveEnvFor } from './support/testApp';
import { bridgeOver } from './support/bridge';
import { makeTempDir } from './support/tempDir';
import { sqlite } from './support/sqlite';

const CUSTOMER = '+14155550100';
const BUSINESS = '+15005550006';
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
/** A few bytes that are a JPEG as far as anyone serving them is concerned. */
const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('a dented door')]);

describe('inbound media kept on the laptop', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function demoApp() {
    const started = await startTestApp();
    cleanups.push(started.stop);
    return { app: started.app, sim: started.app.simulator!, dataDir: started.dataDir };
  }

  /** The customer's MMS through the simulator and the real webhook; its stored message id. */
  async function textWithMedia(
    app: App,
    media: Array<{ bytes?: Uint8Array; contentType?: string }>,
    body = 'Here is the damage',
  ): Promise<number> {
    const sent = await app.simulator!.textBusiness({ from: CUSTOMER, body, media });
    expect(sent.webhookStatus).toBe(200);
    return getMessageBySid(app.db, sent.sid)!.id;
  }

  const bridgeFor = (app: App) => bridgeOver(app, cleanups);

  const settled = (app: App, messageId: number) =>
    messageWhen(app, messageId, (m) => m.attachments.every((a) => a.state !== 'waiting'));

  it('downloads an MMS picture through the webhook and the media job into the data folder, by its hash', async () => {
    const { app, dataDir } = await demoApp();
    const updates: MessageView[] = [];
    app.events.subscribe((event, payload) => {
      if (event === 'message:updated') updates.push(payload as MessageView);
    });
    const messageId = await textWithMedia(app, [{ bytes: photo, contentType: 'image/jpeg' }]);

    const message = await settled(app, messageId);
    const hash = sha256(photo);
    expect(message.attachments).toEqual([
      {
        position: 0,
        kind: 'image',
        contentType: 'image/jpeg',
        size: photo.length,
        state: 'kept',
        stateText: 'Kept on this computer',
        error: null,
        url: `/media/${hash}`, // the app's own path, never the carrier's URL
        carrierCopyDeleted: false, // the privacy setting is off by default
      },
    ]);
    const file = join(dataDir, 'media', hash.slice(0, 2), hash);
    expect(sha256(readFileSync(file))).toBe(hash);
    // The console heard about it without asking: the picture appears without a reload.
    expect(updates.some((m) => m.id === messageId && m.attachments[0]?.state === 'kept')).toBe(
      true,
    );
    // And the kept state is newer than the message as first stored, so a page of messages read
    // before it and answered after the update cannot put "waiting" back (the console keeps the
    // newer of two copies of a message).
    const kept = updates.find((m) => m.id === messageId && m.attachments[0]?.state === 'kept')!;
    expect(kept.updatedAt).toBeGreaterThan(kept.createdAt);
  });

  it('keeps every item of an MMS, in order, and the demo picture when the customer gave no bytes', async () => {
    const { app } = await demoApp();
    const pdf = Buffer.from('%PDF-1.4 estimate');
    const messageId = await textWithMedia(app, [
      {},
      { bytes: pdf, contentType: 'application/pdf' },
    ]);
    const message = await settled(app, messageId);
    expect(message.attachments.map((a) => [a.position, a.kind, a.contentType, a.state])).toEqual([
      [0, 'image', 'image/png', 'kept'],
      [1, 'document', 'application/pdf', 'kept'],
    ]);
    expect(message.attachments[1]!.url).toBe(`/media/${sha256(pdf)}`);
  });

  it('keeps an attachment when Twilio was unreachable for a while, once it is back', async () => {
    const { app, sim } = await demoApp();
    // The first two tries at the media URL find the carrier gone: each try's connection is
    // dropped twice (fetchMedia repeats a cut GET once at once before the job backs off).
    sim.faults.injectRest({ kind: 'drop', times: 4, match: MEDIA_CONTENT });
    const seen: MessageView[] = [];
    app.events.subscribe((event, payload) => {
      if (event === 'message:updated') seen.push(payload as MessageView);
    });
    const messageId = await textWithMedia(app, [{ bytes: photo, contentType: 'image/jpeg' }]);

    const message = await settled(app, messageId);
    expect(message.attachments[0]).toMatchObject({ state: 'kept', url: `/media/${sha256(photo)}` });
    // Meanwhile the console said it was waiting to try again, not that it was lost.
    const waiting = seen.find((m) => m.id === messageId && m.attachments[0]?.state === 'waiting');
    expect(waiting?.attachments[0]?.stateText).toBe(
      'Not downloaded yet: Switchboard will try again',
    );
    const attempts = sqlite(app.db)
      .prepare(`SELECT attempts FROM jobs WHERE kind = 'media'`)
      .pluck()
      .get() as number;
    expect(attempts).toBe(3);
  });

  it('does not keep an attachment over the channel cap, says so, and leaves no file behind', async () => {
    const { app, dataDir } = await demoApp();
    const huge = Buffer.alloc(5 * 1024 * 1024 + 1, 7); // MMS: 5 MB at most
    const messageId = await textWithMedia(app, [{ bytes: huge, contentType: 'image/jpeg' }]);
    const message = await settled(app, messageId);
    expect(message.attachments[0]).toMatchObject({
      state: 'too-large',
      stateText: 'Too large to keep: it stays on Twilio only',
      url: null,
      size: null,
    });
    expect(message.attachments[0]!.error).toMatch(/larger than 5 MB/);
    const media = join(dataDir, 'media');
    const files = existsSync(media) ? readdirSync(media, { recursive: true }) : [];
    expect(files.filter((name) => String(name).includes('.part'))).toEqual([]);
    expect(files.filter((name) => /[0-9a-f]{64}$/.test(String(name)))).toEqual([]);
  });

  it('says so when Twilio deleted its copy before we could keep ours', async () => {
    const { app, sim } = await demoApp();
    sim.faults.injectRest({ kind: 'notFound', match: MEDIA_CONTENT });
    const messageId = await textWithMedia(app, [{ bytes: photo, contentType: 'image/jpeg' }]);
    const message = await settled(app, messageId);
    expect(message.attachments[0]).toMatchObject({
      state: 'failed',
      stateText: 'Could not be kept',
      url: null,
    });
    expect(message.attachments[0]!.error).toMatch(/no longer on Twilio/);
  });

  it('keeps a type it will not render as a file to save, served as a download that runs nothing', async () => {
    const { app } = await demoApp();
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
    const messageId = await textWithMedia(app, [{ bytes: svg, contentType: 'image/svg+xml' }]);
    const message = await settled(app, messageId);
    expect(message.attachments[0]).toMatchObject({
      state: 'kept',
      kind: 'file', // never a picture: an SVG can carry script
      contentType: 'image/svg+xml',
    });

    const bridge = await bridgeFor(app);
    const url = `http://127.0.0.1:${bridge.port}${message.attachments[0]!.url!}`;
    const answer = await fetch(url, { headers: { authorization: `Bearer ${bridge.token}` } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('image/svg+xml');
    expect(answer.headers.get('content-disposition')).toBe('attachment');
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('content-security-policy')).toContain('sandbox');
    expect(Buffer.from(await answer.arrayBuffer())).toEqual(svg);
  });

  it('serves a kept picture to the console only: the token, or the cookie a command with it set', async () => {
    const { app } = await demoApp();
    const messageId = await textWithMedia(app, [{ bytes: photo, contentType: 'image/jpeg' }]);
    const message = await settled(app, messageId);
    const bridge = await bridgeFor(app);
    const base = `http://127.0.0.1:${bridge.port}`;
    const picture = `${base}${message.attachments[0]!.url!}`;

    expect((await fetch(picture)).status).toBe(401);
    expect((await fetch(picture, { headers: { cookie: 'switchboard_media_1=x' } })).status).toBe(
      401,
    );
    const command = await fetch(`${base}/api/app:info`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bridge.token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    const cookie = command.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/media\//);
    const viaCookie = await fetch(picture, { headers: { cookie: cookie.split(';')[0]! } });
    expect(viaCookie.status).toBe(200);
    expect(viaCookie.headers.get('content-type')).toBe('image/jpeg');
    expect(viaCookie.headers.get('content-disposition')).toBe('inline');
    expect(Buffer.from(await viaCookie.arrayBuffer())).toEqual(photo);
    // Another site's page is refused even with the cookie; an unknown hash or a path is not found.
    const crossSite = await fetch(picture, {
      headers: { cookie: cookie.split(';')[0]!, origin: 'https://evil.example' },
    });
    expect(crossSite.status).toBe(401);
    const auth = { authorization: `Bearer ${bridge.token}` };
    expect((await fetch(`${base}/media/${'0'.repeat(64)}`, { headers: auth })).status).toBe(404);
    expect((await fetch(`${base}/media/..%2Fswitchboard.db`, { headers: auth })).status).toBe(404);
  });
});

describe('inbound media caught up after the app was stopped', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('takes in the MMS and keeps its picture, like one heard through the webhook', async () => {
    const sim: Simulator = await startSimulator({ phoneNumbers: [{ phoneNumber: BUSINESS }] });
    cleanups.push(() => sim.close());
    const data = makeTempDir();
    cleanups.push(data.cleanup);
    const env = liveEnvFor(sim, BUSINESS);
    const first = await startTestApp(env, { skipStartupCatchUp: true }, data.path);
    await first.app.close();
    // Sent while the laptop slept: nobody heard the webhook.
    const missed = await sim.textBusiness({
      from: CUSTOMER,
      body: 'Photo of the receipt',
      media: [{ bytes: photo, contentType: 'image/jpeg' }],
    });
    expect(missed.webhookStatus).toBeNull();

    const again = await startTestApp(env, { skipStartupCatchUp: true }, data.path);
    cleanups.push(() => again.app.close());
    expect(await again.app.catchUp()).toEqual({ inboundTakenIn: 1, statusesRefreshed: 0 });
    const messageId = getMessageBySid(again.app.db, missed.sid)!.id;
    const message = await messageWhen(again.app, messageId, (m) =>
      m.attachments.every((a) => a.state !== 'waiting'),
    );
    expect(message.attachments).toMatchObject([
      { state: 'kept', kind: 'image', url: `/media/${sha256(photo)}` },
    ]);
    const hash = sha256(photo);
    expect(sha256(readFileSync(join(data.path, 'media', hash.slice(0, 2), hash)))).toBe(hash);
  });
});

describe('downloads a crash cut short', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('are removed at the next start, and the pictures already kept stay', async () => {
    const data = makeTempDir();
    cleanups.push(data.cleanup);
    const first = await startTestApp({}, {}, data.path);
    const sent = await first.app.simulator!.textBusiness({
      from: CUSTOMER,
      body: 'Here is the damage',
      media: [{ bytes: photo, contentType: 'image/jpeg' }],
    });
    const messageId = getMessageBySid(first.app.db, sent.sid)!.id;
    await messageWhen(first.app, messageId, (m) => m.attachments.every((a) => a.state === 'kept'));
    await first.app.close();
    // What a crash mid-download leaves: a temporary file at the top of the media folder.
    const mediaDir = join(data.path, 'media');
    writeFileSync(join(mediaDir, 'incoming-0123456789abcdef.part'), 'half a pict');

    const again = await startTestApp({}, {}, data.path);
    cleanups.push(() => again.app.close());
    expect(readdirSync(mediaDir).filter((name) => name.endsWith('.part'))).toEqual([]);
    const hash = sha256(photo);
    expect(sha256(readFileSync(join(mediaDir, hash.slice(0, 2), hash)))).toBe(hash);
    const message = await messageWhen(again.app, messageId, () => true);
    expect(message.attachments).toMatchObject([{ state: 'kept', url: `/media/${hash}` }]);
  });
});

describe('retention and kept attachments', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('deletes the files of messages past retention, but not a picture a newer message shares', async () => {
    const started = await startTestApp();
    cleanups.push(started.stop);
    const { app, dataDir } = started;
    const onlyOld = Buffer.from('the old invoice, photographed');
    const shared = Buffer.from('the shop logo everyone sends back');
    const keptBy = async (from: string, pictures: Buffer[]) => {
      const media = pictures.map((bytes) => ({ bytes, contentType: 'image/jpeg' }));
      const sent = await app.simulator!.textBusiness({ from, body: 'A picture', media });
      const message = getMessageBySid(app.db, sent.sid)!;
      await messageWhen(app, message.id, (m) => m.attachments.every((a) => a.state === 'kept'));
      return message;
    };
    const old = await keptBy(CUSTOMER, [onlyOld, shared]);
    const recent = await keptBy('+14155550111', [shared]);
    // The first customer's conversation went quiet two years ago.
    app.db
      .prepare('UPDATE conversations SET last_activity_at = ? WHERE id = ?')
      .run(Date.now() - 2 * 365 * 86_400_000, old.conversationId);
    const fileOf = (bytes: Buffer) => {
      const hash = sha256(bytes);
      return join(dataDir, 'media', hash.slice(0, 2), hash);
    };
    expect(existsSync(fileOf(onlyOld))).toBe(true);

    const result = await app.operator.invoke('retention:apply', { months: 12 });
    expect(result).toMatchObject({ conversations: 1, messages: 1 });
    expect(existsSync(fileOf(onlyOld))).toBe(false);
    expect(readFileSync(fileOf(shared))).toEqual(shared);
    const still = await messageWhen(app, recent.id, () => true);
    expect(still.attachments).toMatchObject([{ state: 'kept', url: `/media/${sha256(shared)}` }]);
  });
});

describe('exports that carry the kept attachments', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  const exported = async (app: App, request: Record<string, unknown>) => {
    const started = await app.operator.invoke('export:start', request);
    const { exportId, path } = started as { exportId: string; path: string };
    const final = await app.events.once(
      'export:progress',
      (p) => p.exportId === exportId && p.done,
    );
    expect(final.error).toBeNull();
    return path;
  };

  it('copies each kept file once beside the export, and each row names its files by relative path', async () => {
    const started = await startTestApp();
    cleanups.push(started.stop);
    const { app } = started;
    const folder = makeTempDir();
    cleanups.push(folder.cleanup);
    const receipt = Buffer.from('%PDF-1.4 a receipt');
    const ids: number[] = [];
    for (const media of [
      [
        { bytes: photo, contentType: 'image/jpeg' },
        { bytes: receipt, contentType: 'application/pdf' },
      ],
      [{ bytes: photo, contentType: 'image/jpeg' }],
    ]) {
      const sent = await app.simulator!.textBusiness({ from: CUSTOMER, body: 'Look', media });
      const id = getMessageBySid(app.db, sent.sid)!.id;
      await messageWhen(app, id, (m) => m.attachments.every((a) => a.state === 'kept'));
      ids.push(id);
    }
    await app.simulator!.textBusiness({ from: CUSTOMER, body: 'Plain text' });

    // JSON Lines: an array of paths per message.
    const jsonl = await exported(app, {
      what: 'messages',
      format: 'jsonl',
      folder: folder.path,
      includeMedia: true,
    });
    const rows = readFileSync(jsonl, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { message_id: number; attachments: string[] });
    const byId = new Map(rows.map((row) => [row.message_id, row.attachments]));
    expect(byId.get(ids[0]!)).toEqual([
      `media/${sha256(photo)}.jpg`,
      `media/${sha256(receipt)}.pdf`,
    ]);
    expect(byId.get(ids[1]!)).toEqual([`media/${sha256(photo)}.jpg`]);
    expect(rows.filter((row) => row.attachments.length === 0)).toHaveLength(1);
    for (const [path, bytes] of [
      [byId.get(ids[0]!)![0]!, photo],
      [byId.get(ids[0]!)![1]!, receipt],
    ] as const) {
      expect(readFileSync(join(folder.path, path))).toEqual(bytes);
    }
    // Kept once, whatever number of messages share it.
    expect(readdirSync(join(folder.path, 'media')).sort()).toEqual(
      [`${sha256(photo)}.jpg`, `${sha256(receipt)}.pdf`].sort(),
    );

    // CSV: one more column, the paths separated by spaces.
    const csv = await exported(app, {
      what: 'messages',
      format: 'csv',
      folder: folder.path,
      includeMedia: true,
    });
    const [header, ...lines] = parseCsv(readFileSync(csv, 'utf8').replace(/^\uFEFF/, '')).map(
      (r) => r.fields,
    );
    const column = header!.indexOf('attachments');
    expect(column).toBe(header!.length - 1);
    const first = lines.find((fields) => fields[0] === String(ids[0]))!;
    for (const path of first[column]!.split(' '))
      expect(existsSync(join(folder.path, path))).toBe(true);
    expect(first[column]).toBe(`media/${sha256(photo)}.jpg media/${sha256(receipt)}.pdf`);

    // Without the option nothing changes: no column, no folder of files.
    const plainFolder = makeTempDir();
    cleanups.push(plainFolder.cleanup);
    const plain = await exported(app, {
      what: 'messages',
      format: 'csv',
      folder: plainFolder.path,
    });
    expect(readFileSync(plain, 'utf8')).not.toContain('attachments');
    expect(existsSync(join(plainFolder.path, 'media'))).toBe(false);
  });

  it('refuses attachments for anything but messages', async () => {
    const started = await startTestApp();
    cleanups.push(started.stop);
    await expect(
      started.app.operator.invoke('export:start', {
        what: 'conversations',
        format: 'csv',
        includeMedia: true,
      }),
    ).rejects.toThrow('Attachments can go with a messages export only.');
  });
});
