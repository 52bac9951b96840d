import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../src/main/core/app';
import { SENDING_SETTINGS_KEY } from '../src/main/core/sendingSettings';
import { listAudit } from '../src/main/core/store/audit';
import { getContactByAddress } from '../src/main/core/store/contacts';
import { storeMessageTriage } from '../src/main/core/store/draftContext';
import { getDraft, insertDraft } from '../src/main/core/store/drafts';
import { getMessage, getMessageBySid } from '../src/main/core/store/messages';
import { setSetting } from '../src/main/core/store/settings';
import { listDeadJobs } from '../src/main/core/store/jobs';
import type { MessageView, PreSendReport } from '../src/shared/types';
import { invoke, messageWhen } from './support/appSignals';
import { startTestApp } from './support/testApp';

const settled = (m: MessageView) => ['delivered', 'undelivered', 'failed'].includes(m.status);

describe('sending', () => {
  let app: App;
  let stop: () => Promise<void>;
  beforeEach(async () => {
    ({ app, stop } = await startTestApp({}, { timings: { carrierTimeoutMs: 400 } }));
    // No pacing delay in tests unless a test asks for it.
    setSetting(app.db, SENDING_SETTINGS_KEY, { messagesPerSecond: 100 }, Date.now());
  });
  afterEach(() => stop());

  /** A customer texts the business through the simulator; returns the conversation id. */
  const customerTexts = async (from: string, body = 'Hi, can I book for Friday?') => {
    const { sid } = await app.simulator!.textBusiness({ from, body });
    return getMessageBySid(app.db, sid)!;
  };
  const send = (conversationId: number, body: string, extra = {}) =>
    invoke<{ messageId: number }>(app, 'messages:send', { conversationId, body, ...extra });

  it('sends a manual reply that walks to delivered through signed callbacks', async () => {
    const inbound = await customerTexts('+14155550100');
    const { messageId } = await send(inbound.conversationId, 'Yes, Friday 3pm works!');
    const delivered = await messageWhen(app, messageId, (m) => m.status === 'delivered');
    expect(delivered).toMatchObject({
      direction: 'outbound',
      author: 'operator',
      to: '+14155550100',
      from: '+15005550006',
      statusText: 'Delivered',
      sendAttempts: 1,
      error: null,
    });
    expect(delivered.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(app.simulator!.stats().createdByTo['+14155550100']).toBe(1);
    expect(listAudit(app.db).map((a) => a.action)).toContain('message.sent_by_operator');
  });

  it('approves a draft as is, and records the decision with the message', async () => {
    const inbound = await customerTexts('+14155550101');
    const draftId = insertDraft(app.db, {
      conversationId: inbound.conversationId,
      replyToMessageId: inbound.id,
      provider: 'offline',
      state: 'ready',
      text: 'Friday works, see you then.',
      now: Date.now(),
    });
    const { messageId } = await invoke<{ messageId: number }>(app, 'drafts:approve', { draftId });
    const message = await messageWhen(app, messageId, (m) => m.status === 'delivered');
    expect(message).toMatchObject({ author: 'draft', body: 'Friday works, see you then.' });
    expect(getDraft(app.db, draftId)).toMatchObject({ state: 'approved', text_sent: message.body });
    // A second click sends nothing more.
    await expect(invoke(app, 'drafts:approve', { draftId })).rejects.toThrow(/already approved/);
    expect(app.simulator!.stats().created).toBe(1);
  });

  it('approves an edited draft and keeps both texts', async () => {
    const inbound = await customerTexts('+14155550102');
    const draftId = insertDraft(app.db, {
      conversationId: inbound.conversationId,
      replyToMessageId: inbound.id,
      provider: 'openai',
      state: 'ready',
      text: 'We are open.',
      now: Date.now(),
    });
    const { messageId } = await invoke<{ messageId: number }>(app, 'drafts:approve', {
      draftId,
      text: 'We are open until 6pm today.',
    });
    await messageWhen(app, messageId, (m) => m.status === 'delivered');
    expect(getDraft(app.db, draftId)).toMatchObject({
      state: 'edited',
      text_generated: 'We are open.',
      text_sent: 'We are open until 6pm today.',
    });
    expect(listAudit(app.db).map((a) => a.action)).toContain('draft.approved_edited');
  });

  it('rejects a draft with a reason and sends nothing', async () => {
    const inbound = await customerTexts('+14155550103');
    const draftId = insertDraft(app.db, {
      conversationId: inbound.conversationId,
      replyToMessageId: inbound.id,
      provider: 'offline',
      state: 'ready',
      text: 'Sure!',
      now: Date.now(),
    });
    await invoke(app, 'drafts:reject', { draftId, reason: 'wrong price' });
    expect(getDraft(app.db, draftId)!.state).toBe('rejected');
    await expect(invoke(app, 'drafts:approve', { draftId })).rejects.toThrow(/already rejected/);
    expect(app.simulator!.stats().created).toBe(0);
  });

  describe('pre-send checks, enforced in the core', () => {
    it('blocks an opted-out contact', async () => {
      const inbound = await customerTexts('+14155550104');
      await customerTexts('+14155550104', 'STOP');
      await expect(send(inbound.conversationId, 'Wait, one more thing')).rejects.toThrow(
        /texted STOP/,
      );
      expect(app.simulator!.stats().created).toBe(0);
    });

    it('blocks empty and over-long messages', async () => {
      const inbound = await customerTexts('+14155550105');
      await expect(send(inbound.conversationId, '   ')).rejects.toThrow(/empty/);
      await expect(send(inbound.conversationId, 'x'.repeat(1601))).rejects.toThrow(/1,?600/);
    });

    it('asks for confirmation during quiet hours, then sends', async () => {
      setSetting(
        app.db,
        SENDING_SETTINGS_KEY,
        {
          messagesPerSecond: 100,
          quietHours: { enabled: true, start: '00:00', end: '23:59', timeZone: 'UTC' },
        },
        Date.now(),
      );
      const inbound = await customerTexts('+14155550106');
      const refusal = send(inbound.conversationId, 'Late reply, sorry');
      await expect(refusal).rejects.toMatchObject({ kind: 'needs-confirmation' });
      const { messageId } = await send(inbound.conversationId, 'Late reply, sorry', {
        confirmQuietHours: true,
      });
      await messageWhen(app, messageId, (m) => m.status === 'delivered');
    });

    it('reports segments, encoding, the characters that forced UCS-2, cost and a fix', async () => {
      const inbound = await customerTexts('+14155550107');
      const report = await invoke<PreSendReport>(app, 'messages:check', {
        conversationId: inbound.conversationId,
        body: `We’re open ${'x'.repeat(70)}`,
      });
      expect(report.verdict).toBe('ok');
      expect(report.segments).toMatchObject({
        encoding: 'UCS-2',
        segments: 2,
        nonGsmCharacters: ['’'],
      });
      expect(report.cost).toBeCloseTo(2 * 0.0083);
      expect(report.lookalikeFix).toEqual({ text: `We're open ${'x'.repeat(70)}`, segments: 1 });
    });
  });

  describe('carrier errors', () => {
    it('fails an invalid number at once with an explanation (21211), without retrying', async () => {
      const inbound = await customerTexts('+15005550001');
      const { messageId } = await send(inbound.conversationId, 'Hello');
      const failed = await messageWhen(app, messageId, (m) => m.status === 'failed');
      expect(failed.errorCode).toBe(21211);
      expect(failed.error?.explanation).toBeTruthy();
      expect(failed.statusText).toMatch(/^Failed: 21211/);
      expect(failed.sendAttempts).toBe(1);
      expect(listDeadJobs(app.db)).toEqual([]);
    });

    it('treats 21610 as authoritative: the contact becomes opted out, audited', async () => {
      const inbound = await customerTexts('+15005550004');
      const { messageId } = await send(inbound.conversationId, 'Hello');
      await messageWhen(app, messageId, (m) => m.errorCode === 21610);
      expect(getContactByAddress(app.db, '+15005550004')!.optedOut).toBe(true);
      expect(listAudit(app.db)[0]).toMatchObject({ actor: 'system', action: 'contact.opted_out' });
    });

    it('fails a landline with 21614 and says what to do', async () => {
      const inbound = await customerTexts('+15005550009');
      const { messageId } = await send(inbound.conversationId, 'Hello');
      const failed = await messageWhen(app, messageId, (m) => m.status === 'failed');
      expect(failed.errorCode).toBe(21614);
      expect(failed.error?.action).toBeTruthy();
    });

    it('waits out a 429 as long as Retry-After says, then sends once', async () => {
      const inbound = await customerTexts('+14155550110');
      app.simulator!.faults.injectRest({
        kind: 'rateLimit',
        retryAfterSeconds: 1,
        match: { method: 'POST', pathSuffix: '/Messages.json' },
      });
      const { messageId } = await send(inbound.conversationId, 'Hello after a pause');
      const pending = await messageWhen(app, messageId, (m) => m.errorCode === 20429);
      expect(pending.status).toBe('pending'); // shown while waiting, not failed
      const delivered = await messageWhen(app, messageId, (m) => m.status === 'delivered');
      expect(delivered.sendAttempts).toBe(2);
      expect(delivered.error).toBeNull();
      expect(app.simulator!.stats().createdByTo['+14155550110']).toBe(1);
    });

    it('retries 5xx with backoff', async () => {
      const inbound = await customerTexts('+14155550111');
      app.simulator!.faults.injectRest({
        kind: 'serverError',
        times: 2,
        match: { method: 'POST', pathSuffix: '/Messages.json' },
      });
      const { messageId } = await send(inbound.conversationId, 'Hello through errors');
      const delivered = await messageWhen(app, messageId, (m) => m.status === 'delivered');
      expect(delivered.sendAttempts).toBe(3);
      expect(app.simulator!.stats().createdByTo['+14155550111']).toBe(1);
    });

    it('retries a dropped connection without sending twice', async () => {
      const inbound = await customerTexts('+14155550112');
      app.simulator!.faults.injectRest({
        kind: 'drop',
        match: { method: 'POST', pathSuffix: '/Messages.json' },
      });
      const { messageId } = await send(inbound.conversationId, 'Hello through a dropped line');
      await messageWhen(app, messageId, (m) => m.status === 'delivered');
      expect(app.simulator!.stats().createdByTo['+14155550112']).toBe(1);
    });

    it('adopts the SID of a send whose answer was lost, instead of sending again', async () => {
      const inbound = await customerTexts('+14155550113');
      // The carrier takes the message but answers after our client gave up (timeout 400 ms).
      app.simulator!.faults.injectRest({
        kind: 'slow',
        delayMs: 900,
        match: { method: 'POST', pathSuffix: '/Messages.json' },
      });
      const { messageId } = await send(inbound.conversationId, 'Hello, slowly');
      const delivered = await messageWhen(app, messageId, (m) => m.status === 'delivered');
      expect(app.simulator!.stats().createdByTo['+14155550113']).toBe(1);
      const atCarrier = app.simulator!.messages().find((m) => m.body === 'Hello, slowly')!;
      expect(delivered.sid).toBe(atCarrier.sid);
    });

    it('shows a delivery failure from a status callback with its explanation (30007)', async () => {
      const inbound = await customerTexts('+15005530007');
      const { messageId } = await send(inbound.conversationId, 'Limited offer!!!');
      const undelivered = await messageWhen(app, messageId, settled);
      expect(undelivered).toMatchObject({ status: 'undelivered', errorCode: 30007 });
      expect(undelivered.statusText).toMatch(/30007/);
      expect(undelivered.error?.explanation).toMatch(/spam|filter/i);
    });

    it.each([30003, 30005, 30006, 30008])('explains delivery error %i', async (code) => {
      const number = `+150055300${String(code).slice(-2)}`;
      const inbound = await customerTexts(number);
      const { messageId } = await send(inbound.conversationId, 'Hello');
      const done = await messageWhen(app, messageId, settled);
      expect(done.errorCode).toBe(code);
      expect(done.error?.title).toBeTruthy();
    });

    it('ends in the right state when callbacks come twice and out of order', async () => {
      app.simulator!.faults.setCallbackFaults({ duplicate: true, reorder: true });
      const inbound = await customerTexts('+14155550114');
      const { messageId } = await send(inbound.conversationId, 'Order check');
      const delivered = await messageWhen(app, messageId, (m) => m.status === 'delivered');
      expect(delivered.status).toBe('delivered');
    });
  });

  describe('retry', () => {
    it('really sends again a message the carrier could not deliver, as a new attempt the UI can tell apart', async () => {
      app.simulator!.faults.setDeliveryError('+14155550140', 30003); // handset switched off
      const inbound = await customerTexts('+14155550140');
      const { messageId } = await send(inbound.conversationId, 'Are you there?');
      await messageWhen(app, messageId, settled);
      app.simulator!.faults.setDeliveryError('+14155550140', null); // the handset is back
      const retry = await invoke<{ messageId: number }>(app, 'messages:retry', { messageId });
      expect(retry.messageId).not.toBe(messageId);
      const resent = await messageWhen(app, retry.messageId, (m) => m.status === 'delivered');
      expect(resent.retryOf).toBe(messageId);
      expect(app.simulator!.stats().createdByTo['+14155550140']).toBe(2);
      expect(getMessage(app.db, messageId)!.status).toBe('undelivered'); // the record stays
    });

    it('sends again a message whose attempts ran out (dead job)', async () => {
      const inbound = await customerTexts('+14155550115');
      app.simulator!.faults.injectRest({
        kind: 'serverError',
        times: 8,
        match: { method: 'POST', pathSuffix: '/Messages.json' },
      });
      const { messageId } = await send(inbound.conversationId, 'Persistent');
      await messageWhen(app, messageId, (m) => m.sendAttempts === 8 && m.errorCode !== null);
      await new Promise<void>((resolve) => {
        const check = () => listDeadJobs(app.db).length === 1 && (off(), resolve());
        const off = app.events.subscribe((e) => e === 'queue:changed' && check());
        check();
      });
      expect(getMessage(app.db, messageId)!.status).toBe('pending');
      await invoke(app, 'messages:retry', { messageId });
      const delivered = await messageWhen(app, messageId, (m) => m.status === 'delivered');
      expect(delivered.sendAttempts).toBe(9);
      expect(app.simulator!.stats().createdByTo['+14155550115']).toBe(1);
    });
  });

  describe('scheduled messages', () => {
    it('sends at the chosen time', async () => {
      const inbound = await customerTexts('+14155550120');
      const sendAt = Date.now() + 300;
      const { messageId } = await invoke<{ messageId: number }>(app, 'messages:schedule', {
        conversationId: inbound.conversationId,
        body: 'Reminder: see you tomorrow',
        sendAt,
      });
      expect(getMessage(app.db, messageId)).toMatchObject({
        status: 'scheduled',
        scheduledFor: sendAt,
      });
      const delivered = await messageWhen(app, messageId, (m) => m.status === 'delivered');
      expect(delivered.updatedAt).toBeGreaterThanOrEqual(sendAt);
    });

    it('is cancelled when the customer writes first, and the operator is told', async () => {
      const inbound = await customerTexts('+14155550121');
      const { messageId } = await invoke<{ messageId: number }>(app, 'messages:schedule', {
        conversationId: inbound.conversationId,
        body: 'Reminder',
        sendAt: Date.now() + 60_000,
      });
      const notice = app.events.once('notice');
      await customerTexts('+14155550121', 'Actually, can we move it?');
      expect((await notice).text).toMatch(/cancelled because the customer wrote first/);
      expect(getMessage(app.db, messageId)!.status).toBe('canceled');
    });

    it('can be cancelled by the operator', async () => {
      const inbound = await customerTexts('+14155550122');
      const { messageId } = await invoke<{ messageId: number }>(app, 'messages:schedule', {
        conversationId: inbound.conversationId,
        body: 'Reminder',
        sendAt: Date.now() + 60_000,
      });
      await invoke(app, 'messages:cancelScheduled', { messageId });
      expect(getMessage(app.db, messageId)!.status).toBe('canceled');
      await expect(invoke(app, 'messages:cancelScheduled', { messageId })).rejects.toThrow(
        /no longer scheduled/,
      );
    });
  });

  it('paces messages from one sender', async () => {
    setSetting(app.db, SENDING_SETTINGS_KEY, { messagesPerSecond: 10 }, Date.now());
    const inbound = await customerTexts('+14155550130');
    const ids = [];
    for (let i = 0; i < 4; i++)
      ids.push((await send(inbound.conversationId, `Part ${i + 1}`)).messageId);
    await Promise.all(ids.map((id) => messageWhen(app, id, (m) => m.sid !== null)));
    const created = app
      .simulator!.messages()
      .filter((m) => m.to === '+14155550130')
      .map((m) => m.dateCreated.getTime());
    expect(created.at(-1)! - created[0]!).toBeGreaterThanOrEqual(250);
  });
});

describe('drafts and manual replies', () => {
  let app: App;
  let stop: () => Promise<void>;
  beforeEach(async () => {
    ({ app, stop } = await startTestApp({}, { timings: { carrierTimeoutMs: 400 } }));
    setSetting(app.db, SENDING_SETTINGS_KEY, { messagesPerSecond: 100 }, Date.now());
  });
  afterEach(() => stop());

  it('a manual reply puts away the draft that was waiting', async () => {
    const { sid } = await app.simulator!.textBusiness({ from: '+14155550150', body: 'Hi there' });
    const inbound = getMessageBySid(app.db, sid)!;
    const draftId = insertDraft(app.db, {
      conversationId: inbound.conversationId,
      replyToMessageId: inbound.id,
      provider: 'offline',
      state: 'ready',
      text: 'Hello!',
      now: Date.now(),
    });
    await invoke(app, 'messages:send', {
      conversationId: inbound.conversationId,
      body: 'Hi, how can I help?',
    });
    expect(getDraft(app.db, draftId)!.state).toBe('superseded');
  });

  it('rejecting a failed draft puts it away without counting as a rejection', async () => {
    const { sid } = await app.simulator!.textBusiness({ from: '+14155550151', body: 'Hi there' });
    const inbound = getMessageBySid(app.db, sid)!;
    const draftId = insertDraft(app.db, {
      conversationId: inbound.conversationId,
      replyToMessageId: inbound.id,
      provider: 'openai',
      state: 'failed',
      text: '',
      now: Date.now(),
    });
    await invoke(app, 'drafts:reject', { draftId });
    expect(getDraft(app.db, draftId)!.state).toBe('superseded');
    expect(listAudit(app.db)[0]!.action).toBe('draft.dismissed');
  });
});

describe('inbox attention filters', () => {
  let app: App;
  let stop: () => Promise<void>;
  beforeEach(async () => {
    ({ app, stop } = await startTestApp({}, { jobHandlers: { draft: undefined } }));
    setSetting(app.db, SENDING_SETTINGS_KEY, { messagesPerSecond: 100 }, Date.now());
  });
  afterEach(() => stop());

  it('lists what needs a reply, what has a draft waiting and what failed, in the core', async () => {
    const text = async (from: string, body: string) =>
      getMessageBySid(app.db, (await app.simulator!.textBusiness({ from, body })).sid)!;
    const waiting = await text('+14155550160', 'Hello?');
    const answered = await text('+14155550161', 'Hi');
    const failing = await text('+15005550001', 'Call me');
    await text('+14155550162', 'STOP');
    const { messageId } = await invoke<{ messageId: number }>(app, 'messages:send', {
      conversationId: answered.conversationId,
      body: 'Hi! How can I help?',
    });
    await messageWhen(app, messageId, (m) => m.status === 'delivered');
    const failed = await invoke<{ messageId: number }>(app, 'messages:send', {
      conversationId: failing.conversationId,
      body: 'Calling now',
    });
    await messageWhen(app, failed.messageId, (m) => m.status === 'failed');
    insertDraft(app.db, {
      conversationId: waiting.conversationId,
      replyToMessageId: waiting.id,
      provider: 'offline',
      state: 'ready',
      text: 'Hi!',
      now: Date.now(),
    });

    const ids = (attention: string) =>
      invoke<Array<{ id: number }>>(app, 'conversations:list', { attention }).then((list) =>
        list.map((c) => c.id),
      );
    expect(await ids('needs-reply')).toEqual([waiting.conversationId]); // STOP is not answerable
    expect(await ids('drafts')).toEqual([waiting.conversationId]);
    expect(await ids('failed')).toEqual([failing.conversationId]);

    // The tab counts say the same in one query, over every conversation, and within a category.
    expect(await invoke(app, 'conversations:counts', {})).toEqual({
      unreadTotal: 4,
      tabs: { 'needs-reply': 1, drafts: 1, failed: 1 },
    });
    storeMessageTriage(app.db, {
      messageId: waiting.id,
      conversationId: waiting.conversationId,
      language: 'en',
      category: 'question',
      urgency: 'normal',
    });
    expect(await invoke(app, 'conversations:counts', { category: 'question' })).toEqual({
      unreadTotal: 4, // the header counts every category
      tabs: { 'needs-reply': 1, drafts: 1, failed: 0 },
    });
    expect(await invoke(app, 'conversations:counts', { category: 'billing' })).toMatchObject({
      tabs: { 'needs-reply': 0, drafts: 0, failed: 0 },
    });
  });
});
