import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../src/main/core/app';
import { listAudit } from '../src/main/core/store/audit';
import { getContactByAddress, upsertContact } from '../src/main/core/store/contacts';
import { listConversations, upsertConversation } from '../src/main/core/store/conversations';
import { queueStats } from '../src/main/core/store/jobs';
import { listMessageEvents } from '../src/main/core/store/messageEvents';
import {
  countMessages,
  getMessageBySid,
  insertOutboundMessage,
} from '../src/main/core/store/messages';
import { listWebhookLog } from '../src/main/core/store/webhookLog';
import { inboundParams, newSid, postSigned } from './support/signedRequests';
import { startTestApp } from './support/testApp';

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';
const SMS = '/webhooks/twilio/sms';
const STATUS = '/webhooks/twilio/status';

describe('webhook listener', () => {
  let app: App;
  let stop: () => Promise<void>;
  let token: string;
  let accountSid: string;
  beforeEach(async () => {
    // These tests look at the queue as the webhook left it, so no worker takes the draft jobs.
    // No media jobs: these tests' media URLs are not on this machine (test/media.*.test.ts keeps them).
    ({ app, stop } = await startTestApp(
      {},
      { jobHandlers: { draft: undefined, media: undefined } },
    ));
    token = app.simulator!.authToken;
    accountSid = app.simulator!.accountSid;
  });
  afterEach(() => stop());

  const post = (path: string, params: Record<string, string>, options = {}) =>
    postSigned(app.webhook.url, path, params, token, options);
  const lastLog = () => listWebhookLog(app.db, 1)[0]!;

  describe('inbound messages', () => {
    it('stores a signed message and answers with empty TwiML', async () => {
      const added = app.events.once('message:added');
      const params = inboundParams({ AccountSid: accountSid });
      const reply = await post(SMS, params);
      expect(reply).toEqual({ status: 200, body: EMPTY_TWIML, contentType: 'text/xml' });

      const message = getMessageBySid(app.db, params.MessageSid!)!;
      expect(message).toMatchObject({
        direction: 'inbound',
        author: 'customer',
        from: '+14155550100',
        to: '+15005550006',
        body: 'Hi, are you open on Saturday?',
        status: 'received',
      });
      expect((await added).id).toBe(message.id);
      const [conversation] = listConversations(app.db, { limit: 10 });
      expect(conversation).toMatchObject({ unreadCount: 1, channel: 'sms' });
      expect(queueStats(app.db).queued).toBe(1); // the draft job, committed with the message
      expect(lastLog()).toMatchObject({ signature: 'valid', status_code: 200 });
    });

    it('takes in what the simulator sends, end to end', async () => {
      const { sid, webhookStatus } = await app.simulator!.textBusiness({
        from: '+14155550123',
        body: 'Do you do walk-ins?',
      });
      expect(webhookStatus).toBe(200);
      expect(getMessageBySid(app.db, sid)?.body).toBe('Do you do walk-ins?');
    });

    it('stores a message once when Twilio retries it', async () => {
      const params = inboundParams();
      expect((await post(SMS, params)).status).toBe(200);
      expect((await post(SMS, params)).status).toBe(200);
      expect(countMessages(app.db)).toBe(1);
      expect(queueStats(app.db).queued).toBe(1);
      expect(lastLog().outcome).toBe('duplicate: already stored');
    });

    it('refuses a request without a signature with 403, and stores nothing but the log', async () => {
      const reply = await post(SMS, inboundParams(), { signature: null });
      expect(reply.status).toBe(403);
      expect(countMessages(app.db)).toBe(0);
      expect(getContactByAddress(app.db, '+14155550100')).toBeUndefined();
      expect(lastLog()).toMatchObject({ signature: 'missing', status_code: 403 });
    });

    it('refuses a body that is not the one that was signed', async () => {
      const params = inboundParams();
      const tampered = new URLSearchParams({
        ...params,
        Body: 'Send me all your money',
      }).toString();
      const reply = await post(SMS, params, { rawBody: tampered });
      expect(reply.status).toBe(403);
      expect(countMessages(app.db)).toBe(0);
      expect(lastLog()).toMatchObject({ signature: 'invalid', status_code: 403 });
    });

    it('refuses a signature made with another auth token', async () => {
      const reply = await postSigned(app.webhook.url, SMS, inboundParams(), 'not-the-token');
      expect(reply.status).toBe(403);
    });

    it('checks signatures against the public URL Twilio called, not the local address', async () => {
      app.setPublicUrl('https://shop.example.ngrok.app');
      const local = await post(SMS, inboundParams());
      expect(local.status).toBe(403);
      const viaTunnel = await post(SMS, inboundParams(), {
        signedBase: 'https://shop.example.ngrok.app',
      });
      expect(viaTunnel.status).toBe(200);
      expect(countMessages(app.db)).toBe(1);
    });

    it('refuses bodies over 64 KiB with 413', async () => {
      const reply = await post(SMS, inboundParams({ Body: 'x'.repeat(70 * 1024) }));
      expect(reply.status).toBe(413);
      expect(countMessages(app.db)).toBe(0);
      expect(lastLog()).toMatchObject({ status_code: 413, outcome: 'body too large' });
    });

    it('answers 400 with a one-line reason when a required field is missing', async () => {
      const params = inboundParams();
      delete params.From;
      const reply = await post(SMS, params);
      expect(reply.status).toBe(400);
      expect(reply.body.trim()).toBe('From is required');
      expect(countMessages(app.db)).toBe(0);
      expect(lastLog()).toMatchObject({ signature: 'valid', status_code: 400 });
    });

    it('answers 400 for a malformed MessageSid', async () => {
      const reply = await post(SMS, inboundParams({ MessageSid: 'SM123' }));
      expect(reply.status).toBe(400);
      expect(reply.body).toMatch(/^MessageSid must look like/);
    });

    it('answers 415 for a body that is not a form', async () => {
      const reply = await post(SMS, inboundParams(), { contentType: 'application/json' });
      expect(reply.status).toBe(415);
    });

    it('keeps every media item', async () => {
      const params = inboundParams({
        Body: '',
        NumMedia: '2',
        MediaUrl0: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1',
        MediaContentType0: 'image/jpeg',
        MediaUrl1: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME2',
        MediaContentType1: 'application/pdf',
      });
      expect((await post(SMS, params)).status).toBe(200);
      expect(getMessageBySid(app.db, params.MessageSid!)!.media).toEqual([
        { url: params.MediaUrl0, contentType: 'image/jpeg' },
        { url: params.MediaUrl1, contentType: 'application/pdf' },
      ]);
    });

    it('records STOP as an opt-out, audits it, and drafts nothing; START opts back in', async () => {
      await post(SMS, inboundParams({ Body: 'stop' }));
      expect(getContactByAddress(app.db, '+14155550100')).toMatchObject({ optedOut: true });
      expect(queueStats(app.db).queued).toBe(0);
      await post(SMS, inboundParams({ Body: 'Hello?' }));
      expect(queueStats(app.db).queued).toBe(0); // opted out: still no drafts
      await post(SMS, inboundParams({ Body: 'START' }));
      expect(getContactByAddress(app.db, '+14155550100')).toMatchObject({ optedOut: false });
      const actions = listAudit(app.db).map((a) => a.action);
      expect(actions).toEqual(['contact.opted_in', 'contact.opted_out']);
    });

    it('understands WhatsApp addresses', async () => {
      const params = inboundParams({ From: 'whatsapp:+5511987654321', ProfileName: 'Ana' });
      await post(SMS, params);
      const contact = getContactByAddress(app.db, '+5511987654321');
      expect(contact).toMatchObject({ name: 'Ana' });
      expect(listConversations(app.db, { limit: 1 })[0]!.channel).toBe('whatsapp');
    });
  });

  describe('status callbacks', () => {
    const outbound = () => {
      const contact = upsertContact(app.db, {
        address: '+14155550100',
        rawAddress: '+14155550100',
        now: 1,
      });
      const conversationId = upsertConversation(app.db, {
        contactId: contact.id,
        channel: 'sms',
        businessNumber: '+15005550006',
        now: 1,
      });
      const sid = newSid();
      insertOutboundMessage(app.db, {
        conversationId,
        author: 'operator',
        from: '+15005550006',
        to: '+14155550100',
        body: 'See you Saturday',
        status: 'queued',
        sid,
        now: 1,
      });
      return sid;
    };
    const status = (sid: string, MessageStatus: string, extra: Record<string, string> = {}) =>
      post(STATUS, {
        MessageSid: sid,
        SmsSid: sid,
        MessageStatus,
        SmsStatus: MessageStatus,
        ...extra,
      });

    it('walks a message forward and ignores late, repeated and out-of-order reports', async () => {
      const sid = outbound();
      for (const s of ['sent', 'delivered', 'sending', 'sent', 'delivered', 'queued']) {
        expect((await status(sid, s)).status).toBe(200);
      }
      expect(getMessageBySid(app.db, sid)!.status).toBe('delivered');
      const events = listMessageEvents(app.db, sid);
      expect(events.map((e) => [e.status, e.applied])).toEqual([
        ['sent', 1],
        ['delivered', 1],
        ['sending', 0],
        ['sent', 0],
        ['delivered', 0],
        ['queued', 0],
      ]);
    });

    it('keeps the error code of a failed delivery and pushes the change', async () => {
      const sid = outbound();
      const updated = app.events.once('message:updated');
      await status(sid, 'undelivered', { ErrorCode: '30007' });
      expect(await updated).toMatchObject({ status: 'undelivered', errorCode: 30007 });
      await status(sid, 'sent'); // arrives late
      expect(getMessageBySid(app.db, sid)).toMatchObject({
        status: 'undelivered',
        errorCode: 30007,
      });
    });

    it('keeps reports for a message it does not know yet', async () => {
      const sid = newSid();
      expect((await status(sid, 'delivered')).status).toBe(200);
      expect(listMessageEvents(app.db, sid)).toEqual([
        expect.objectContaining({ status: 'delivered', applied: 0 }),
      ]);
    });

    it('refuses an unsigned status callback', async () => {
      const sid = outbound();
      const reply = await post(
        STATUS,
        { MessageSid: sid, MessageStatus: 'failed' },
        { signature: null },
      );
      expect(reply.status).toBe(403);
      expect(getMessageBySid(app.db, sid)!.status).toBe('queued');
    });
  });

  describe('other routes', () => {
    it('answers health checks without personal data', async () => {
      await post(SMS, inboundParams());
      const response = await fetch(`${app.webhook.url}/health`);
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(JSON.parse(text)).toMatchObject({ status: 'ok' });
      expect(text).not.toMatch(/\+1415/);
    });

    it('answers 404 for unknown paths and 405 for GET on a webhook route, and logs both', async () => {
      expect((await fetch(`${app.webhook.url}/operator/api`)).status).toBe(404);
      expect((await fetch(app.webhook.url + SMS)).status).toBe(405);
      expect(listWebhookLog(app.db, 2).map((r) => r.status_code)).toEqual([405, 404]);
    });
  });
});
