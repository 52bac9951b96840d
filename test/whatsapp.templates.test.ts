/**
 * WhatsApp templates (Twilio Content API) and consent (issue 16, items 4, 5, 9, 10): the
 * simulator's Content API through the real SDK, the cached list (offline too), a template sent with
 * its variables outside the window, what is refused and why, consent, STOP on WhatsApp, and the
 * AI proposing a template (through the fake OpenAI server, and offline).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../src/main/core/app';
import { createTwilioClient } from '../src/main/core/carriers/twilioSdk';
import { SENDING_SETTINGS_KEY } from '../src/main/core/sendingSettings';
import { startSimulator, type Simulator } from '../src/main/core/simulator';
import { listAudit } from '../src/main/core/store/audit';
import { getMessageBySid } from '../src/main/core/store/messages';
import { setSetting } from '../src/main/core/store/settings';
import type { ContactDetails, DraftView, MessageView, TemplateList } from '../src/shared/types';
import { invoke, messageWhen } from './support/appSignals';
import { startFakeOpenAI, type FakeOpenAI } from './support/fakeOpenAI';
import { startTestApp } from './support/testApp';

const HOUR = 60 * 60 * 1000;
const SANDBOX = 'whatsapp:+14155238886';

describe("the simulator's Content API, through the twilio SDK", () => {
  let sim: Simulator;
  beforeEach(async () => {
    sim = await startSimulator({ callbackDelayMs: 1 });
  });
  afterEach(() => sim.close());
  const client = () =>
    createTwilioClient({ accountSid: sim.accountSid, authToken: sim.authToken, apiBaseUrl: sim.url }); // prettier-ignore

  it('lists templates with their WhatsApp approval, as Twilio shapes them', async () => {
    const listed = await client().content.v1.contentAndApprovals.list();
    expect(
      listed.map((t) => [
        t.friendlyName,
        (t.approvalRequests as { whatsapp: { status: string } }).whatsapp.status,
      ]),
    ).toEqual([
      // prettier-ignore
      ['appointment_reminder', 'approved'],
      ['order_ready', 'approved'],
      ['we_tried_to_reach_you', 'approved'],
      ['spring_offer', 'pending'],
      ['review_request', 'rejected'],
    ]);
    const [first] = listed;
    expect(first!.sid).toMatch(/^HX[0-9a-f]{32}$/);
    expect(first!.language).toBe('en');
    expect(first!.dateCreated).toBeInstanceOf(Date);
    expect(first!.types).toEqual({ 'twilio/text': { body: expect.stringContaining('{{1}}') } });
    expect(first!.variables).toMatchObject({ '1': 'Maria' });
    const rejected = listed[4]!.approvalRequests as { whatsapp: { rejection_reason: string } };
    expect(rejected.whatsapp.rejection_reason).toMatch(/incentive/);

    const contents = await client().content.v1.contents.list();
    expect(contents).toHaveLength(5);
    expect((await client().content.v1.contents(first!.sid).fetch()).friendlyName).toBe('appointment_reminder'); // prettier-ignore
  });

  it('renders a template send, refuses bad ones, and outside the window takes only an approved template', async () => {
    const [reminder, , , pending] = sim.templates.list();
    const to = 'whatsapp:+14155550190'; // never wrote: no window
    const sent = await client().messages.create({
      from: SANDBOX,
      to,
      contentSid: reminder!.sid,
      contentVariables: JSON.stringify({ '1': 'Ana', '2': 'Bella Salon', '3': 'Monday at 10' }),
    });
    expect(sent.body).toBe('Hi Ana, this is Bella Salon: a reminder of your appointment on Monday at 10. Reply here to confirm or to change it.'); // prettier-ignore
    await sim.statusWalkDone(sent.sid);
    expect(sim.messages().find((m) => m.sid === sent.sid)).toMatchObject({ status: 'read', contentSid: reminder!.sid }); // prettier-ignore

    const waiting = await client().messages.create({ from: SANDBOX, to, contentSid: pending!.sid });
    await sim.statusWalkDone(waiting.sid);
    expect(sim.messages().find((m) => m.sid === waiting.sid)).toMatchObject({ status: 'failed', errorCode: 63027 }); // prettier-ignore
    const free = await client().messages.create({ from: SANDBOX, to, body: 'Hello!' });
    await sim.statusWalkDone(free.sid);
    expect(sim.messages().find((m) => m.sid === free.sid)).toMatchObject({ status: 'failed', errorCode: 63016 }); // prettier-ignore

    await expect(client().messages.create({ from: SANDBOX, to, contentSid: 'HX' + '0'.repeat(32) })).rejects.toMatchObject({ code: 21655 }); // prettier-ignore
    await expect(client().messages.create({ from: SANDBOX, to, contentSid: reminder!.sid, contentVariables: '{"1": ""}' })).rejects.toMatchObject({ code: 21656 }); // prettier-ignore
    await expect(client().messages.create({ from: SANDBOX, to, body: 'x', contentVariables: '{"1":"a"}' })).rejects.toMatchObject({ code: 21654 }); // prettier-ignore
  });
});

describe('WhatsApp templates and consent in the core', () => {
  let app: App;
  let stop: () => Promise<void>;
  let clock: number;
  let fake: FakeOpenAI | undefined;

  const start = async (env: Record<string, string> = {}) => {
    clock = Date.now();
    ({ app, stop } = await startTestApp(env, { now: () => clock }));
    setSetting(app.db, SENDING_SETTINGS_KEY, { messagesPerSecond: 100 }, clock);
  };
  afterEach(async () => {
    await stop();
    await fake?.close();
    fake = undefined;
  });

  /** Maria writes on WhatsApp `hoursAgo` hours ago (for the simulator and the core's clock alike). */
  const mariaWrote = async (body: string, hoursAgo: number) => {
    const { sid } = await app.simulator!.textBusiness({
      from: 'whatsapp:+14155550142',
      body,
      profileName: 'Maria Lopez',
      at: new Date(Date.now() - hoursAgo * HOUR),
    });
    const message = getMessageBySid(app.db, sid)!;
    clock += hoursAgo * HOUR;
    return message;
  };
  const list = (conversationId?: number) =>
    invoke<TemplateList>(app, 'templates:list', conversationId ? { conversationId } : {});
  const refresh = (conversationId?: number) =>
    invoke<TemplateList>(app, 'templates:refresh', conversationId ? { conversationId } : {});
  const byName = (templates: TemplateList, name: string) =>
    templates.templates.find((t) => t.name === name)!;
  const contactOf = async (conversationId: number) =>
    (await invoke<{ contact: { id: number } }>(app, 'conversations:get', { conversationId })).contact.id; // prettier-ignore

  it('caches the list with approval states, and shows it offline when the carrier is unreachable', async () => {
    await start();
    expect(await list()).toMatchObject({ templates: [], fetchedAt: null });
    const fetched = await refresh();
    expect(fetched.fetchedAt).toBe(clock);
    expect(fetched.templates.map((t) => [t.name, t.usable, t.approvalText])).toEqual([
      ['appointment_reminder', true, 'Approved'],
      ['order_ready', true, 'Approved'],
      ['we_tried_to_reach_you', true, 'Approved'],
      ['spring_offer', false, 'Waiting for approval'],
      ['review_request', false, expect.stringMatching(/^Rejected: .*incentive/)],
    ]);
    expect(byName(fetched, 'appointment_reminder').placeholders).toEqual(['1', '2', '3']);
    expect(byName(fetched, 'spring_offer').whyNot).toMatch(/has not approved “spring_offer” yet/);

    // The carrier is gone: refreshing says so, and the list from last time is still there.
    const fetchedAt = fetched.fetchedAt;
    clock += HOUR;
    await app.simulator!.close();
    await expect(refresh()).rejects.toMatchObject({
      message: expect.stringMatching(/^Could not fetch your templates: Twilio could not be reached\. The list saved last time is still shown/), // prettier-ignore
    });
    const offline = await list();
    expect(offline.fetchedAt).toBe(fetchedAt);
    expect(offline.templates).toHaveLength(5);
  });

  it('outside the window: free text refused, consent required then recorded, an approved template sent with its variables', async () => {
    await start();
    const inbound = await mariaWrote('Can I move my appointment?', 25);
    const { conversationId } = inbound;
    const templates = await refresh(conversationId);
    const reminder = byName(templates, 'appointment_reminder');
    // Filled from the contact (first name) and the demo business profile; the date is left to the operator.
    expect(templates.filled[reminder.sid]).toEqual({ '1': 'Maria', '2': 'Bella Salon' });
    expect(templates.consent).toEqual({ required: true, recorded: false, problem: expect.stringMatching(/agreement/) }); // prettier-ignore

    await expect(invoke(app, 'messages:send', { conversationId, body: 'Sure!' })).rejects.toMatchObject({ message: expect.stringMatching(/Send an approved template from the composer/) }); // prettier-ignore
    const variables = { '1': 'Maria', '2': 'Bella Salon', '3': 'Friday at 4 pm' };
    const sendTemplate = (sid: string, vars: Record<string, string> = variables) =>
      invoke<{ messageId: number }>(app, 'templates:send', { conversationId, templateSid: sid, variables: vars }); // prettier-ignore
    await expect(sendTemplate(reminder.sid)).rejects.toMatchObject({
      message: expect.stringMatching(
        /WhatsApp requires the customer’s agreement .* Record how they agreed/,
      ),
    });
    expect(app.simulator!.stats().created).toBe(0);

    const contactId = await contactOf(conversationId);
    const contact = await invoke<ContactDetails>(app, 'contacts:recordConsent', { contactId, method: 'in-person', note: 'At the counter', recordedBy: 'Ana' }); // prettier-ignore
    expect(contact.whatsappConsent).toMatchObject({ method: 'in-person', methodText: 'Agreed in person', recordedBy: 'Ana', recordedAt: clock, active: true }); // prettier-ignore
    expect(listAudit(app.db).map((e) => e.action)).toContain('contact.whatsapp_consent_recorded');

    // A pending template and a blank variable are refused in words that say what to do.
    await expect(sendTemplate(byName(templates, 'spring_offer').sid, { '1': 'Maria', '2': 'Bella Salon' })).rejects.toMatchObject({ message: expect.stringMatching(/has not approved “spring_offer” yet.*Pick an approved template/) }); // prettier-ignore
    await expect(sendTemplate(reminder.sid, { '1': 'Maria', '2': 'Bella Salon' })).rejects.toMatchObject({ message: 'Fill in {{3}} before sending “appointment_reminder”.' }); // prettier-ignore

    const { messageId } = await sendTemplate(reminder.sid);
    const read = await messageWhen(app, messageId, (m) => m.status === 'read');
    const rendered = 'Hi Maria, this is Bella Salon: a reminder of your appointment on Friday at 4 pm. Reply here to confirm or to change it.'; // prettier-ignore
    expect(read).toMatchObject({ body: rendered, template: { sid: reminder.sid, name: 'appointment_reminder' }, error: null }); // prettier-ignore
    // The carrier received the template by SID with its variables, not a free-form body.
    const atCarrier = app.simulator!.messages().find((m) => m.sid === read.sid)!;
    expect(atCarrier).toMatchObject({ contentSid: reminder.sid, body: rendered });
    expect(JSON.parse(atCarrier.contentVariables!)).toEqual(variables);
    const thread = await invoke<MessageView[]>(app, 'messages:list', { conversationId });
    expect(thread.at(-1)).toMatchObject({ body: rendered, template: { name: 'appointment_reminder' } }); // prettier-ignore

    // Withdrawn: the business may not write first again.
    await invoke(app, 'contacts:withdrawConsent', { contactId });
    await expect(sendTemplate(reminder.sid)).rejects.toMatchObject({ message: expect.stringMatching(/withdrew their consent/) }); // prettier-ignore
  });

  it('inside the window a template needs no recorded consent; STOP on WhatsApp blocks every send', async () => {
    await start();
    const inbound = await mariaWrote('Is my order ready?', 1);
    const { conversationId } = inbound;
    const orderReady = byName(await refresh(conversationId), 'order_ready');
    const vars = { '1': 'Maria', '2': 'Bella Salon', '3': '6 pm' };
    const { messageId } = await invoke<{ messageId: number }>(app, 'templates:send', { conversationId, templateSid: orderReady.sid, variables: vars }); // prettier-ignore
    expect((await messageWhen(app, messageId, (m) => m.status === 'read')).template?.sid).toBe(orderReady.sid); // prettier-ignore

    const stop = await app.simulator!.textBusiness({ from: 'whatsapp:+14155550142', body: 'STOP' });
    expect(stop.webhookStatus).toBe(200);
    const contact = await invoke<ContactDetails>(app, 'contacts:get', { contactId: await contactOf(conversationId) }); // prettier-ignore
    expect(contact.optedOut).toBe(true);
    await expect(invoke(app, 'messages:send', { conversationId, body: 'Bye' })).rejects.toMatchObject({ message: expect.stringMatching(/texted STOP/) }); // prettier-ignore
    await expect(invoke(app, 'templates:send', { conversationId, templateSid: orderReady.sid, variables: vars })).rejects.toMatchObject({ message: expect.stringMatching(/texted STOP/) }); // prettier-ignore
    expect(app.simulator!.stats().created).toBe(1);
  });

  it('a template WhatsApp turned down meanwhile fails with 63027 explained, and Retry sends it again as the template', async () => {
    await start();
    const { conversationId } = await mariaWrote('Can you call me back?', 30);
    const reachOut = byName(await refresh(conversationId), 'we_tried_to_reach_you');
    await invoke(app, 'contacts:recordConsent', { contactId: await contactOf(conversationId), method: 'web-form' }); // prettier-ignore
    // Approved in our list, but paused at WhatsApp since the list was fetched.
    app.simulator!.templates.setStatus(reachOut.sid, 'pending');
    const variables = { '1': 'Maria', '2': 'Bella Salon' };
    const { messageId } = await invoke<{ messageId: number }>(app, 'templates:send', { conversationId, templateSid: reachOut.sid, variables }); // prettier-ignore
    const failed = await messageWhen(app, messageId, (m) => m.status === 'failed');
    expect(failed.error).toMatchObject({ code: 63027, title: 'No approved WhatsApp template for this message' }); // prettier-ignore

    app.simulator!.templates.setStatus(reachOut.sid, 'approved');
    const retried = await invoke<{ messageId: number }>(app, 'messages:retry', { messageId });
    const sent = await messageWhen(app, retried.messageId, (m) => m.status === 'read');
    expect(sent).toMatchObject({ retryOf: messageId, template: { sid: reachOut.sid }, body: failed.body }); // prettier-ignore
    expect(app.simulator!.messages().find((m) => m.sid === sent.sid)).toMatchObject({ contentSid: reachOut.sid }); // prettier-ignore
  });

  it('proposes a template offline, explained, as a draft the operator approves', async () => {
    await start();
    const { conversationId } = await mariaWrote('Hi, is my order ready to pick up?', 30);
    await refresh(conversationId);
    const draft = await invoke<DraftView>(app, 'templates:suggest', { conversationId });
    expect(draft).toMatchObject({
      state: 'ready',
      provider: 'offline',
      template: { name: 'order_ready', variables: { '1': 'Maria', '2': 'Bella Salon' } },
      label: expect.stringMatching(/^Offline suggestion · template “order_ready”: Offline pick: the conversation mentions .*“order”/), // prettier-ignore
      text: 'Hi Maria, your order at Bella Salon is ready to collect. We are open until {{3}} today.',
    });
    const contactId = await contactOf(conversationId);
    await invoke(app, 'contacts:recordConsent', { contactId, method: 'customer-wrote-first' });
    // Edited (the operator fills the closing time) and sent as the template.
    const { messageId } = await invoke<{ messageId: number }>(app, 'templates:send', {
      conversationId,
      templateSid: draft.template!.sid,
      variables: { ...draft.template!.variables, '3': '7 pm' },
      draftId: draft.id,
    });
    const sent = await messageWhen(app, messageId, (m) => m.status === 'read');
    expect(sent.body).toBe('Hi Maria, your order at Bella Salon is ready to collect. We are open until 7 pm today.'); // prettier-ignore
    const [decided] = await invoke<DraftView[]>(app, 'drafts:list', { conversationId });
    expect(decided).toMatchObject({ id: draft.id, state: 'edited', textSent: sent.body });
  });

  it('asks the model which template fits, through the openai SDK, and approves its proposal as is', async () => {
    let sid = '';
    fake = await startFakeOpenAI({
      json: (request) => {
        const asked = request.messages?.at(-1)?.content ?? '';
        if (!asked.startsWith('TEMPLATES')) return undefined; // triage
        sid = (JSON.parse(asked.split('\n')[1]!) as Array<{ sid: string; name: string }>).find((t) => t.name === 'appointment_reminder')!.sid; // prettier-ignore
        return { sid, variables: { '1': 'Someone else', '3': 'Friday at 3 pm' }, reason: 'She asked to confirm Friday.' }; // prettier-ignore
      },
    });
    await start({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.url, SWITCHBOARD_MODEL: 'gpt-4o-mini' }); // prettier-ignore
    const { conversationId } = await mariaWrote('Still on for Friday at 3?', 26);
    await refresh(conversationId);
    const draft = await invoke<DraftView>(app, 'templates:suggest', { conversationId });
    expect(draft).toMatchObject({
      provider: 'openai',
      model: 'gpt-4o-mini',
      // What Switchboard knows (her first name, the business) wins over the model's reading.
      template: { sid, variables: { '1': 'Maria', '2': 'Bella Salon', '3': 'Friday at 3 pm' } },
      text: 'Hi Maria, this is Bella Salon: a reminder of your appointment on Friday at 3 pm. Reply here to confirm or to change it.', // prettier-ignore
    });
    expect(fake.requests.some((r) => r.body?.response_format?.type === 'json_object' && r.body.messages?.at(-1)?.content.startsWith('TEMPLATES'))).toBe(true); // prettier-ignore
    await invoke(app, 'contacts:recordConsent', { contactId: await contactOf(conversationId), method: 'web-form' }); // prettier-ignore
    const { messageId } = await invoke<{ messageId: number }>(app, 'drafts:approve', { draftId: draft.id }); // prettier-ignore
    const sent = await messageWhen(app, messageId, (m) => m.status === 'read');
    expect(sent).toMatchObject({ body: draft.text, template: { sid } });
  });
});
