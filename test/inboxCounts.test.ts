/**
 * The inbox counters (migration 0060) after every kind of change, driven through the real code
 * paths, compared each time with a count from scratch by the query the console used before the
 * counters existed (the oracle). The tab lists must agree with the same rules.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../src/main/core/app';
import { SENDING_SETTINGS_KEY } from '../src/main/core/sendingSettings';
import { startSimulator, type Simulator } from '../src/main/core/simulator';
import {
  countAttention,
  listConversations,
  readInboxCounts,
  totalUnread,
} from '../src/main/core/store/conversations';
import type { Db } from '../src/main/core/store/database';
import { getMessageBySid } from '../src/main/core/store/messages';
import { setSetting } from '../src/main/core/store/settings';
import {
  attentions,
  triageCategories,
  type Attention,
  type DraftView,
  type MessageView,
  type TriageCategory,
} from '../src/shared/types';
import { invoke, messageWhen } from './support/appSignals';
import { customerTexts, draftWhen } from './support/draftSignals';
import { makeTempDir } from './support/tempDir';
import { startTestApp, liveEnvFor } from './support/testApp';

/** The rules as the console counted them before migration 0060: a join over every conversation. */
const oracleRule: Record<Attention, string> = {
  'needs-reply': `m.direction = 'inbound' AND k.opted_out = 0`,
  drafts: `EXISTS (SELECT 1 FROM drafts d WHERE d.conversation_id = c.id AND d.state = 'ready')`,
  failed: `m.direction = 'outbound' AND m.status IN ('failed', 'undelivered')`,
};
const oracleFrom = `FROM conversations c JOIN contacts k ON k.id = c.contact_id
  LEFT JOIN messages m ON m.id = c.last_message_id WHERE (? IS NULL OR c.category = ?)`;

function recount(db: Db, category: TriageCategory | undefined) {
  const tabs = db
    .prepare(
      `SELECT ${attentions.map((a) => `COALESCE(SUM(${oracleRule[a]}), 0) AS "${a}"`).join(', ')} ${oracleFrom}`,
    )
    .get(category ?? null, category ?? null) as Record<Attention, number>;
  const unread = db
    .prepare('SELECT COALESCE(SUM(unread_count), 0) AS n FROM conversations')
    .get() as {
    n: number;
  };
  return { unreadTotal: unread.n, tabs };
}

function oracleIds(db: Db, attention: Attention): number[] {
  return (
    db
      .prepare(
        `SELECT c.id ${oracleFrom} AND ${oracleRule[attention]}
         ORDER BY c.last_activity_at DESC, c.id DESC`,
      )
      .all(null, null) as { id: number }[]
  ).map((r) => r.id);
}

/**
 * The counters, the `counts:changed` payload and every tab's list against the oracle, all read in
 * one synchronous step (no job can run in between). Returns the counts over every category.
 */
function expectCountsRight(db: Db, after: string) {
  const all = recount(db, undefined);
  const pushed = readInboxCounts(db);
  expect({ unreadTotal: totalUnread(db), tabs: countAttention(db, undefined) }, after).toEqual(all);
  expect({ unreadTotal: pushed.unreadTotal, tabs: pushed.tabs }, after).toEqual(all);
  for (const category of triageCategories) {
    const expected = recount(db, category).tabs;
    expect(countAttention(db, category), `${after} (${category})`).toEqual(expected);
    expect(pushed.byCategory[category], `${after} (${category}, pushed)`).toEqual(expected);
  }
  for (const attention of attentions) {
    expect(
      listConversations(db, { limit: 500, attention }).map((c) => c.id),
      `${after} (${attention} list)`,
    ).toEqual(oracleIds(db, attention));
  }
  return all;
}

const readyOrFailed = (d: DraftView) => d.state === 'ready' || d.state === 'failed';

describe('inbox counters', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('equal a recount after every kind of change, through the real code paths', async () => {
    const { app, stop } = await startTestApp({}, { timings: { autoSendDelayMs: 100 } });
    cleanups.push(stop);
    const { db } = app;
    setSetting(db, SENDING_SETTINGS_KEY, { messagesPerSecond: 100 }, Date.now());
    const draftFor = (message: MessageView, check: (d: DraftView) => boolean = readyOrFailed) =>
      draftWhen(app, () => message.conversationId, (d) => d.replyToMessageId === message.id && check(d)); // prettier-ignore
    const send = async (conversationId: number, body: string) =>
      (await invoke<{ messageId: number }>(app, 'messages:send', { conversationId, body }))
        .messageId;

    // An inbound text: it needs a reply, is unread, and its offline draft waits.
    const ana = await customerTexts(app, '+14155550100', 'Hi, are you open on Saturday?');
    expect(expectCountsRight(db, 'inbound text')).toMatchObject({ unreadTotal: 1 });
    const anaDraft = await draftFor(ana);
    expect(anaDraft.state).toBe('ready');
    expect(expectCountsRight(db, 'draft ready, triaged')).toEqual({
      unreadTotal: 1,
      tabs: { 'needs-reply': 1, drafts: 1, failed: 0 },
    });
    expect(countAttention(db, 'question')['needs-reply']).toBe(1);

    // A second text changes the conversation's category and supersedes the undecided draft.
    const again = await customerTexts(app, '+14155550100', 'My nails were awful, I want a refund');
    expectCountsRight(db, 'second inbound (draft superseded)');
    const againDraft = await draftFor(again);
    expectCountsRight(db, 'category changed');
    expect(countAttention(db, 'question')['needs-reply']).toBe(0);

    // Approving the draft queues a reply, which walks to delivered.
    if (againDraft.state === 'ready') {
      const { messageId } = await invoke<{ messageId: number }>(app, 'drafts:approve', {
        draftId: againDraft.id,
      });
      expect(expectCountsRight(db, 'draft approved, reply queued').tabs).toMatchObject({
        'needs-reply': 0,
        drafts: 0,
      });
      await messageWhen(app, messageId, (m) => m.status === 'sent' || m.status === 'delivered');
      expectCountsRight(db, 'reply sent');
      await messageWhen(app, messageId, (m) => m.status === 'delivered');
      expectCountsRight(db, 'reply delivered');
    } else {
      const messageId = await send(again.conversationId, 'So sorry, we will call you.');
      expectCountsRight(db, 'reply queued');
      await messageWhen(app, messageId, (m) => m.status === 'delivered');
      expectCountsRight(db, 'reply delivered');
    }

    // A draft rejected.
    const ben = await customerTexts(app, '+14155550101', 'Can I book for Friday?');
    const benDraft = await draftFor(ben, (d) => d.state === 'ready');
    await invoke(app, 'drafts:reject', { draftId: benDraft.id, reason: 'wrong day' });
    expect(expectCountsRight(db, 'draft rejected').tabs.drafts).toBe(0);

    // A draft regenerated: the old one superseded, the new one generating, then ready.
    const cleo = await customerTexts(app, '+14155550102', 'What are your opening hours?');
    const cleoDraft = await draftFor(cleo, (d) => d.state === 'ready');
    const regenerated = await invoke<DraftView>(app, 'drafts:regenerate', {
      draftId: cleoDraft.id,
      instruction: 'shorter',
    });
    expectCountsRight(db, 'draft regenerating');
    await draftFor(cleo, (d) => d.id === regenerated.id && d.state === 'ready');
    expect(expectCountsRight(db, 'regenerated draft ready').tabs.drafts).toBe(1);

    // A reply the carrier refuses (failed) and one it cannot deliver (undelivered).
    const bad = await customerTexts(app, '+15005550001', 'Call me');
    await draftFor(bad);
    const failedId = await send(bad.conversationId, 'Calling now');
    expectCountsRight(db, 'reply to an invalid number queued');
    await messageWhen(app, failedId, (m) => m.status === 'failed');
    expect(expectCountsRight(db, 'reply failed').tabs.failed).toBe(1);
    app.simulator!.faults.setDeliveryError('+14155550103', 30007);
    const dan = await customerTexts(app, '+14155550103', 'Is parking free?');
    await draftFor(dan);
    const undeliveredId = await send(dan.conversationId, 'Yes, behind the salon.');
    await messageWhen(app, undeliveredId, (m) => m.status === 'undelivered');
    expect(expectCountsRight(db, 'reply undelivered').tabs.failed).toBe(2);
    // Sent again: the new attempt is the latest message until it fails too.
    app.simulator!.faults.setDeliveryError('+14155550103', null);
    const { messageId: retried } = await invoke<{ messageId: number }>(app, 'messages:retry', {
      messageId: undeliveredId,
    });
    await messageWhen(app, retried, (m) => m.status === 'delivered');
    expect(expectCountsRight(db, 'retry delivered').tabs.failed).toBe(1);

    // Opt-out and opt-in: an opted-out customer never needs a reply.
    const before = expectCountsRight(db, 'before STOP').tabs['needs-reply'];
    await customerTexts(app, '+14155550101', 'STOP');
    expect(expectCountsRight(db, 'opted out').tabs['needs-reply']).toBe(before - 1);
    await customerTexts(app, '+14155550101', 'START');
    expect(expectCountsRight(db, 'opted in').tabs['needs-reply']).toBe(before);

    // Reading a conversation.
    const unread = totalUnread(db);
    await invoke(app, 'conversations:markRead', { conversationId: cleo.conversationId });
    expect(expectCountsRight(db, 'marked read').unreadTotal).toBeLessThan(unread);

    // Importing contacts (an existing one and a new one) changes no count.
    const imported = expectCountsRight(db, 'before import');
    await invoke(app, 'contacts:import', {
      csv: 'name,number\nBen Ortiz,+14155550101\nNew Person,+14155550199\n',
    });
    expect(expectCountsRight(db, 'contacts imported')).toEqual(imported);

    // Retention deletes an old conversation with its messages and drafts.
    db.prepare('UPDATE conversations SET last_activity_at = 0 WHERE id = ?').run(
      cleo.conversationId,
    );
    const beforeRetention = expectCountsRight(db, 'before retention');
    const { conversations } = await invoke<{ conversations: number }>(app, 'retention:apply', {
      months: 1,
    });
    expect(conversations).toBe(1);
    const afterRetention = expectCountsRight(db, 'retention applied');
    expect(afterRetention.tabs.drafts).toBe(beforeRetention.tabs.drafts - 1);
    expect(afterRetention.tabs['needs-reply']).toBe(beforeRetention.tabs['needs-reply'] - 1);

    // The command the console asks once per connection says the same.
    expect(await invoke(app, 'conversations:counts', {})).toEqual(recount(db, undefined));
    expect(await invoke(app, 'conversations:counts', { category: 'complaint' })).toEqual(
      recount(db, 'complaint'),
    );
  });

  it('equal a recount after catch-up takes in missed texts and delivery reports', async () => {
    const BUSINESS = '+15005550006';
    const sim: Simulator = await startSimulator({
      phoneNumbers: [{ phoneNumber: BUSINESS }],
      callbackDelayMs: 50,
    });
    cleanups.push(() => sim.close());
    const data = makeTempDir();
    cleanups.push(data.cleanup);
    const env = liveEnvFor(sim, BUSINESS);
    const start = async () => {
      const { app } = await startTestApp(env, { skipStartupCatchUp: true }, data.path);
      sim.configureNumber(BUSINESS, {
        smsUrl: `${app.webhook.url}/webhooks/twilio/sms`,
        statusCallback: `${app.webhook.url}/webhooks/twilio/status`,
      });
      setSetting(app.db, SENDING_SETTINGS_KEY, { messagesPerSecond: 100 }, Date.now());
      return app;
    };

    const first: App = await start();
    const { sid } = await sim.textBusiness({ from: '+14155550100', body: 'Hello?' });
    const seen = getMessageBySid(first.db, sid)!;
    sim.faults.setDeliveryError('+14155550100', 30007);
    const { messageId } = await invoke<{ messageId: number }>(first, 'messages:send', {
      conversationId: seen.conversationId,
      body: 'Hi! How can I help?',
    });
    const accepted = await messageWhen(first, messageId, (m) => m.sid !== null);
    expect(expectCountsRight(first.db, 'reply accepted').tabs.failed).toBe(0);
    await first.close(); // asleep before the delivery report

    await sim.statusWalkDone(accepted.sid!); // undelivered, and nobody heard it
    await sim.textBusiness({ from: '+14155550199', body: 'Do you deliver?' });

    const second = await start();
    cleanups.push(() => second.close());
    expect(await second.catchUp()).toEqual({ inboundTakenIn: 1, statusesRefreshed: 1 });
    expect(expectCountsRight(second.db, 'after catch-up')).toMatchObject({
      tabs: { 'needs-reply': 1, failed: 1 },
    });
  });
});
