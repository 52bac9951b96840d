/**
 * Issue 17, items 3 and 4 through the whole core (demo mode, the simulator as the carrier, a fake
 * clock through `now`): hand-off rules holding auto-send with their reason, and the closed-hours
 * reply once per closure across a restart and a time-zone change, never on top of a person's
 * reply, never to an opted-out contact; the away switch.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { App, AppDeps } from '../src/main/core/app';
import { defaultClosedReply } from '../src/main/core/drafting/settings';
import { SENDING_SETTINGS_KEY } from '../src/main/core/sendingSettings';
import { listAudit } from '../src/main/core/store/audit';
import { getConversationSummary } from '../src/main/core/store/conversations';
import { queueStats } from '../src/main/core/store/jobs';
import { setSetting } from '../src/main/core/store/settings';
import type { AwayState, HeldForOperator, MessageView, OpeningHours } from '../src/shared/types';
import { invoke, messageWhen } from './support/appSignals';
import { customerTexts, draftWhen } from './support/draftSignals';
import { startFakeOpenAI, type FakeOpenAI } from './support/fakeOpenAI';
import { makeTempDir } from './support/tempDir';
import { startTestApp } from './support/testApp';
import { sqlite } from './support/sqlite';

const at = (iso: string) => Date.parse(iso);
const weekday = [{ start: '09:00', end: '18:00' }];
const newYork: OpeningHours = {
  timeZone: 'America/New_York',
  week: [[], weekday, weekday, weekday, weekday, weekday, [{ start: '10:00', end: '14:00' }]],
  exceptions: [],
};
const CLOSED_REPLY_EN =
  "Thanks for your message! We're closed right now. We open again tomorrow at 9:00 AM and will reply then.";

let clock = Date.now();
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const stopped = new WeakSet<App>();
async function start(deps: AppDeps = {}, dataDir?: string, env: Record<string, string> = {}) {
  const { app, stop } = await startTestApp(env, { now: () => clock, ...deps }, dataDir);
  cleanups.push(() => (stopped.has(app) ? undefined : stop()));
  setSetting(app.db, SENDING_SETTINGS_KEY, { messagesPerSecond: 100 }, clock);
  return app;
}

const settled = (app: App, message: MessageView) =>
  draftWhen(
    app,
    () => message.conversationId,
    (d) => d.replyToMessageId === message.id && d.state !== 'generating',
  );

const autoReplies = (app: App, conversationId: number) =>
  sqlite(app.db)
    .prepare(`SELECT body FROM messages WHERE conversation_id = ? AND author = 'auto' ORDER BY id`)
    .pluck()
    .all(conversationId) as string[];

/** Resolves with the automatic reply number `n` (1-based) of the conversation once it exists. */
function autoReply(app: App, conversationId: number, n = 1): Promise<string> {
  return new Promise((resolve) => {
    const test = () => {
      const body = autoReplies(app, conversationId)[n - 1];
      if (body === undefined) return;
      off();
      resolve(body);
    };
    const off = app.events.subscribe((event) => {
      if (event === 'message:added' || event === 'message:updated') test();
    });
    test();
  });
}

/** Resolves once the conversation is held for the operator (now or on a later event). */
function heldWhen(app: App, conversationId: () => number | undefined): Promise<string> {
  return new Promise((resolve) => {
    const test = () => {
      const id = conversationId();
      const reason = id === undefined ? null : getConversationSummary(app.db, id)?.heldReason;
      if (!reason) return;
      off();
      resolve(reason);
    };
    const off = app.events.subscribe((event) => {
      if (event === 'conversation:held' || event === 'message:added') test();
    });
    test();
  });
}

const openClosedReplies = (app: App, hours: OpeningHours = newYork) =>
  invoke(app, 'drafting:saveSettings', {
    openingHours: hours,
    closedReply: { ...defaultClosedReply(), enabled: true },
  });

describe('hand-off rules on auto-send', () => {
  /** A conversation on auto-send for questions and bookings, with a countdown long enough to see. */
  async function autoConversation(app: App, from: string): Promise<number> {
    await invoke(app, 'drafting:saveSettings', { autoSendCategories: ['question', 'booking'] });
    const first = await customerTexts(app, from, 'hi');
    await settled(app, first);
    await invoke(app, 'conversations:setAiMode', {
      conversationId: first.conversationId,
      mode: 'auto',
    });
    // The operator's hello answers the first text, so only what follows is auto-send's.
    const { messageId } = await invoke<{ messageId: number }>(app, 'messages:send', {
      conversationId: first.conversationId,
      body: 'Hello! How can we help?',
    });
    await messageWhen(app, messageId, (m) => m.status === 'delivered');
    return first.conversationId;
  }

  it('holds an angry message for the operator with the reason, until they answer', async () => {
    clock = at('2026-12-01T15:00:00Z'); // open
    const app = await start({ timings: { autoSendDelayMs: 150 } });
    const conversationId = await autoConversation(app, '+14155550170');
    const events: HeldForOperator[] = [];
    app.events.subscribe((event, payload) => {
      if (event === 'conversation:held') events.push(payload as HeldForOperator);
    });

    const angry = await customerTexts(app, '+14155550170', 'This is the worst service ever!!');
    const reason = await heldWhen(app, () => conversationId);
    expect(reason).toBe('the message is a complaint');
    const draft = await settled(app, angry);
    expect(draft.autoSendAt).toBeNull();
    expect(events).toEqual([
      { conversationId, rule: 'topic', reason, autoReply: 'auto-send', at: clock },
    ]);
    const audit = listAudit(app.db).find((a) => a.action === 'conversation.held_for_operator');
    expect(JSON.parse(audit!.details)).toEqual({ rule: 'topic', reason, autoReply: 'auto-send' });

    // While held, not even an allowed question goes out by itself.
    const question = await customerTexts(app, '+14155550170', 'What time do you open Saturday?');
    expect(await settled(app, question)).toMatchObject({ state: 'ready', autoSendAt: null });
    expect(autoReplies(app, conversationId)).toEqual([]);

    // The operator answers: the hold is over.
    await invoke(app, 'messages:send', { conversationId, body: 'So sorry! Calling you now.' });
    expect(getConversationSummary(app.db, conversationId)!.heldReason).toBeNull();
  });

  it('holds when the customer asks for a person, and when they write again unanswered', async () => {
    clock = at('2026-12-01T15:00:00Z');
    const app = await start({ timings: { autoSendDelayMs: 60_000 } });
    const person = await autoConversation(app, '+14155550171');
    await customerTexts(app, '+14155550171', 'Can I talk to a real person?');
    expect(await heldWhen(app, () => person)).toBe('the customer asked for a person');

    const twice = await autoConversation(app, '+14155550172');
    const first = await customerTexts(app, '+14155550172', 'Can I book Friday at 3?');
    const counting = await draftWhen(app, () => twice, (d) => d.replyToMessageId === first.id && d.autoSendAt !== null); // prettier-ignore
    expect(counting.autoSendAt).not.toBeNull(); // one text: auto-send answers it
    await customerTexts(app, '+14155550172', 'Hello??');
    expect(await heldWhen(app, () => twice)).toBe('the customer wrote 2 times without an answer');
  });

  it('stops a countdown when the operator starts typing there', async () => {
    clock = at('2026-12-01T15:00:00Z');
    const app = await start({ timings: { autoSendDelayMs: 60_000 } });
    const conversationId = await autoConversation(app, '+14155550173');
    const question = await customerTexts(app, '+14155550173', 'Are you open on Saturday?');
    const counting = await draftWhen(app, () => conversationId, (d) => d.replyToMessageId === question.id && d.autoSendAt !== null); // prettier-ignore

    await invoke(app, 'conversations:typing', { conversationId });
    expect(getConversationSummary(app.db, conversationId)!.heldReason).toBe(
      'you were typing in this conversation',
    );
    const stopped = await draftWhen(
      app,
      () => conversationId,
      (d) => d.id === counting.id,
    );
    expect(stopped).toMatchObject({ state: 'ready', autoSendAt: null });
  });

  it('holds when the model says it is unsure', async () => {
    const fake: FakeOpenAI = await startFakeOpenAI({
      script: () => 'We open at 10 on Saturdays.',
      triage: () => ({ category: 'question', urgency: 'normal', unsure: true }),
    });
    cleanups.push(() => fake.close());
    clock = at('2026-12-01T15:00:00Z');
    const app = await start({ timings: { autoSendDelayMs: 60_000 } }, undefined, {
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: fake.url,
    });
    const conversationId = await autoConversation(app, '+14155550174');
    const question = await customerTexts(app, '+14155550174', 'Do you open Saturday?');
    expect(await heldWhen(app, () => conversationId)).toBe('the AI was not sure how to answer');
    expect(await settled(app, question)).toMatchObject({ state: 'ready', autoSendAt: null });
  });

  it('holds a model’s answer to a question the business’s knowledge does not cover, not one it does', async () => {
    const fake: FakeOpenAI = await startFakeOpenAI({
      script: () => 'Happy to help!',
      triage: () => ({ category: 'question', urgency: 'normal' }),
    });
    cleanups.push(() => fake.close());
    clock = at('2026-12-01T15:00:00Z');
    const app = await start({ timings: { autoSendDelayMs: 60_000 } }, undefined, {
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: fake.url,
    });
    // The demo business's knowledge says when it opens on Sunday, nothing about its staff.
    const covered = await autoConversation(app, '+14155550175');
    const sunday = await customerTexts(app, '+14155550175', 'Are you open on Sunday?');
    expect(await settled(app, sunday)).toMatchObject({ state: 'ready', autoSendAt: expect.any(Number) }); // prettier-ignore
    expect(getConversationSummary(app.db, covered)!.heldReason).toBeNull();

    const uncovered = await autoConversation(app, '+14155550176');
    const staff = await customerTexts(app, '+14155550176', 'Is Maria working tomorrow?');
    expect(await heldWhen(app, () => uncovered)).toBe('the question is not in your business knowledge'); // prettier-ignore
    expect(await settled(app, staff)).toMatchObject({ state: 'ready', autoSendAt: null });
  });
});

describe('the closed-hours reply', () => {
  it('goes once per closure, across a restart and a change of time zone', async () => {
    const dir = makeTempDir();
    cleanups.push(dir.cleanup);
    clock = at('2026-12-02T04:00:00Z'); // Tuesday 23:00 in New York
    let app = await start({}, dir.path);
    await openClosedReplies(app);
    const first = await customerTexts(app, '+14155550180', 'Hi, can I book a cut for Thursday?');
    const { conversationId } = first;
    expect(await autoReply(app, conversationId)).toBe(CLOSED_REPLY_EN);
    expect(listAudit(app.db).map((a) => a.action)).toContain('message.closed_reply');
    await settled(app, first); // the operator still gets a draft for the morning

    // A restart: the record is in the database, not in memory.
    await app.close();
    stopped.add(app);
    clock += 10 * 60_000;
    app = await start({}, dir.path);
    const second = await customerTexts(app, '+14155550180', 'Also, do you do colour?');
    await settled(app, second);
    expect(autoReplies(app, conversationId)).toHaveLength(1);
    const held = () => getConversationSummary(app.db, conversationId)!.heldReason;
    expect(held()).toBeNull(); // skipped for the record, not held for writing twice

    // The operator answers from home (so no rule about unanswered texts comes into it)…
    clock = at('2026-12-02T04:30:00Z');
    await invoke(app, 'messages:send', { conversationId, body: 'We will confirm in the morning!' });

    // …then the business moves to Auckland, where it closed a minute ago, after that answer: still
    // the closure the customer was told about (they were promised 9:00 in New York, not yet come).
    clock = at('2026-12-02T05:01:00Z');
    await openClosedReplies(app, { ...newYork, timeZone: 'Pacific/Auckland' });
    const third = await customerTexts(app, '+14155550180', 'Thanks!');
    await settled(app, third);
    expect(autoReplies(app, conversationId)).toHaveLength(1);
    expect(held()).toBeNull();

    // Back in New York, the operator answers during the day; the next night is a new closure.
    await openClosedReplies(app);
    clock = at('2026-12-02T15:00:00Z');
    await invoke(app, 'messages:send', { conversationId, body: 'Yes, Thursday at 2 works!' });
    clock = at('2026-12-03T04:00:00Z');
    await customerTexts(app, '+14155550180', 'Can I bring my daughter too?');
    expect(await autoReply(app, conversationId, 2)).toBe(CLOSED_REPLY_EN);
  });

  it('answers in the customer’s language', async () => {
    clock = at('2026-12-02T04:00:00Z');
    const app = await start();
    await openClosedReplies(app);
    const hola = await customerTexts(app, '+14155550181', 'Hola, ¿puedo reservar para el jueves?');
    expect(await autoReply(app, hola.conversationId)).toBe(
      '¡Gracias por tu mensaje! Ahora estamos cerrados. Volvemos a abrir mañana a las 9:00 y te responderemos entonces.',
    );
  });

  it('never goes on top of a reply a person sent in that closure', async () => {
    clock = at('2026-12-01T22:00:00Z'); // Tuesday 17:00: open
    const app = await start();
    await openClosedReplies(app);
    const first = await customerTexts(app, '+14155550182', 'Is my colour ready to book?');
    await settled(app, first);
    clock = at('2026-12-02T03:00:00Z'); // 22:00: closed, and the operator answers from home
    await invoke(app, 'messages:send', {
      conversationId: first.conversationId,
      body: 'Yes! Come Thursday.',
    });
    clock += 60_000;
    const thanks = await customerTexts(app, '+14155550182', 'Great, thank you');
    await settled(app, thanks);
    expect(autoReplies(app, first.conversationId)).toEqual([]);
  });

  it('never goes to an opted-out contact', async () => {
    clock = at('2026-12-02T04:00:00Z');
    const app = await start();
    await openClosedReplies(app);
    const stop = await customerTexts(app, '+14155550183', 'STOP');
    const after = await customerTexts(app, '+14155550183', 'hello?');
    expect(queueStats(app.db).queued).toBe(0); // no draft job, so nothing that could answer
    expect(autoReplies(app, stop.conversationId)).toEqual([]);
    expect(after.conversationId).toBe(stop.conversationId);
  });

  it('is held like any automatic reply when a hand-off rule fires', async () => {
    clock = at('2026-12-02T04:00:00Z');
    const app = await start();
    await openClosedReplies(app);
    const text = await customerTexts(app, '+14155550184', 'I want to speak to the manager');
    await settled(app, text);
    expect(getConversationSummary(app.db, text.conversationId)!.heldReason).toBe(
      'the customer asked for a person',
    );
    expect(autoReplies(app, text.conversationId)).toEqual([]);
  });
});

describe('the away switch', () => {
  it('replies once while away, stops when switched off, and again in a new away period', async () => {
    clock = at('2026-12-02T15:00:00Z'); // Wednesday 10:00: open, closed-hours reply off
    const app = await start();
    const changes: AwayState[] = [];
    app.events.subscribe((event, payload) => {
      if (event === 'away:changed') changes.push(payload as AwayState);
    });
    expect(await invoke(app, 'drafting:setAway', { on: true })).toEqual({ on: true, since: clock });
    clock += 60_000;
    const first = await customerTexts(app, '+14155550190', 'Are you there?');
    const { conversationId } = first;
    expect(await autoReply(app, conversationId)).toBe(
      "Thanks for your message! We're away right now and will reply as soon as we're back.",
    );
    const again = await customerTexts(app, '+14155550190', 'Hello?');
    await settled(app, again);
    expect(autoReplies(app, conversationId)).toHaveLength(1);

    clock += 60_000;
    await invoke(app, 'drafting:setAway', { on: false });
    await invoke(app, 'messages:send', { conversationId, body: 'Back now, how can I help?' });
    const open = await customerTexts(app, '+14155550190', 'Can I book Friday?');
    await settled(app, open);
    expect(autoReplies(app, conversationId)).toHaveLength(1);
    await invoke(app, 'messages:send', { conversationId, body: 'Friday at 3 is yours.' });

    clock += 60_000;
    await invoke(app, 'drafting:setAway', { on: true });
    clock += 60_000;
    await customerTexts(app, '+14155550190', 'One more question');
    await autoReply(app, conversationId, 2);
    expect(changes.map((c) => c.on)).toEqual([true, false, true]);
    const { away } = await invoke<{ away: AwayState }>(app, 'drafting:getSettings', {});
    expect(away.on).toBe(true);
    const actions = listAudit(app.db).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['settings.away_on', 'settings.away_off']));
  });
});
