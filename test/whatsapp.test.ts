/**
 * WhatsApp through the same pipeline (issue 16): the customer writes through the simulator's
 * sandbox sender, the core keeps the 24-hour window on a fake clock (`now` in AppDeps), and every
 * path that sends refuses free-form text outside it. The simulator keeps real time and its own
 * record of the window, as Twilio would.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../src/main/core/app';
import { SENDING_SETTINGS_KEY } from '../src/main/core/sendingSettings';
import { WHATSAPP_SANDBOX_SENDER } from '../src/main/core/simulator';
import { listAudit } from '../src/main/core/store/audit';
import { insertDraft } from '../src/main/core/store/drafts';
import { getMessageBySid } from '../src/main/core/store/messages';
import { setSetting } from '../src/main/core/store/settings';
import type {
  ContactDetails,
  ConversationSummary,
  DraftView,
  MessageView,
  PreSendReport,
} from '../src/shared/types';
import { invoke, messageWhen } from './support/appSignals';
import { draftWhen } from './support/draftSignals';
import { startTestApp } from './support/testApp';

const HOUR = 60 * 60 * 1000;
const CUSTOMER = '+14155550142';

describe('WhatsApp through the same pipeline', () => {
  let app: App;
  let stop: () => Promise<void>;
  let clock: number;
  beforeEach(async () => {
    clock = Date.now();
    ({ app, stop } = await startTestApp(
      {},
      { now: () => clock, timings: { autoSendDelayMs: 150 } },
    ));
    setSetting(app.db, SENDING_SETTINGS_KEY, { messagesPerSecond: 100 }, clock);
  });
  afterEach(() => stop());

  /** The customer writes on WhatsApp; `at`: when the simulated carrier says they wrote. */
  const customerWrites = async (body: string, extra: { profileName?: string; at?: Date } = {}) => {
    const { sid, webhookStatus } = await app.simulator!.textBusiness({
      from: `whatsapp:${CUSTOMER}`,
      body,
      ...extra,
    });
    expect(webhookStatus).toBe(200);
    return getMessageBySid(app.db, sid)!;
  };
  const summary = (conversationId: number) =>
    invoke<ConversationSummary>(app, 'conversations:get', { conversationId });
  const send = (conversationId: number, body: string) =>
    invoke<{ messageId: number }>(app, 'messages:send', { conversationId, body });

  it('keeps a WhatsApp conversation with its window, and a reply walks to Read', async () => {
    const inbound = await customerWrites('Hola! Do you have time on Friday?', {
      profileName: 'Maria',
    });
    expect(inbound).toMatchObject({ from: CUSTOMER, to: WHATSAPP_SANDBOX_SENDER });
    const conversation = await summary(inbound.conversationId);
    expect(conversation).toMatchObject({
      channel: 'whatsapp',
      businessNumber: WHATSAPP_SANDBOX_SENDER,
      contact: { address: CUSTOMER, name: 'Maria' },
      serviceWindow: { closesAt: clock + 24 * HOUR },
    });

    const { messageId } = await send(inbound.conversationId, 'Yes, Friday 3pm is free.');
    const read = await messageWhen(app, messageId, (m) => m.status === 'read');
    expect(read).toMatchObject({
      to: `whatsapp:${CUSTOMER}`,
      from: `whatsapp:${WHATSAPP_SANDBOX_SENDER}`,
      statusText: 'Read',
      error: null,
    });
    // The carrier walked it through sent and delivered first; a late "delivered" never undoes Read.
    expect(app.simulator!.messages().find((m) => m.to === `whatsapp:${CUSTOMER}`)?.status).toBe(
      'read',
    );
  });

  it('opens the window with each message, closes it after 24 hours, and opens it again', async () => {
    const first = await customerWrites('Are you open tomorrow?');
    const conversationId = first.conversationId;

    clock += 22 * HOUR;
    const check = await invoke<PreSendReport>(app, 'messages:check', {
      conversationId,
      body: 'We are!',
    });
    expect(check.verdict).toBe('ok');

    clock += 3 * HOUR; // 25 hours after the customer wrote
    const closed = await invoke<PreSendReport>(app, 'messages:check', {
      conversationId,
      body: 'We are!',
    });
    expect(closed).toMatchObject({ verdict: 'blocked', problems: [{ code: 'window-closed' }] });
    await expect(send(conversationId, 'Sorry for the late answer')).rejects.toMatchObject({
      kind: 'failed',
      message: expect.stringMatching(
        /^The customer last wrote 25 hours ago; WhatsApp only allows an approved template now/,
      ),
    });
    expect(app.simulator!.stats().created).toBe(0);
    expect((await summary(conversationId)).serviceWindow).toEqual({
      closesAt: first.createdAt + 24 * HOUR,
    });

    // The customer writes again: the window is open from their new message.
    const again = await customerWrites('Hello?');
    expect((await summary(conversationId)).serviceWindow).toEqual({
      closesAt: again.createdAt + 24 * HOUR,
    });
    const { messageId } = await send(conversationId, 'Yes, we are open 9 to 6.');
    expect((await messageWhen(app, messageId, (m) => m.status === 'read')).error).toBeNull();
  });

  it('refuses a schedule past the window, a retry and an approval after it closed', async () => {
    const inbound = await customerWrites('Can you remind me the day before?');
    const conversationId = inbound.conversationId;
    const schedule = (sendAt: number) =>
      invoke<{ messageId: number }>(app, 'messages:schedule', {
        conversationId,
        body: 'Reminder: your appointment is tomorrow.',
        sendAt,
      });
    await expect(schedule(clock + 30 * HOUR)).rejects.toThrow(
      /after the WhatsApp window closes.*Pick an earlier time/,
    );
    const { messageId: scheduled } = await schedule(clock + 20 * HOUR);
    expect(scheduled).toBeGreaterThan(0);

    const draftId = insertDraft(app.db, {
      conversationId,
      replyToMessageId: inbound.id,
      provider: 'offline',
      state: 'ready',
      text: 'Sure, we will.',
      now: clock,
    });
    clock += 25 * HOUR;
    await expect(invoke(app, 'drafts:approve', { draftId })).rejects.toThrow(
      /only allows an approved template now/,
    );
    await expect(invoke(app, 'messages:retry', { messageId: scheduled })).rejects.toThrow(
      /only allows an approved template now/,
    );
  });

  it('never auto-sends outside the window: the countdown ends in a hold, not a message', async () => {
    await invoke(app, 'drafting:saveSettings', { autoSendCategories: ['question'] });
    const first = await customerWrites('thanks');
    await invoke(app, 'conversations:setAiMode', {
      conversationId: first.conversationId,
      mode: 'auto',
    });
    const question = await customerWrites('What time do you open on Saturday?');
    const counting = await draftWhen(
      app,
      () => question.conversationId,
      (d) => d.replyToMessageId === question.id && d.autoSendAt !== null,
    );
    // The window closes while the countdown runs (the laptop slept through the day, say).
    clock += 25 * HOUR;
    const held: DraftView = await draftWhen(
      app,
      () => question.conversationId,
      (d) => d.id === counting.id && d.autoSendAt === null,
    );
    expect(held.state).toBe('ready');
    const hold = listAudit(app.db).find((a) => a.action === 'draft.auto_send_held');
    expect(hold?.details).toMatch(/WhatsApp only allows an approved template now/);
    expect(app.simulator!.stats().created).toBe(0);
  });

  it('explains 63016 when the carrier refuses a message outside its own window', async () => {
    // The carrier saw the customer's message a day ago (the webhook reached us only now).
    const inbound = await customerWrites('Still there?', { at: new Date(Date.now() - 25 * HOUR) });
    const { messageId } = await send(inbound.conversationId, 'Yes! Sorry for the wait.');
    const failed = await messageWhen(app, messageId, (m) => m.status === 'failed');
    expect(failed).toMatchObject({
      errorCode: 63016,
      error: { code: 63016, title: 'Outside the WhatsApp 24-hour window' },
    });
    expect(failed.error?.action).toMatch(/template/);
  });

  it('offers ProfileName as the name, never over one the operator typed; one contact, two channels', async () => {
    const sms = await app.simulator!.textBusiness({ from: CUSTOMER, body: 'Hi by SMS' });
    const smsMessage = getMessageBySid(app.db, sms.sid)!;
    const whatsapp = await customerWrites('Hi on WhatsApp', { profileName: '  Maria L.  ' });
    const contactId = (await summary(whatsapp.conversationId)).contact.id;
    const offered = await invoke<ContactDetails>(app, 'contacts:get', { contactId });
    expect(offered.name).toBe('Maria L.');
    expect(offered.conversationIds.sort()).toEqual(
      [smsMessage.conversationId, whatsapp.conversationId].sort(),
    );
    expect((await summary(smsMessage.conversationId)).serviceWindow).toBeUndefined();

    await invoke(app, 'contacts:update', { contactId, name: 'Maria Lopez (VIP)' });
    await customerWrites('Me again', { profileName: 'mar' });
    const kept = await invoke<ContactDetails>(app, 'contacts:get', { contactId });
    expect(kept.name).toBe('Maria Lopez (VIP)');
  });

  it('texts as a WhatsApp user from the Simulator panel command', async () => {
    const { messageSid } = await invoke<{ messageSid: string }>(app, 'simulator:textBusiness', {
      from: '+1 415 555 0177',
      body: 'Hello from WhatsApp',
      channel: 'whatsapp',
      profileName: 'Ana',
    });
    const stored = getMessageBySid(app.db, messageSid)!;
    const conversation = await summary(stored.conversationId);
    expect(conversation).toMatchObject({ channel: 'whatsapp', contact: { name: 'Ana' } });
    const messages = await invoke<MessageView[]>(app, 'messages:list', {
      conversationId: stored.conversationId,
    });
    expect(messages.map((m) => m.body)).toEqual(['Hello from WhatsApp']);
  });

  it('demo mode lets a day pass in one conversation: its window closes and free text is refused', async () => {
    const inbound = await customerWrites('Is Friday possible?');
    const { conversationId } = inbound;
    expect((await summary(conversationId)).serviceWindow?.closesAt).toBe(inbound.createdAt + 24 * HOUR); // prettier-ignore

    expect(await invoke(app, 'simulator:passTime', { conversationId, hours: 25 })).toEqual({ moved: 1 }); // prettier-ignore
    const [moved] = await invoke<MessageView[]>(app, 'messages:list', { conversationId });
    expect(moved!.createdAt).toBe(inbound.createdAt - 25 * HOUR);
    expect((await summary(conversationId)).serviceWindow?.closesAt).toBe(inbound.createdAt - HOUR);
    await expect(send(conversationId, 'Yes, Friday at 10')).rejects.toThrow(/24 hours|window/);
  });
});
