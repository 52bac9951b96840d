/**
 * Breaking things on purpose (issue 14, "reliability in figures"): each test asserts what the
 * operator sees, what Twilio is answered, and that nothing acknowledged is lost. RELIABILITY.md
 * has the table these fill. Outcomes only; the soak and its slopes are in `npm run bench:faults`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../src/main/core/app';
import { getMessageBySid } from '../src/main/core/store/messages';
import type { Notice } from '../src/shared/types';
import { startTestApp } from './support/testApp';

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
    const pages = app.db.pragma('page_count', { simple: true }) as number;
    app.db.pragma(`max_page_count = ${pages + 3}`);
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
    app.db.pragma('max_page_count = 1000000000');
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
});
