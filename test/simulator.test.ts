import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  RestException,
  createTwilioClient,
  type TwilioClient,
} from '../src/main/core/carriers/twilioSdk';
import {
  MEDIA_CONTENT,
  MESSAGES_CREATE,
  WHATSAPP_SANDBOX_SENDER,
  startSimulator,
  type Simulator,
  type SimulatorOptions,
} from '../src/main/core/simulator';
import { startSimReceiver, type ReceivedRequest, type SimReceiver } from './support/simReceiver';

const BUSINESS = '+15005550006';
const CUSTOMER = '+15551230001';
const OTHER_CUSTOMER = '+15551230002';

interface Harness {
  sim: Simulator;
  receiver: SimReceiver;
  client: TwilioClient;
}

/** Each test gets its own simulator, receiver and ports; both close when the test ends. */
async function setup(options: SimulatorOptions = {}, timeoutMs?: number): Promise<Harness> {
  const sim = await startSimulator({ callbackDelayMs: 5, ...options });
  onTestFinished(() => sim.close());
  const receiver = await startSimReceiver(sim.authToken);
  onTestFinished(() => receiver.close());
  const client = createTwilioClient({
    accountSid: sim.accountSid,
    authToken: sim.authToken,
    apiBaseUrl: sim.url,
    ...(timeoutMs ? { timeoutMs } : {}),
  });
  return { sim, receiver, client };
}

const callbacksFor = (all: ReceivedRequest[], sid: string): ReceivedRequest[] =>
  all.filter((r) => r.path === '/status' && r.params.MessageSid === sid);
const statusesFor = (all: ReceivedRequest[], sid: string): string[] =>
  callbacksFor(all, sid).map((r) => r.params.MessageStatus ?? '');

function basicAuth(sim: Simulator, token = sim.authToken): string {
  return `Basic ${Buffer.from(`${sim.accountSid}:${token}`).toString('base64')}`;
}

describe('simulator REST API through the real twilio SDK', () => {
  it('fetches the account', async () => {
    const { sim, client } = await setup();
    const account = await client.api.v2010.accounts(sim.accountSid).fetch();
    expect(account.sid).toBe(sim.accountSid);
    expect(account.status).toBe('active');
    expect(account.dateCreated).toBeInstanceOf(Date);
  });

  it('creates and fetches a message with Twilio-shaped JSON', async () => {
    const { sim, client } = await setup({ callbackDelayMs: 60_000 });
    const created = await client.messages.create({ to: CUSTOMER, from: BUSINESS, body: 'Hello' });
    expect(created.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(created).toMatchObject({
      accountSid: sim.accountSid,
      apiVersion: '2010-04-01',
      body: 'Hello',
      direction: 'outbound-api',
      from: BUSINESS,
      to: CUSTOMER,
      status: 'queued',
      numSegments: '1',
      numMedia: '0',
      price: null,
      priceUnit: 'USD',
      errorCode: null,
      dateSent: null,
      uri: `/2010-04-01/Accounts/${sim.accountSid}/Messages/${created.sid}.json`,
    });
    expect(created.dateCreated).toBeInstanceOf(Date);
    expect(created.subresourceUris.media).toContain(`/Messages/${created.sid}/Media.json`);

    const fetched = await client.messages(created.sid).fetch();
    expect(fetched.sid).toBe(created.sid);
    expect(fetched.body).toBe('Hello');

    // The raw JSON keeps Twilio's RFC 2822 dates and string counts.
    const raw = await fetch(`${sim.url}${created.uri}`, {
      headers: { Authorization: basicAuth(sim) },
    });
    const json = (await raw.json()) as Record<string, unknown>;
    expect(json.date_created).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
    expect(json.num_segments).toBe('1');

    await expect(client.messages(`SM${'0'.repeat(32)}`).fetch()).rejects.toMatchObject({
      status: 404,
      code: 20404,
    });
  });

  it('counts segments (GSM-7 vs UCS-2), marks media messages MM, and accepts a Messaging Service', async () => {
    const { client } = await setup({ callbackDelayMs: 60_000 });
    const long = await client.messages.create({
      to: CUSTOMER,
      from: BUSINESS,
      body: 'a'.repeat(161),
    });
    expect(long.numSegments).toBe('2');
    const emoji = await client.messages.create({
      to: CUSTOMER,
      from: BUSINESS,
      body: `${'b'.repeat(69)}🙂`,
    });
    expect(emoji.numSegments).toBe('2');
    const mms = await client.messages.create({
      to: CUSTOMER,
      from: BUSINESS,
      mediaUrl: ['https://example.com/a.jpg', 'https://example.com/b.jpg'],
    });
    expect(mms.sid).toMatch(/^MM[0-9a-f]{32}$/);
    expect(mms.numMedia).toBe('2');
    const service = await client.messages.create({
      to: CUSTOMER,
      messagingServiceSid: `MG${'a'.repeat(32)}`,
      body: 'via service',
    });
    expect(service.status).toBe('accepted');
    expect(service.messagingServiceSid).toBe(`MG${'a'.repeat(32)}`);
  });

  it('lists messages newest first, with paging the SDK follows and Twilio filters', async () => {
    // No walk during this test: statuses stay put and ordering is by creation.
    const { sim, client } = await setup({ callbackDelayMs: 60_000 });
    const toCustomer: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      toCustomer.push(
        (await client.messages.create({ to: CUSTOMER, from: BUSINESS, body: `m${i}` })).sid,
      );
    }
    for (let i = 0; i < 2; i += 1) {
      await client.messages.create({ to: OTHER_CUSTOMER, from: BUSINESS, body: `o${i}` });
    }
    const old = await sim.textBusiness({
      from: CUSTOMER,
      body: 'from 2020',
      at: new Date('2020-01-15T10:00:00Z'),
      deliverWebhook: false,
    });

    const page1 = await client.messages.page({ to: CUSTOMER, pageSize: 2 });
    expect(page1.instances.map((m) => m.sid)).toEqual(toCustomer.slice(-2).reverse());
    expect(page1.nextPageUrl).toContain('PageToken=PA');
    const page2 = await page1.nextPage();
    expect(page2?.instances.map((m) => m.sid)).toEqual(toCustomer.slice(1, 3).reverse());
    const page3 = await page2?.nextPage();
    expect(page3?.instances.map((m) => m.sid)).toEqual([toCustomer[0]]);
    expect(page3?.nextPageUrl).toBeUndefined();

    const all = await client.messages.list({ to: CUSTOMER, pageSize: 2 });
    expect(all.map((m) => m.sid)).toEqual([...toCustomer].reverse());

    const seen: string[] = [];
    await new Promise<void>((resolve, reject) =>
      client.messages.each(
        { from: BUSINESS, pageSize: 3, done: (err?: Error) => (err ? reject(err) : resolve()) },
        (m) => {
          seen.push(m.sid);
        },
      ),
    );
    expect(seen).toHaveLength(7);

    expect(await client.messages.list({ to: BUSINESS })).toHaveLength(1);
    const oneDay = await client.messages.list({ dateSent: new Date('2020-01-15T00:00:00Z') });
    expect(oneDay.map((m) => m.sid)).toEqual([old.sid]);
    const before2021 = await client.messages.list({
      dateSentBefore: new Date('2021-01-01T00:00:00Z'),
    });
    expect(before2021.map((m) => m.sid)).toEqual([old.sid]);
    const recent = await client.messages.list({ dateSentAfter: new Date(Date.now() - 60_000) });
    expect(recent).toHaveLength(7);
    expect(await client.messages.list({ dateSentAfter: new Date(Date.now() + 60_000) })).toEqual(
      [],
    );
  });

  it('lists and updates incoming phone numbers', async () => {
    const { sim, receiver, client } = await setup({
      phoneNumbers: [
        { phoneNumber: BUSINESS },
        { phoneNumber: '+15005550010', friendlyName: 'Second' },
      ],
    });
    const numbers = await client.incomingPhoneNumbers.list();
    expect(numbers.map((n) => n.phoneNumber)).toEqual([BUSINESS, '+15005550010']);
    expect(numbers[1]?.friendlyName).toBe('Second');
    const [main] = await client.incomingPhoneNumbers.list({ phoneNumber: BUSINESS });
    expect(main?.sid).toMatch(/^PN[0-9a-f]{32}$/);
    expect(main?.friendlyName).toBe('(500) 555-0006');
    expect(main?.smsUrl).toBe('');

    const updated = await client.incomingPhoneNumbers(main?.sid ?? '').update({
      smsUrl: `${receiver.url}/sms`,
      smsMethod: 'POST',
      statusCallback: `${receiver.url}/status`,
    });
    expect(updated.smsUrl).toBe(`${receiver.url}/sms`);
    expect(updated.statusCallback).toBe(`${receiver.url}/status`);

    // The new SMS URL receives inbound; the number's status callback serves sends without one.
    const inbound = await sim.textBusiness({ from: CUSTOMER, body: 'hi' });
    expect(inbound.webhookStatus).toBe(200);
    const sent = await client.messages.create({ to: CUSTOMER, from: BUSINESS, body: 'ok' });
    await receiver.waitFor((all) => statusesFor(all, sent.sid).includes('delivered'));

    await expect(
      client.incomingPhoneNumbers(`PN${'0'.repeat(32)}`).update({ smsUrl: receiver.url }),
    ).rejects.toMatchObject({ status: 404, code: 20404 });
    await expect(
      client.incomingPhoneNumbers(main?.sid ?? '').update({ smsUrl: 'not a url' }),
    ).rejects.toMatchObject({ status: 400, code: 21502 });
  });
});

describe('simulator refusals', () => {
  it.each([
    { to: '+15005550001', code: 21211 },
    { to: '+15005550002', code: 21612 },
    { to: '+15005550003', code: 21408 },
    { to: '+15005550004', code: 21610 },
    { to: '+15005550009', code: 21614 },
    { to: 'not-a-number', code: 21211 },
  ])('magic To $to answers 400 with $code', async ({ to, code }) => {
    const { sim, client } = await setup();
    const error = await client.messages
      .create({ to, from: BUSINESS, body: 'x' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestException);
    expect(error).toMatchObject({
      status: 400,
      code,
      moreInfo: `https://www.twilio.com/docs/errors/${code}`,
    });
    expect(sim.stats()).toEqual({ created: 0, createdByTo: {}, rejected: 1 });
  });

  it.each([
    { from: '+15005550001', code: 21212 },
    { from: '+15005550007', code: 21606 },
    { from: '+15005550008', code: 21611 },
    { from: '+15559990000', code: 21606 }, // not one of the account's numbers
  ])('From $from answers 400 with $code', async ({ from, code }) => {
    const { client } = await setup();
    await expect(client.messages.create({ to: CUSTOMER, from, body: 'x' })).rejects.toMatchObject({
      status: 400,
      code,
    });
  });

  it('validates body and media like Twilio, with the exact error JSON', async () => {
    const { sim, client } = await setup();
    await expect(client.messages.create({ to: CUSTOMER, from: BUSINESS })).rejects.toMatchObject({
      status: 400,
      code: 21602,
    });
    await expect(
      client.messages.create({ to: CUSTOMER, from: BUSINESS, body: 'x'.repeat(1601) }),
    ).rejects.toMatchObject({ status: 400, code: 21617 });

    const response = await fetch(`${sim.url}/2010-04-01/Accounts/${sim.accountSid}/Messages.json`, {
      method: 'POST',
      headers: {
        Authorization: basicAuth(sim),
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ From: BUSINESS, Body: 'no To' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      code: 21604,
      message: "A 'To' phone number is required.",
      more_info: 'https://www.twilio.com/docs/errors/21604',
      status: 400,
    });
  });

  it('answers 401 / 20003 to a wrong auth token and 404 / 20404 to an unknown path', async () => {
    const { sim } = await setup();
    const wrong = createTwilioClient({
      accountSid: sim.accountSid,
      authToken: 'f'.repeat(32),
      apiBaseUrl: sim.url,
    });
    await expect(
      wrong.messages.create({ to: CUSTOMER, from: BUSINESS, body: 'x' }),
    ).rejects.toMatchObject({
      status: 401,
      code: 20003,
    });
    const response = await fetch(`${sim.url}/2010-04-01/Accounts/${sim.accountSid}/Calls.json`, {
      headers: { Authorization: basicAuth(sim) },
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 20404, status: 404 });
    expect(sim.stats()).toEqual({ created: 0, createdByTo: {}, rejected: 1 });
  });
});

describe('simulator REST faults', () => {
  it('answers 429 with Retry-After, then works again', async () => {
    const { sim, client } = await setup();
    sim.faults.injectRest({ kind: 'rateLimit', retryAfterSeconds: 7, match: MESSAGES_CREATE });
    // A list is not a create: the armed fault waits for the next create.
    await client.messages.list();
    // Through the SDK adapter (which may wrap 429s to carry Retry-After): status and code survive.
    await expect(
      client.messages.create({ to: CUSTOMER, from: BUSINESS, body: 'x' }),
    ).rejects.toMatchObject({ status: 429, code: 20429 });

    // On the wire: Twilio's header and exact error body.
    sim.faults.injectRest({ kind: 'rateLimit', retryAfterSeconds: 3, match: MESSAGES_CREATE });
    const response = await fetch(`${sim.url}/2010-04-01/Accounts/${sim.accountSid}/Messages.json`, {
      method: 'POST',
      headers: {
        Authorization: basicAuth(sim),
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ To: CUSTOMER, From: BUSINESS, Body: 'x' }),
    });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('3');
    expect(await response.json()).toEqual({
      code: 20429,
      message: 'Too Many Requests',
      more_info: 'https://www.twilio.com/docs/errors/20429',
      status: 429,
    });

    await client.messages.create({ to: CUSTOMER, from: BUSINESS, body: 'x' });
    expect(sim.stats()).toEqual({ created: 1, createdByTo: { [CUSTOMER]: 1 }, rejected: 2 });
  });

  it('answers 500 / 20500 the given number of times', async () => {
    const { sim, client } = await setup();
    sim.faults.injectRest({ kind: 'serverError', times: 2 });
    for (let i = 0; i < 2; i += 1) {
      await expect(
        client.messages.create({ to: CUSTOMER, from: BUSINESS, body: 'x' }),
      ).rejects.toMatchObject({
        status: 500,
        code: 20500,
      });
    }
    await client.messages.create({ to: CUSTOMER, from: BUSINESS, body: 'x' });
    expect(sim.faults.snapshot().rest).toEqual([]);
    expect(sim.stats().created).toBe(1);
  });

  it('drops the connection without an answer and without creating anything', async () => {
    const { sim, client } = await setup();
    sim.faults.injectRest({ kind: 'drop', match: MESSAGES_CREATE });
    const error = await client.messages
      .create({ to: CUSTOMER, from: BUSINESS, body: 'x' })
      .catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(RestException);
    expect(error).toMatchObject({ code: 'ECONNRESET' });
    expect(sim.stats()).toEqual({ created: 0, createdByTo: {}, rejected: 1 });
    expect(sim.messages()).toEqual([]);
  });

  it('answers slowly, then normally', async () => {
    const { sim, client } = await setup();
    sim.faults.injectRest({ kind: 'slow', delayMs: 200, match: MESSAGES_CREATE });
    const started = Date.now();
    const sent = await client.messages.create({ to: CUSTOMER, from: BUSINESS, body: 'x' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(sent.status).toBe('queued');
    expect(sim.faults.snapshot().rest).toEqual([]);
  });

  it('still sends a slow create whose client gave up (the "sent but no SID" case)', async () => {
    const { sim, receiver } = await setup();
    sim.faults.injectRest({ kind: 'slow', delayMs: 1000, match: MESSAGES_CREATE });
    // A raw request with its own short timeout, so the test does not depend on the SDK's timeout.
    const gaveUp = fetch(`${sim.url}/2010-04-01/Accounts/${sim.accountSid}/Messages.json`, {
      method: 'POST',
      headers: {
        Authorization: basicAuth(sim),
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({
        To: CUSTOMER,
        From: BUSINESS,
        Body: 'x',
        StatusCallback: `${receiver.url}/status`,
      }),
      signal: AbortSignal.timeout(100),
    });
    await expect(gaveUp).rejects.toThrow();

    // The create went through after the delay: its callbacks prove it.
    const all = await receiver.waitFor((r) =>
      r.some((c) => c.params.MessageStatus === 'delivered'),
    );
    expect(all.every((c) => c.params.To === CUSTOMER && c.signatureValid)).toBe(true);
    expect(sim.stats().created).toBe(1);
  });
});

describe('simulator status callbacks', () => {
  it('walks a message to delivered with signed callbacks, and fetch shows the latest status', async () => {
    const { sim, receiver, client } = await setup();
    const sent = await client.messages.create({
      to: CUSTOMER,
      from: BUSINESS,
      body: 'hi',
      statusCallback: `${receiver.url}/status`,
    });
    const all = await receiver.waitFor((r) => statusesFor(r, sent.sid).length === 3);
    expect(statusesFor(all, sent.sid)).toEqual(['sending', 'sent', 'delivered']);
    for (const callback of callbacksFor(all, sent.sid)) {
      expect(callback.signatureValid).toBe(true);
      expect(callback.params).toMatchObject({
        AccountSid: sim.accountSid,
        ApiVersion: '2010-04-01',
        From: BUSINESS,
        To: CUSTOMER,
        SmsSid: sent.sid,
        SmsStatus: callback.params.MessageStatus,
      });
      expect(callback.params.ErrorCode).toBeUndefined();
    }
    expect(callbacksFor(all, sent.sid)[2]?.params.RawDlrDoneDate).toMatch(/^\d{10}$/);
    expect(callbacksFor(all, sent.sid)[1]?.params.RawDlrDoneDate).toBeUndefined();

    const fetched = await client.messages(sent.sid).fetch();
    expect(fetched.status).toBe('delivered');
    expect(fetched.dateSent).toBeInstanceOf(Date);
  });

  it.each([
    { to: '+15005530003', code: 30003 },
    { to: '+15005530006', code: 30006 },
    { to: '+15005530008', code: 30008 },
  ])('magic To $to ends undelivered with ErrorCode $code', async ({ to, code }) => {
    const { receiver, client } = await setup();
    const sent = await client.messages.create({
      to,
      from: BUSINESS,
      body: 'x',
      statusCallback: `${receiver.url}/status`,
    });
    expect(sent.status).toBe('queued');
    const all = await receiver.waitFor((r) => statusesFor(r, sent.sid).includes('undelivered'));
    expect(statusesFor(all, sent.sid)).toEqual(['sending', 'sent', 'undelivered']);
    const final = callbacksFor(all, sent.sid)[2];
    expect(final?.params.ErrorCode).toBe(String(code));
    expect(final?.signatureValid).toBe(true);
    const fetched = await client.messages(sent.sid).fetch();
    expect(fetched).toMatchObject({ status: 'undelivered', errorCode: code });
  });

  it('maps any number to a delivery error, including failed, and clears it', async () => {
    const { sim, receiver, client } = await setup();
    sim.faults.setDeliveryError(OTHER_CUSTOMER, 30007, 'failed');
    const failed = await client.messages.create({
      to: OTHER_CUSTOMER,
      from: BUSINESS,
      body: 'x',
      statusCallback: `${receiver.url}/status`,
    });
    const all = await receiver.waitFor((r) => statusesFor(r, failed.sid).length === 1);
    expect(callbacksFor(all, failed.sid)[0]?.params).toMatchObject({
      MessageStatus: 'failed',
      ErrorCode: '30007',
    });

    sim.faults.setDeliveryError(OTHER_CUSTOMER, null);
    const ok = await client.messages.create({
      to: OTHER_CUSTOMER,
      from: BUSINESS,
      body: 'x',
      statusCallback: `${receiver.url}/status`,
    });
    await receiver.waitFor((r) => statusesFor(r, ok.sid).includes('delivered'));
  });

  it('duplicates every callback when asked (same idempotency token), and stops when turned off', async () => {
    const { sim, receiver, client } = await setup();
    sim.faults.setCallbackFaults({ duplicate: true });
    const sent = await client.messages.create({
      to: CUSTOMER,
      from: BUSINESS,
      body: 'x',
      statusCallback: `${receiver.url}/status`,
    });
    const all = await receiver.waitFor((r) => statusesFor(r, sent.sid).length === 6);
    expect(statusesFor(all, sent.sid)).toEqual([
      'sending',
      'sending',
      'sent',
      'sent',
      'delivered',
      'delivered',
    ]);
    const callbacks = callbacksFor(all, sent.sid);
    expect(callbacks.every((c) => c.signatureValid)).toBe(true);
    expect(callbacks[0]?.idempotencyToken).toBe(callbacks[1]?.idempotencyToken);

    sim.faults.setCallbackFaults({ duplicate: false });
    const once = await client.messages.create({
      to: CUSTOMER,
      from: BUSINESS,
      body: 'y',
      statusCallback: `${receiver.url}/status`,
    });
    const later = await receiver.waitFor((r) => statusesFor(r, once.sid).includes('delivered'));
    expect(statusesFor(later, once.sid)).toEqual(['sending', 'sent', 'delivered']);
  });

  it('reorders callbacks (final status first) while the stored message moves forward', async () => {
    const { sim, receiver, client } = await setup();
    sim.faults.setCallbackFaults({ reorder: true });
    const sent = await client.messages.create({
      to: CUSTOMER,
      from: BUSINESS,
      body: 'x',
      statusCallback: `${receiver.url}/status`,
    });
    const all = await receiver.waitFor((r) => statusesFor(r, sent.sid).length === 3);
    expect(statusesFor(all, sent.sid)).toEqual(['delivered', 'sent', 'sending']);
    expect(callbacksFor(all, sent.sid).every((c) => c.signatureValid)).toBe(true);
    expect((await client.messages(sent.sid).fetch()).status).toBe('delivered');

    sim.faults.reset();
    expect(sim.faults.snapshot().callbacks).toEqual({ duplicate: false, reorder: false });
  });
});

describe('simulator inbound messages', () => {
  it('posts a signed webhook with Twilio params to the SMS URL', async () => {
    const { sim, receiver, client } = await setup();
    sim.configureNumber(BUSINESS, { smsUrl: `${receiver.url}/sms?tenant=a` });
    const result = await sim.textBusiness({
      from: CUSTOMER,
      body: 'Photo attached',
      media: [{ url: 'https://example.com/p.jpg', contentType: 'image/jpeg' }],
    });
    expect(result.sid).toMatch(/^MM[0-9a-f]{32}$/);
    expect(result.webhookStatus).toBe(200);
    const [webhook] = receiver.received;
    expect(webhook?.path).toBe('/sms?tenant=a');
    expect(webhook?.signatureValid).toBe(true);
    expect(webhook?.params).toMatchObject({
      MessageSid: result.sid,
      SmsSid: result.sid,
      SmsMessageSid: result.sid,
      AccountSid: sim.accountSid,
      From: CUSTOMER,
      To: BUSINESS,
      Body: 'Photo attached',
      NumMedia: '1',
      NumSegments: '1',
      MediaContentType0: 'image/jpeg',
      SmsStatus: 'received',
      ApiVersion: '2010-04-01',
      FromCountry: 'US',
    });
    // Like Twilio's, the media URL is the carrier's own (api base + the media resource path).
    expect(webhook?.params.MediaUrl0).toMatch(
      new RegExp(
        `^${sim.url}/2010-04-01/Accounts/${sim.accountSid}/Messages/${result.sid}/Media/ME[0-9a-f]{32}$`,
      ),
    );
    const [listed] = await client.messages.list({ to: BUSINESS });
    expect(listed).toMatchObject({ sid: result.sid, direction: 'inbound', status: 'received' });
  });

  it("keeps an MMS's media as Twilio does: listed under the message, URLs that redirect", async () => {
    const { sim, receiver, client } = await setup();
    sim.configureNumber(BUSINESS, { smsUrl: `${receiver.url}/sms` });
    const { sid } = await sim.textBusiness({
      from: CUSTOMER,
      body: '',
      media: [
        { url: 'https://example.com/front.jpg', contentType: 'image/jpeg' },
        { url: 'https://example.com/receipt.pdf', contentType: 'application/pdf' },
      ],
    });
    const params = receiver.received[0]!.params;

    const listed = await client.messages(sid).media.list();
    expect(listed.map((m) => [m.contentType, m.parentSid])).toEqual([
      ['image/jpeg', sid],
      ['application/pdf', sid],
    ]);
    // The resource URI without ".json", after the API base, is what the webhook carried.
    expect(listed.map((m) => sim.url + m.uri.replace(/\.json$/, ''))).toEqual([
      params.MediaUrl0,
      params.MediaUrl1,
    ]);
    const one = await client.messages(sid).media(listed[1]!.sid).fetch();
    expect(one).toMatchObject({ sid: listed[1]!.sid, contentType: 'application/pdf' });

    // The media URL itself needs no credentials and redirects to the content.
    const redirect = await fetch(params.MediaUrl0!, { redirect: 'manual' });
    expect(redirect.status).toBe(307);
    expect(redirect.headers.get('location')).toBe('https://example.com/front.jpg');
    // An unknown item is not a media URL: Basic auth applies, then 404 as for any unknown path.
    const unknown = params.MediaUrl0!.replace(/ME[0-9a-f]{32}$/, `ME${'0'.repeat(32)}`);
    expect((await fetch(unknown, { redirect: 'manual' })).status).toBe(401);
    await expect(
      client
        .messages(sid)
        .media(`ME${'0'.repeat(32)}`)
        .fetch(),
    ).rejects.toMatchObject({
      status: 404,
      code: 20404,
    });
  });

  it('keeps the bytes of an MMS it was given as Twilio does: media URL behind Basic auth, a 307 to storage that takes no credentials', async () => {
    const { sim, receiver, client } = await setup();
    sim.configureNumber(BUSINESS, { smsUrl: `${receiver.url}/sms` });
    const receipt = Buffer.from('%PDF-1.4 receipt');
    const { sid } = await sim.textBusiness({
      from: CUSTOMER,
      body: 'Receipt and a photo',
      media: [{ bytes: receipt, contentType: 'application/pdf' }, {}],
    });
    const params = receiver.received[0]!.params;
    expect(params).toMatchObject({
      NumMedia: '2',
      MediaContentType0: 'application/pdf',
      MediaContentType1: 'image/png', // the demo picture, when the caller gives no bytes
    });
    const listed = await client.messages(sid).media.list();
    expect(listed.map((m) => m.contentType)).toEqual(['application/pdf', 'image/png']);

    // Without the account's credentials the media URL answers 401, like Twilio's with media auth on.
    expect((await fetch(params.MediaUrl0!, { redirect: 'manual' })).status).toBe(401);
    const basic = `Basic ${Buffer.from(`${sim.accountSid}:${sim.authToken}`).toString('base64')}`;
    const wrong = `Basic ${Buffer.from(`${sim.accountSid}:nope`).toString('base64')}`;
    const refused = await fetch(params.MediaUrl0!, {
      redirect: 'manual',
      headers: { authorization: wrong },
    });
    expect(refused.status).toBe(401);
    const redirect = await fetch(params.MediaUrl0!, {
      redirect: 'manual',
      headers: { authorization: basic },
    });
    expect(redirect.status).toBe(307);
    const storage = new URL(redirect.headers.get('location')!);
    // Storage is another origin, as Twilio's is another host: credentials must not follow.
    expect(storage.origin).not.toBe(new URL(sim.url).origin);
    expect(storage.hostname).toBe('127.0.0.1');

    const bytes = await fetch(storage);
    expect(bytes.status).toBe(200);
    expect(bytes.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await bytes.arrayBuffer())).toEqual(receipt);
    // A client that forwards the credentials to storage is caught: the storage refuses them.
    expect((await fetch(storage, { headers: { authorization: basic } })).status).toBe(400);
    // The demo picture is a real PNG.
    const picture = await fetch(
      (
        await fetch(params.MediaUrl1!, { redirect: 'manual', headers: { authorization: basic } })
      ).headers.get('location')!,
    );
    expect(picture.headers.get('content-type')).toBe('image/png');
    expect(
      Buffer.from(await picture.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
    // The media URL can be faulted like any REST route (Twilio unreachable, then back).
    sim.faults.injectRest({ kind: 'serverError', match: MEDIA_CONTENT });
    const down = await fetch(params.MediaUrl0!, {
      redirect: 'manual',
      headers: { authorization: basic },
    });
    expect(down.status).toBe(500);
    const back = await fetch(params.MediaUrl0!, {
      redirect: 'manual',
      headers: { authorization: basic },
    });
    expect(back.status).toBe(307);
  });

  it('takes media with bytes through its control API (base64), behind the same auth', async () => {
    const { sim, receiver } = await setup();
    sim.configureNumber(BUSINESS, { smsUrl: `${receiver.url}/sms` });
    const basic = `Basic ${Buffer.from(`${sim.accountSid}:${sim.authToken}`).toString('base64')}`;
    const answer = await fetch(`${sim.url}/_simulator/inbound`, {
      method: 'POST',
      headers: { authorization: basic, 'content-type': 'application/json' },
      body: JSON.stringify({
        from: CUSTOMER,
        body: '',
        media: [{ contentType: 'image/gif', base64: Buffer.from('GIF89a').toString('base64') }],
      }),
    });
    expect(answer.status).toBe(200);
    const mediaUrl = receiver.received[0]!.params.MediaUrl0!;
    const location = (
      await fetch(mediaUrl, { redirect: 'manual', headers: { authorization: basic } })
    ).headers.get('location')!;
    const stored = await fetch(location);
    expect(stored.headers.get('content-type')).toBe('image/gif');
    expect(await stored.text()).toBe('GIF89a');
  });

  it('keeps the message when the webhook target is down, so catch-up can list it', async () => {
    const { sim, client } = await setup();
    const down = await startSimReceiver(sim.authToken);
    await down.close(); // a port that refuses connections
    sim.configureNumber(BUSINESS, { smsUrl: `${down.url}/sms` });
    const result = await sim.textBusiness({ from: CUSTOMER, body: 'anyone there?' });
    expect(result.webhookStatus).toBeNull();
    const listed = await client.messages.list({ to: BUSINESS, from: CUSTOMER });
    expect(listed.map((m) => m.sid)).toEqual([result.sid]);
    expect(sim.messages().map((m) => m.sid)).toEqual([result.sid]);
  });

  it('reports the status the webhook answered', async () => {
    const { sim } = await setup();
    const failing = await startSimReceiver(sim.authToken, 503);
    onTestFinished(() => failing.close());
    sim.configureNumber(BUSINESS, { smsUrl: `${failing.url}/sms` });
    expect((await sim.textBusiness({ from: CUSTOMER, body: 'x' })).webhookStatus).toBe(503);
  });

  it('blocks sends after STOP with 21610 and allows them again after START', async () => {
    const { sim, client } = await setup();
    await sim.textBusiness({ from: CUSTOMER, body: 'stop please' }); // not a keyword
    await client.messages.create({ to: CUSTOMER, from: BUSINESS, body: 'still fine' });

    await sim.textBusiness({ from: CUSTOMER, body: '  Stop ' });
    await expect(
      client.messages.create({ to: CUSTOMER, from: BUSINESS, body: 'x' }),
    ).rejects.toMatchObject({
      status: 400,
      code: 21610,
    });
    // Only that customer is blocked.
    await client.messages.create({ to: OTHER_CUSTOMER, from: BUSINESS, body: 'x' });

    await sim.textBusiness({ from: CUSTOMER, body: 'START' });
    await client.messages.create({ to: CUSTOMER, from: BUSINESS, body: 'welcome back' });
    expect(sim.stats()).toEqual({
      created: 3,
      createdByTo: { [CUSTOMER]: 2, [OTHER_CUSTOMER]: 1 },
      rejected: 1,
    });
  });
});

describe('simulator WhatsApp', () => {
  const WA_CUSTOMER = `whatsapp:${CUSTOMER}`;
  const WA_SENDER = `whatsapp:${WHATSAPP_SANDBOX_SENDER}`;

  it('posts an inbound WhatsApp message to the sandbox sender with ProfileName and WaId, no geo fields', async () => {
    const { sim, receiver } = await setup();
    sim.configureNumber(WHATSAPP_SANDBOX_SENDER, { smsUrl: `${receiver.url}/sms` });
    const result = await sim.textBusiness({
      from: WA_CUSTOMER,
      body: 'Hola',
      profileName: 'Maria',
    });
    expect(result.webhookStatus).toBe(200);
    const [webhook] = receiver.received;
    expect(webhook?.signatureValid).toBe(true);
    expect(webhook?.params).toMatchObject({
      From: WA_CUSTOMER,
      To: WA_SENDER,
      Body: 'Hola',
      ProfileName: 'Maria',
      WaId: CUSTOMER.slice(1),
    });
    expect(webhook?.params.FromCountry).toBeUndefined();
    expect(webhook?.params.ToCity).toBeUndefined();
    // The sender is not one of the account's phone numbers.
    expect(sim.messages()[0]?.to).toBe(WA_SENDER);
  });

  it('walks a free-form reply inside the window to read, and fails one outside it with 63016', async () => {
    const { sim, receiver, client } = await setup();
    const statusCallback = `${receiver.url}/status`;
    await sim.textBusiness({ from: WA_CUSTOMER, body: 'hi' });
    const inside = await client.messages.create({
      to: WA_CUSTOMER,
      from: WA_SENDER,
      body: 'Hello!',
      statusCallback,
    });
    await sim.textBusiness({
      from: `whatsapp:${OTHER_CUSTOMER}`,
      body: 'old message',
      at: new Date(Date.now() - 25 * 3_600_000),
    });
    const outside = await client.messages.create({
      to: `whatsapp:${OTHER_CUSTOMER}`,
      from: WA_SENDER,
      body: 'Late',
      statusCallback,
    });
    const never = await client.messages.create({
      to: 'whatsapp:+15551230003',
      from: WA_SENDER,
      body: 'Cold',
      statusCallback,
    });
    const all = await receiver.waitFor(
      (r) =>
        statusesFor(r, inside.sid).includes('read') &&
        statusesFor(r, outside.sid).includes('failed') &&
        statusesFor(r, never.sid).includes('failed'),
    );
    expect(statusesFor(all, inside.sid)).toEqual(['sending', 'sent', 'delivered', 'read']);
    expect(statusesFor(all, outside.sid)).toEqual(['failed']);
    expect(callbacksFor(all, outside.sid)[0]?.params).toMatchObject({
      ErrorCode: '63016',
      From: WA_SENDER,
    });
    expect(callbacksFor(all, never.sid)[0]?.params.ErrorCode).toBe('63016');
    expect(await client.messages(inside.sid).fetch()).toMatchObject({ status: 'read' });
  });

  it('refuses an unknown WhatsApp sender (63007) and a mixed SMS/WhatsApp pair (21910)', async () => {
    const { client } = await setup();
    await expect(
      client.messages.create({ to: WA_CUSTOMER, from: `whatsapp:${BUSINESS}`, body: 'x' }),
    ).rejects.toMatchObject({ status: 400, code: 63007 });
    await expect(
      client.messages.create({ to: CUSTOMER, from: WA_SENDER, body: 'x' }),
    ).rejects.toMatchObject({ status: 400, code: 21910 });
  });
});

describe('simulator control routes and lifecycle', () => {
  it('serves the control routes with the same Basic auth', async () => {
    const { sim, receiver } = await setup();
    sim.configureNumber(BUSINESS, { smsUrl: `${receiver.url}/sms` });
    const post = (path: string, body: unknown, token?: string): Promise<Response> =>
      fetch(`${sim.url}${path}`, {
        method: 'POST',
        headers: { Authorization: basicAuth(sim, token), 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });

    expect((await post('/_simulator/inbound', { from: CUSTOMER, body: 'x' }, 'wrong')).status).toBe(
      401,
    );
    const inbound = await post('/_simulator/inbound', {
      from: CUSTOMER,
      body: 'hello',
      at: '2024-05-01T12:00:00Z',
    });
    expect(inbound.status).toBe(200);
    const { sid, webhookStatus } = (await inbound.json()) as { sid: string; webhookStatus: number };
    expect(webhookStatus).toBe(200);
    expect(receiver.received[0]?.params.MessageSid).toBe(sid);

    const armed = await post('/_simulator/faults', {
      rest: [
        { kind: 'rateLimit', times: 2, match: { method: 'POST', pathSuffix: '/Messages.json' } },
      ],
      callbacks: { duplicate: true },
      deliveryErrors: [{ to: OTHER_CUSTOMER, errorCode: 30005 }],
    });
    expect(armed.status).toBe(200);
    expect(await armed.json()).toMatchObject({
      rest: [{ fault: { kind: 'rateLimit' }, remaining: 2 }],
      callbacks: { duplicate: true, reorder: false },
      deliveryErrors: { [OTHER_CUSTOMER]: { status: 'undelivered', errorCode: 30005 } },
    });
    expect((await post('/_simulator/faults', { rest: [{ kind: 'nope' }] })).status).toBe(400);
    expect((await post('/_simulator/faults', { reset: true })).status).toBe(200);
    expect(sim.faults.snapshot().rest).toEqual([]);

    const stats = await fetch(`${sim.url}/_simulator/stats`, {
      headers: { Authorization: basicAuth(sim) },
    });
    expect(await stats.json()).toEqual({ created: 0, createdByTo: {}, rejected: 0 });
    const messages = await fetch(`${sim.url}/_simulator/messages`, {
      headers: { Authorization: basicAuth(sim) },
    });
    expect(await messages.json()).toMatchObject([
      { sid, body: 'hello', dateSent: '2024-05-01T12:00:00.000Z' },
    ]);
  });

  it('closes promptly with status steps pending and keep-alive connections open', async () => {
    const sim = await startSimulator({ callbackDelayMs: 60_000 });
    const client = createTwilioClient({
      accountSid: sim.accountSid,
      authToken: sim.authToken,
      apiBaseUrl: sim.url,
    });
    await client.messages.create({
      to: CUSTOMER,
      from: BUSINESS,
      body: 'x',
      statusCallback: 'http://127.0.0.1:9/status',
    });
    // fetch keeps its connection alive by default.
    await fetch(`${sim.url}/_simulator/stats`, { headers: { Authorization: basicAuth(sim) } });
    await sim.close();
    await expect(fetch(`${sim.url}/_simulator/stats`)).rejects.toThrow();
  });

  it('runs standalone: one ready line without the token, control routes, clean SIGTERM', async () => {
    const authToken = 'e'.repeat(32);
    const receiver = await startSimReceiver(authToken);
    onTestFinished(() => receiver.close());
    const root = fileURLToPath(new URL('..', import.meta.url));
    const child = spawn(
      `${root}node_modules/.bin/tsx`,
      [`${root}src/main/core/simulator/standalone.ts`],
      {
        env: {
          ...process.env,
          SIMULATOR_PORT: '0',
          SIMULATOR_ACCOUNT_SID: `AC${'d'.repeat(32)}`,
          SIMULATOR_AUTH_TOKEN: authToken,
          SIMULATOR_SMS_URL: `${receiver.url}/sms`,
          SIMULATOR_CALLBACK_DELAY_MS: '5',
          SWITCHBOARD_LOG_LEVEL: 'silent',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    onTestFinished(() => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });
    const lines = createInterface({ input: child.stdout });
    const firstLine = await new Promise<string>((resolve, reject) => {
      lines.once('line', resolve);
      child.once('exit', (code) => reject(new Error(`standalone exited early (${code})`)));
    });
    expect(firstLine).not.toContain(authToken);
    const ready = JSON.parse(firstLine) as { ready: boolean; url: string };
    expect(ready.ready).toBe(true);
    expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const client = createTwilioClient({
      accountSid: `AC${'d'.repeat(32)}`,
      authToken,
      apiBaseUrl: ready.url,
    });
    const [number] = await client.incomingPhoneNumbers.list();
    expect(number?.smsUrl).toBe(`${receiver.url}/sms`);
    const inbound = await fetch(`${ready.url}/_simulator/inbound`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from(`AC${'d'.repeat(32)}:${authToken}`).toString('base64')}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ from: CUSTOMER, body: 'hi from afar' }),
    });
    expect(await inbound.json()).toMatchObject({ webhookStatus: 200 });
    expect(receiver.received[0]?.signatureValid).toBe(true);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
