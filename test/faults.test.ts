/**
 * Breaking things on purpose (issue 14, "reliability in figures"): each test asserts what the
 * operator sees, what Twilio is answered, and that nothing acknowledged is lost. RELIABILITY.md
 * has the table these fill. Outcomes only; the soak and its slopes are in `npm run bench:faults`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../src/main/core/app';
import { SENDING_SETTINGS_KEY } from '../src/main/core/sendingSettings';
import { isQuietTime } from '../src/main/core/domain/quietHours';
import { MESSAGES_CREATE } from '../src/main/core/simulator';
import { getMessage, getMessageBySid } from '../src/main/core/store/messages';
import { setSetting } from '../src/main/core/store/settings';
import type { DraftView, Notice } from '../src/shared/types';
import { invoke, messageWhen } from './support/appSignals';
import { customerTexts, draftWhen } from './support/draftSignals';
import { startFakeOpenAI } from './support/fakeOpenAI';
import { startTestApp } from './support/testApp';
import { sqlite } from './support/sqlite';

/** Resolves once `check` holds, re-checking on every event the core pushes. */
function until(app: App, check: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const off = app.events.subscribe(() => {
      if (check()) {
        off();
        resolve();
      }
    });
    if (check()) {
      off();
      resolve();
    }
  });
}

function noticesOf(app: App): Notice[] {
  const notices: Notice[] = [];
  app.events.subscribe((event, payload) => {
    if (event === 'notice') notices.push(payload as Notice);
  });
  return notices;
}

describe('faults', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('disk full during a webhook burst: 500s, "disk full" in words, no restart, nothing lost', async () => {
    const { app, stop } = await startTestApp(
      {},
      { jobHandlers: { draft: undefined }, skipStartupCatchUp: true },
    );
    cleanups.push(stop);
    const sim = app.simulator!;
    const notices = noticesOf(app);
    const before = await sim.textBusiness({ from: '+14155550100', body: 'Before the burst' });
    expect(before.webhookStatus).toBe(200);

    // The disk fills: a few pages more and SQLite answers SQLITE_FULL, as on a full volume.
    const pages = sqlite(app.db).pragma('page_count', { simple: true }) as number;
    sqlite(app.db).pragma(`max_page_count = ${pages + 3}`);
    const burst = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        sim.textBusiness({
          from: `+1415555${String(1000 + i)}`,
          body: `Burst ${i}: ${'are you open tomorrow? '.repeat(20)}`,
        }),
      ),
    );
    const answered = burst.filter((r) => r.webhookStatus === 200);
    const refused = burst.filter((r) => r.webhookStatus !== 200);
    // Twilio is told the truth: some were stored before the disk filled, the rest got 500.
    expect(answered.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    expect(new Set(refused.map((r) => r.webhookStatus))).toEqual(new Set([500]));
    // Everything acknowledged is stored.
    for (const r of answered) expect(getMessageBySid(app.db, r.sid)).toBeDefined();
    for (const r of refused) expect(getMessageBySid(app.db, r.sid)).toBeUndefined();
    // The operator reads it in words, once (not once per refused webhook).
    const errors = notices.filter((n) => n.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.text).toMatch(/disk is full/i);

    // Space comes back; no restart. The next webhook is stored, and catch-up fetches the rest.
    sqlite(app.db).pragma('max_page_count = 1000000000');
    const after = await sim.textBusiness({ from: '+14155550100', body: 'After the burst' });
    expect(after.webhookStatus).toBe(200);
    const everySid = [before, ...burst, after].map((r) => r.sid);
    await until(app, () => everySid.every((sid) => getMessageBySid(app.db, sid) !== undefined));
    expect(notices.at(-1)).toMatchObject({ level: 'info', text: expect.stringMatching(/disk space again/) }); // prettier-ignore
    const stored = app.db
      .prepare(`SELECT COUNT(*) AS n FROM messages WHERE direction = 'inbound'`)
      .get() as { n: number };
    expect(stored.n).toBe(everySid.length); // each once
  });

  it('carrier answers 5xx for a while, then recovers: every queued send goes out exactly once', async () => {
    const { app, stop } = await startTestApp({}, { timings: { carrierTimeoutMs: 400 }, jobHandlers: { draft: undefined } }); // prettier-ignore
    cleanups.push(stop);
    setSetting(app.db, SENDING_SETTINGS_KEY, { messagesPerSecond: 100 }, Date.now());
    const sim = app.simulator!;
    const customers = ['+14155550301', '+14155550302', '+14155550303', '+14155550304', '+14155550305']; // prettier-ignore
    const conversations: number[] = [];
    for (const from of customers) {
      conversations.push((await customerTexts(app, from, 'Can I book for Friday?')).conversationId);
    }

    // The outage: every Messages create answers 500 until it is lifted.
    sim.faults.injectRest({ kind: 'serverError', times: 1_000_000, match: MESSAGES_CREATE });
    const ids: number[] = [];
    for (const conversationId of conversations) {
      ids.push((await invoke<{ messageId: number }>(app, 'messages:send', { conversationId, body: 'Yes, see you Friday!' })).messageId); // prettier-ignore
    }
    // Each has been refused twice: the operator sees them waiting (pending), not failed.
    await until(app, () => ids.every((id) => getMessage(app.db, id)!.sendAttempts >= 2));
    for (const id of ids) expect(getMessage(app.db, id)!.status).toBe('pending');
    expect(sim.stats().created).toBe(0);
    expect(sim.stats().rejected).toBeGreaterThanOrEqual(ids.length);

    sim.faults.reset(); // the carrier recovers
    for (const id of ids) await messageWhen(app, id, (m) => m.status === 'delivered');
    for (const to of customers) expect(sim.stats().createdByTo[to]).toBe(1);
    expect(sim.stats().created).toBe(ids.length);
  });

  it('AI endpoint down, then back: drafts fail visibly and retry; inbox and sending unaffected', async () => {
    const fake = await startFakeOpenAI({ script: () => 'Happy to help!' });
    cleanups.push(() => fake.close());
    // Slower retries than the default test backoff, so the drafts are still retrying when the
    // endpoint comes back (with the real policy, 5 attempts span about 15-30 s: see RELIABILITY.md).
    const { app, stop } = await startTestApp(
      { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.url, SWITCHBOARD_MODEL: 'gpt-4o-mini' },
      { timings: { draftTimeoutMs: 400, jobBackoff: { baseMs: 400, maxMs: 2_000 } } },
    );
    cleanups.push(stop);
    setSetting(app.db, SENDING_SETTINGS_KEY, { messagesPerSecond: 100 }, Date.now());
    fake.setFault({ kind: 'server-error', status: 503 }, { requests: 'all' });

    const texted = await Promise.all(
      ['+14155550401', '+14155550402', '+14155550403'].map((from) =>
        app.simulator!.textBusiness({ from, body: 'Do you have a table tonight?' }),
      ),
    );
    // Twilio is answered 200 and the inbox has every text, whatever the AI does.
    expect(texted.map((t) => t.webhookStatus)).toEqual([200, 200, 200]);
    const messages = texted.map((t) => getMessageBySid(app.db, t.sid)!);
    const failed: DraftView[] = [];
    for (const m of messages) {
      failed.push(
        await draftWhen(
          app,
          () => m.conversationId,
          (d) => d.state === 'failed',
        ),
      );
    }
    for (const d of failed) {
      expect(d).toMatchObject({ errorKind: 'server', willRetry: true });
      expect(d.error).toBeTruthy(); // one plain sentence for the operator
    }
    // Sending does not wait for the AI (and a manual reply puts that conversation's draft away).
    const { messageId } = await invoke<{ messageId: number }>(app, 'messages:send', { conversationId: messages[0]!.conversationId, body: 'Yes, at 8?' }); // prettier-ignore
    await messageWhen(app, messageId, (m) => m.status === 'delivered');

    await draftWhen(
      app,
      () => messages[0]!.conversationId,
      (d) => d.state === 'superseded',
    );

    fake.setFault(null); // the endpoint is back: the others retry by themselves
    for (const m of messages.slice(1)) {
      const ready = await draftWhen(
        app,
        () => m.conversationId,
        (d) => d.state === 'ready',
      );
      expect(ready.text).toBe('Happy to help!');
      expect(ready.attempts).toBeGreaterThanOrEqual(2);
    }
  });

  it('clock jumps forward (the laptop slept past a scheduled send): it goes out once on wake', async () => {
    let clock = Date.now();
    const { app, stop } = await startTestApp(
      {},
      { now: () => clock, jobHandlers: { draft: undefined } },
    );
    cleanups.push(stop);
    setSetting(app.db, SENDING_SETTINGS_KEY, { messagesPerSecond: 100 }, clock);
    const inbound = await customerTexts(app, '+14155550501', 'Remind me tomorrow please');
    const { messageId } = await invoke<{ messageId: number }>(app, 'messages:schedule', {
      conversationId: inbound.conversationId,
      body: 'Reminder: your table is at 8 tonight',
      sendAt: clock + 3_600_000,
    });
    expect(getMessage(app.db, messageId)!.status).toBe('scheduled');

    clock += 2 * 3_600_000; // asleep for two hours, past the scheduled time
    app.worker.wake(); // what the next poll (at most a minute later) would find
    const sent = await messageWhen(app, messageId, (m) => m.status === 'delivered');
    expect(sent.sendAttempts).toBe(1);
    expect(app.simulator!.stats().createdByTo['+14155550501']).toBe(1);
  });

  it('a time-zone change on the laptop does not move quiet hours (they are read in their own zone)', () => {
    const quiet = { enabled: true, start: '21:00', end: '08:00', timeZone: 'Europe/Paris' };
    const instants = [Date.UTC(2026, 11, 3, 19, 30), Date.UTC(2026, 11, 3, 21, 0), Date.UTC(2026, 6, 1, 6, 59)]; // prettier-ignore
    const verdicts = (tz: string) => {
      process.env.TZ = tz;
      return instants.map((t) => isQuietTime(new Date(t), quiet));
    };
    const before = process.env.TZ;
    try {
      // 20:30 and 22:00 in Paris (winter), 08:59 in Paris (summer).
      expect(verdicts('UTC')).toEqual([false, true, false]);
      expect(verdicts('Asia/Tokyo')).toEqual([false, true, false]);
      expect(verdicts('America/Los_Angeles')).toEqual([false, true, false]);
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });
});
