/**
 * The operator sends a picture, end to end in demo mode: the console's upload through the
 * serve-mode bridge (token, size cap while streaming, type from the bytes), the composer's staged
 * attachment kept on the laptop, the send with it, the simulator fetching `MediaUrl` from the
 * webhook listener's `/media-out/<token>` like Twilio does, and the link closing after.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../src/main/core/app';
import { createRootLogger, silentLogger } from '../src/main/core/log';
import {
  MEDIA_LINK_TTL_MS,
  mediaOutLookup,
  mintMediaLinks,
} from '../src/main/core/messaging/outboundMedia';
import { startOperatorBridge } from '../src/main/core/operator/httpBridge';
import { MESSAGES_CREATE, startSimulator } from '../src/main/core/simulator';
import { getMessageBySid } from '../src/main/core/store/messages';
import type {
  AttachmentLimits,
  MessageView,
  PreSendReport,
  StagedAttachment,
} from '../src/shared/types';
import { invoke, messageWhen } from './support/appSignals';
import { liveEnvFor, startTestApp } from './support/testApp';
import { bridgeOver } from './support/bridge';
import { makeTempDir } from './support/tempDir';

const CUSTOMER = '+14155550100';
const BUSINESS = '+15005550006';
const MB = 1024 * 1024;
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
/** The first bytes of a real JPEG (SOI + APP0 JFIF), then a body. */
const jpeg = (body = 'the quote for the blue door') =>
  Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46]), Buffer.from(body)]);
const pdf = Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n');
const gif = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');

describe('sending pictures (demo mode)', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function demoApp(dataDir?: string) {
    const started = await startTestApp({}, {}, dataDir);
    cleanups.push(started.stop);
    return started;
  }

  const bridgeFor = (app: App) => bridgeOver(app, cleanups);

  /** A conversation the customer started (by SMS, or on WhatsApp). */
  async function conversationWith(app: App, channel: 'sms' | 'whatsapp' = 'sms') {
    const sent = await app.simulator!.textBusiness({
      from: channel === 'whatsapp' ? `whatsapp:${CUSTOMER}` : CUSTOMER,
      body: 'Can you send me the quote?',
    });
    return getMessageBySid(app.db, sent.sid)!.conversationId;
  }

  /** What the console does: POST the file's bytes with the token. */
  async function upload(
    bridge: { port: number; token: string },
    conversationId: number,
    bytes: Uint8Array,
    token = bridge.token,
  ) {
    const response = await fetch(`http://127.0.0.1:${bridge.port}/upload/${conversationId}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'image/jpeg' },
      body: bytes,
    });
    return { status: response.status, body: (await response.json()) as StagedAttachment & { message?: string } }; // prettier-ignore
  }

  const delivered = (app: App, messageId: number) =>
    messageWhen(app, messageId, (m) => m.status === 'delivered');

  async function sendPicture(app: App, conversationId: number, attachmentIds: number[]) {
    const { messageId } = await invoke<{ messageId: number }>(app, 'messages:send', {
      conversationId,
      body: 'Here is the quote',
      attachmentIds,
    });
    return messageId;
  }

  it('uploads a picture, sends it, and the carrier fetches the same bytes through a token link that then closes', async () => {
    const { app } = await demoApp();
    const bridge = await bridgeFor(app);
    const conversationId = await conversationWith(app);
    const picture = jpeg();

    const staged = await upload(bridge, conversationId, picture);
    expect(staged.status).toBe(200);
    expect(staged.body).toMatchObject({ kind: 'image', contentType: 'image/jpeg', size: picture.length, url: `/media/${sha256(picture)}` }); // prettier-ignore
    // Its preview is the laptop's copy, served like a kept attachment.
    const preview = await fetch(`http://127.0.0.1:${bridge.port}${staged.body.url}`, {
      headers: { Authorization: `Bearer ${bridge.token}` },
    });
    expect(Buffer.from(await preview.arrayBuffer())).toEqual(picture);

    // The meter: an SMS conversation with a picture is an MMS, billed per message.
    const report = await invoke<PreSendReport>(app, 'messages:check', {
      conversationId,
      body: 'Here is the quote',
      attachmentIds: [staged.body.id],
    });
    expect(report.verdict).toBe('ok');
    expect(report.media).toMatchObject({ count: 1, totalBytes: picture.length, mms: true });
    expect(report.media!.notice).toMatch(/MMS.*1 MMS message.*not per segment.*US and Canadian/s);

    const messageId = await sendPicture(app, conversationId, [staged.body.id]);
    const message = await delivered(app, messageId);
    expect(message.attachments).toEqual([
      expect.objectContaining({ state: 'kept', kind: 'image', url: `/media/${sha256(picture)}` }),
    ]);
    // It left the composer.
    const after = await invoke<{ attachments: StagedAttachment[] }>(app, 'attachments:list', { conversationId }); // prettier-ignore
    expect(after.attachments).toEqual([]);

    const carrierCopy = app.simulator!.messages().find((m) => m.sid === message.sid)!;
    const link = carrierCopy.media[0]!.url;
    expect(link).toMatch(new RegExp(`^${app.webhook.url}/media-out/[A-Za-z0-9_-]{43}$`));
    expect(app.simulator!.fetchedMedia(message.sid!)).toEqual([
      { bytes: picture, contentType: 'image/jpeg' },
    ]);

    // Delivered: the link is closed, and the refusal kept no token.
    expect((await fetch(link)).status).toBe(404);
    const token = link.split('/').at(-1)!;
    const logged = JSON.stringify(app.db.prepare('SELECT * FROM webhook_log').all());
    expect(logged).toContain('/media-out/…');
    expect(logged).not.toContain(token);
    // Nothing else of the listener lists or serves files.
    expect((await fetch(`${app.webhook.url}/media-out/`)).status).toBe(404);
    expect((await fetch(`${app.webhook.url}/media-out/${sha256(picture)}`)).status).toBe(404);
  });

  it('keeps the links out of every file it writes: the log (at trace), the database, the media folder', async () => {
    const data = makeTempDir();
    cleanups.push(data.cleanup);
    const logFile = join(data.path, 'logs', 'switchboard.log');
    const logger = createRootLogger({ level: 'trace', file: logFile });
    const started = await startTestApp({ SWITCHBOARD_LOG_LEVEL: 'trace' }, { logger }, data.path);
    let stopped = false;
    cleanups.push(() => (stopped ? undefined : started.stop()));
    const { app } = started;
    const bridge = await bridgeFor(app);
    const conversationId = await conversationWith(app);
    const staged = await upload(bridge, conversationId, jpeg('logged?'));
    const messageId = await sendPicture(app, conversationId, [staged.body.id]);
    const { sid } = await delivered(app, messageId);
    const link = app.simulator!.messages().find((m) => m.sid === sid)!.media[0]!.url;
    expect((await fetch(link)).status).toBe(404); // closed: the refusal is recorded too
    await bridge.close();
    await started.stop();
    stopped = true;
    logger.flush();

    const token = link.split('/').at(-1)!;
    const files = filesUnder(data.path);
    for (const file of files) {
      expect(readFileSync(file).includes(Buffer.from(token)), `the link's token in ${file}`).toBe(false); // prettier-ignore
    }
    // Not vacuous: the log saw the fetch, by message id.
    expect(readFileSync(logFile, 'utf8')).toMatch(/attachment fetched by the carrier/);
  });

  it('a link opens only its own message’s attachment, and closes when its time is up', async () => {
    const { app, dataDir } = await demoApp();
    const bridge = await bridgeFor(app);
    const conversationId = await conversationWith(app);
    // Two messages queued but never sent (scheduled far ahead), each with its own picture.
    const first = await upload(bridge, conversationId, jpeg('first'));
    const second = await upload(bridge, conversationId, jpeg('second'));
    const later = Date.now() + 86_400_000;
    const schedule = (id: number) =>
      invoke<{ messageId: number }>(app, 'messages:schedule', { conversationId, body: '', sendAt: later, attachmentIds: [id] }); // prettier-ignore
    const a = (await schedule(first.body.id)).messageId;
    const b = (await schedule(second.body.id)).messageId;
    const now = Date.now();
    const [linkA] = mintMediaLinks(app.db, { messageId: a, count: 1, baseUrl: '', now });
    const [linkB] = mintMediaLinks(app.db, { messageId: b, count: 1, baseUrl: '', now });
    const tokenOf = (link: string | undefined) => link!.slice('/media-out/'.length);

    const lookup = (at: number) =>
      mediaOutLookup({ db: app.db, mediaDir: `${dataDir}/media`, now: () => at });
    expect(lookup(now)(tokenOf(linkA))?.messageId).toBe(a);
    expect(lookup(now)(tokenOf(linkB))?.messageId).toBe(b);
    // The listener serves each link its own bytes, and nothing for a made-up token.
    const fetched = await fetch(`${app.webhook.url}${linkA}`);
    expect(Buffer.from(await fetched.arrayBuffer())).toEqual(jpeg('first'));
    expect((await fetch(`${app.webhook.url}/media-out/${'A'.repeat(43)}`)).status).toBe(404);
    // A new attempt's link replaces the old one.
    const [newA] = mintMediaLinks(app.db, { messageId: a, count: 1, baseUrl: '', now });
    expect(lookup(now)(tokenOf(linkA))).toBeUndefined();
    expect(lookup(now)(tokenOf(newA))?.messageId).toBe(a);
    // Expired.
    expect(lookup(now + MEDIA_LINK_TTL_MS + 1)(tokenOf(newA))).toBeUndefined();
  });

  it('the listener refuses a link once its time is up (the app’s clock)', async () => {
    let clock = Date.now();
    const started = await startTestApp({}, { now: () => clock });
    cleanups.push(started.stop);
    const { app } = started;
    const bridge = await bridgeFor(app);
    const conversationId = await conversationWith(app);
    const staged = await upload(bridge, conversationId, jpeg('expiring'));
    const { messageId } = await invoke<{ messageId: number }>(app, 'messages:schedule', { conversationId, body: '', sendAt: clock + 86_400_000, attachmentIds: [staged.body.id] }); // prettier-ignore
    const [link] = mintMediaLinks(app.db, { messageId, count: 1, baseUrl: app.webhook.url, now: clock }); // prettier-ignore
    expect((await fetch(link!)).status).toBe(200);
    expect((await fetch(link!, { method: 'POST' })).status).toBe(405);
    clock += MEDIA_LINK_TTL_MS;
    expect((await fetch(link!)).status).toBe(404);
  });

  it('refuses a file that is too large or not a picture, in the bridge and in the core', async () => {
    const { app, dataDir } = await demoApp();
    const bridge = await bridgeFor(app);
    const sms = await conversationWith(app);

    const tooLarge = await upload(bridge, sms, jpeg('x'.repeat(5 * MB + 1)));
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.body.message).toMatch(
      /JPEG picture is 5 MB; SMS takes at most 5 MB|larger than SMS takes/,
    );
    const html = await upload(bridge, sms, Buffer.from('<html><script>alert(1)</script></html>'));
    expect(html.status).toBe(400);
    expect(html.body.message).toMatch(
      /^That file is not a picture or a PDF Switchboard can send on SMS: attach a JPEG picture, a PNG picture, a GIF picture or a PDF instead\.$/,
    );
    // Named .jpg or not, what counts is the bytes; without the token nothing is taken.
    expect((await upload(bridge, sms, jpeg(), 'wrong')).status).toBe(401);
    const listed = await invoke<{ attachments: StagedAttachment[]; limits: AttachmentLimits }>(app, 'attachments:list', { conversationId: sms }); // prettier-ignore
    expect(listed.attachments).toEqual([]);
    expect(listed.limits).toMatchObject({ maxItems: 10, maxTotalBytes: 5 * MB });

    // WhatsApp takes no GIF; a PDF is fine.
    const whatsapp = await conversationWith(app, 'whatsapp');
    const refusedGif = await upload(bridge, whatsapp, gif);
    expect(refusedGif.body.message).toMatch(/WhatsApp cannot carry this kind of file/);
    // What is refused leaves no file behind.
    const mediaFile = (bytes: Buffer) => join(dataDir, 'media', sha256(bytes).slice(0, 2), sha256(bytes)); // prettier-ignore
    expect(existsSync(mediaFile(gif))).toBe(false);
    expect((await upload(bridge, whatsapp, pdf)).body.kind).toBe('document');

    // The core's own word on a send: eleven pictures are more than one MMS carries.
    const ids: number[] = [];
    for (let i = 0; i < 11; i += 1) ids.push((await upload(bridge, sms, jpeg(`p${i}`))).body.id);
    await expect(sendPicture(app, sms, ids)).rejects.toMatchObject({ kind: 'invalid' });
    const report = await invoke<PreSendReport>(app, 'messages:check', { conversationId: sms, body: '', attachmentIds: ids.slice(0, 10).concat(ids[10]!) }).catch((e: unknown) => e); // prettier-ignore
    expect(report).toMatchObject({ kind: 'invalid' });
    const ten = await invoke<PreSendReport>(app, 'messages:check', { conversationId: sms, body: '', attachmentIds: ids.slice(0, 10) }); // prettier-ignore
    expect(ten.verdict).toBe('ok'); // a picture may go without text
    // An attachment removed meanwhile is not sent silently without it; its file goes with it.
    expect(existsSync(mediaFile(jpeg('p0')))).toBe(true);
    await invoke(app, 'attachments:remove', { conversationId: sms, attachmentId: ids[0] });
    expect(existsSync(mediaFile(jpeg('p0')))).toBe(false);
    await expect(sendPicture(app, sms, [ids[0]!])).rejects.toThrow(/no longer there/);
  });

  it('sends a PDF on WhatsApp: one message, fetched through its link, then read', async () => {
    const { app } = await demoApp();
    const bridge = await bridgeFor(app);
    const conversationId = await conversationWith(app, 'whatsapp');
    const staged = await upload(bridge, conversationId, pdf);
    const report = await invoke<PreSendReport>(app, 'messages:check', { conversationId, body: '', attachmentIds: [staged.body.id] }); // prettier-ignore
    expect(report.media).toMatchObject({ mms: false, notice: 'The attachment and the text go as one WhatsApp message.' }); // prettier-ignore
    const { messageId } = await invoke<{ messageId: number }>(app, 'messages:send', { conversationId, body: '', attachmentIds: [staged.body.id] }); // prettier-ignore
    const read = await messageWhen(app, messageId, (m) => m.status === 'read');
    expect(read.attachments).toEqual([expect.objectContaining({ kind: 'document', contentType: 'application/pdf' })]); // prettier-ignore
    expect(app.simulator!.fetchedMedia(read.sid!)).toEqual([{ bytes: pdf, contentType: 'application/pdf' }]); // prettier-ignore
  });

  it('a send retried after a carrier failure still carries the picture', async () => {
    const { app } = await demoApp();
    const bridge = await bridgeFor(app);
    const conversationId = await conversationWith(app);
    const picture = jpeg('retried');
    const staged = await upload(bridge, conversationId, picture);
    // Twilio answers 500 once: the send job tries again with new links.
    app.simulator!.faults.injectRest({ kind: 'serverError', match: MESSAGES_CREATE });
    const messageId = await sendPicture(app, conversationId, [staged.body.id]);
    const message = await delivered(app, messageId);
    expect(message.sendAttempts).toBe(2);
    expect(app.simulator!.fetchedMedia(message.sid!)).toEqual([{ bytes: picture, contentType: 'image/jpeg' }]); // prettier-ignore

    // Delivered nowhere (the carrier's 30007), then Retry by hand: a new message, same picture.
    const filtered = await startTestApp({}, {});
    cleanups.push(filtered.stop);
    const other = filtered.app;
    const sent = await other.simulator!.textBusiness({ from: '+15005530007', body: 'Quote?' });
    const otherConversation = getMessageBySid(other.db, sent.sid)!.conversationId;
    const otherBridge = await bridgeFor(other);
    const photo = await upload(otherBridge, otherConversation, picture);
    const first = await sendPicture(other, otherConversation, [photo.body.id]);
    await messageWhen(other, first, (m) => m.status === 'undelivered');
    const { messageId: again } = await invoke<{ messageId: number }>(other, 'messages:retry', { messageId: first }); // prettier-ignore
    const resent: MessageView = await messageWhen(other, again, (m) => m.sid !== null);
    expect(resent.attachments).toEqual([expect.objectContaining({ state: 'kept', url: `/media/${sha256(picture)}` })]); // prettier-ignore
    await other.simulator!.statusWalkDone(resent.sid!);
    expect(other.simulator!.fetchedMedia(resent.sid!)).toEqual([{ bytes: picture, contentType: 'image/jpeg' }]); // prettier-ignore
  });

  it('keeps an attachment across a restart between upload and send', async () => {
    const data = makeTempDir();
    cleanups.push(data.cleanup);
    const first = await startTestApp({}, {}, data.path);
    const bridge = await startOperatorBridge({ service: first.app.operator, port: 0, staticDir: data.path, logger: silentLogger, media: first.app.media, uploads: first.app.attachments }); // prettier-ignore
    const conversationId = await conversationWith(first.app);
    const picture = jpeg('before the restart');
    const staged = await upload(bridge, conversationId, picture);
    await bridge.close();
    await first.app.close();

    const { app } = await demoApp(data.path);
    const listed = await invoke<{ attachments: StagedAttachment[] }>(app, 'attachments:list', { conversationId }); // prettier-ignore
    expect(listed.attachments).toEqual([staged.body]);
    const messageId = await sendPicture(app, conversationId, [staged.body.id]);
    const message = await delivered(app, messageId);
    expect(app.simulator!.fetchedMedia(message.sid!)).toEqual([{ bytes: picture, contentType: 'image/jpeg' }]); // prettier-ignore
  });

  it('live without a public address: the core refuses a picture and says what to do', async () => {
    const sim = await startSimulator({ callbackDelayMs: 5 });
    cleanups.push(() => sim.close());
    const { app } = await startTestApp(liveEnvFor(sim, BUSINESS)).then((started) => {
      cleanups.push(started.stop);
      return started;
    });
    const bridge = await bridgeFor(app);
    sim.configureNumber(BUSINESS, { smsUrl: `${app.webhook.url}/webhooks/twilio/sms` });
    const sent = await sim.textBusiness({ from: CUSTOMER, body: 'Photo please', to: BUSINESS });
    const conversationId = getMessageBySid(app.db, sent.sid)!.conversationId;
    const staged = await upload(bridge, conversationId, jpeg());
    await expect(sendPicture(app, conversationId, [staged.body.id])).rejects.toThrow(
      /public address.*Settings → Go live.*tunnel/,
    );
  });
});

describe('the simulated carrier fetches MediaUrl like Twilio', () => {
  it('fails the message with 11200, 12300 or 11751 when the fetch goes wrong', async () => {
    const { createServer } = await import('node:http');
    const served = createServer((req, res) => {
      if (req.url === '/gone') return res.writeHead(404).end();
      if (req.url === '/page')
        return res.writeHead(200, { 'content-type': 'text/html' }).end('<p>');
      res.writeHead(200, { 'content-type': 'image/jpeg' }).end(Buffer.alloc(5 * MB + 1, 1));
    });
    await new Promise<void>((resolve) => served.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(served.address() as { port: number }).port}`;
    const sim = await startSimulator({ callbackDelayMs: 1 });
    const { createTwilioClient } = await import('../src/main/core/carriers/twilioSdk');
    const client = createTwilioClient({ accountSid: sim.accountSid, authToken: sim.authToken, apiBaseUrl: sim.url }); // prettier-ignore
    try {
      const outcome = async (path: string) => {
        const created = await client.messages.create({ to: CUSTOMER, from: BUSINESS, body: 'x', mediaUrl: [base + path] }); // prettier-ignore
        await sim.statusWalkDone(created.sid);
        const stored = sim.messages().find((m) => m.sid === created.sid)!;
        return { status: stored.status, errorCode: stored.errorCode };
      };
      expect(await outcome('/gone')).toEqual({ status: 'failed', errorCode: 11200 });
      expect(await outcome('/page')).toEqual({ status: 'failed', errorCode: 12300 });
      expect(await outcome('/huge')).toEqual({ status: 'failed', errorCode: 11751 });
    } finally {
      await sim.close();
      served.close();
    }
  });
});
