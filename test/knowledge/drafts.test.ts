/**
 * The business's knowledge in drafts, end to end through the core: the demo business's price
 * list and FAQ answer offline (en and es) with "Based on", a model's prompt carries the passages,
 * approving a draft with an unsupported price needs the confirmation, and auto-send holds it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/main/core/app';
import { SENDING_SETTINGS_KEY } from '../../src/main/core/sendingSettings';
import { listAudit } from '../../src/main/core/store/audit';
import { setSetting } from '../../src/main/core/store/settings';
import type { DraftView, MessageView } from '../../src/shared/types';
import { invoke } from '../support/appSignals';
import { customerTexts, draftWhen } from '../support/draftSignals';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fakeOpenAI';
import { startTestApp } from '../support/testApp';

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function demoApp(env: Record<string, string> = {}, autoSendDelayMs = 50) {
  const { app, stop } = await startTestApp(env, { timings: { autoSendDelayMs } });
  cleanups.push(stop);
  setSetting(app.db, SENDING_SETTINGS_KEY, { messagesPerSecond: 100 }, Date.now());
  return app;
}

const draftFor = (app: App, message: MessageView, check = (d: DraftView) => d.state === 'ready' || d.state === 'failed') => // prettier-ignore
  draftWhen(app, () => message.conversationId, (d) => d.replyToMessageId === message.id && check(d)); // prettier-ignore

describe('offline drafts from the knowledge (demo business)', () => {
  it('"How much is a men\'s cut and are you open Sunday?": the price and the hours, with sources', async () => {
    const app = await demoApp();
    const message = await customerTexts(app, '+14155550120', "How much is a men's cut and are you open Sunday?"); // prettier-ignore
    const draft = await draftFor(app, message);
    expect(draft.state).toBe('ready');
    expect(draft.text).toContain("Men's cut: $30.");
    expect(draft.text).toContain('We are closed on Sundays.');
    expect(draft.text).not.toContain("Women's cut");
    expect(draft.basedOn.map((p) => p.title).sort()).toEqual(['Prices 2026', 'Sunday opening']);
    expect(draft.label).toMatch(/your knowledge: /);
    expect(draft.unsupportedClaims).toEqual([]);
  });

  it('"What time do you open Sunday?" in English and in Spanish: the fact in the customer\'s language', async () => {
    const app = await demoApp();
    const en = await draftFor(app, await customerTexts(app, '+14155550121', 'What time do you open Sunday?')); // prettier-ignore
    expect(en.text).toBe('Hi! We are closed on Sundays. We open Mon-Fri 9am-6pm and Sat 10am-2pm. - Bella Salon'); // prettier-ignore
    const es = await draftFor(app, await customerTexts(app, '+14155550122', '¿A qué hora abren el domingo?')); // prettier-ignore
    expect(es.language).toBe('es');
    expect(es.text).toMatch(/^¡?Hola! Los domingos cerramos\./);
    expect(es.basedOn[0]).toMatchObject({ title: 'Sunday opening', heading: '¿Abren el domingo?' });
  });

  it('an edited draft with a made-up price: refused without the confirmation, sent with it, audited', async () => {
    const app = await demoApp();
    const message = await customerTexts(app, '+14155550123', "How much is a men's cut?");
    const draft = await draftFor(app, message);
    const text = "A men's cut is $45, see you soon!";
    expect(
      await invoke(app, 'knowledge:checkClaims', { conversationId: message.conversationId, text }),
    ).toEqual([
      // prettier-ignore
      { kind: 'price', text: '$45', start: 15, end: 18, note: 'not in your prices' },
    ]);
    await expect(invoke(app, 'drafts:approve', { draftId: draft.id, text })).rejects.toMatchObject({
      kind: 'needs-confirmation',
      message: expect.stringMatching(/\$45 — not in your prices\. Send it anyway\?$/),
    });
    const { messageId } = await invoke<{ messageId: number }>(app, 'drafts:approve', {
      draftId: draft.id,
      text,
      confirmUnsupportedClaims: true,
    });
    expect(messageId).toBeGreaterThan(0);
    // The price the knowledge does give goes out without a question.
    const second = await draftFor(app, await customerTexts(app, '+14155550124', "How much is a men's cut?")); // prettier-ignore
    await invoke(app, 'drafts:approve', { draftId: second.id, text: "It's 30 dollars." });
    expect(listAudit(app.db, 20).map((a) => a.action)).toContain('draft.approved_edited');
  });
});

describe('drafts through a model', () => {
  let fake: FakeOpenAI;
  async function modelApp(script: string, autoSendDelayMs = 50) {
    fake = await startFakeOpenAI({ script: () => script, models: ['gpt-4o-mini', 'text-embedding-3-small'] }); // prettier-ignore
    cleanups.push(() => fake.close());
    return demoApp({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.url, SWITCHBOARD_MODEL: 'gpt-4o-mini' }, autoSendDelayMs); // prettier-ignore
  }

  it('the prompt carries the passages that fit, and the draft records them', async () => {
    const app = await modelApp("A men's cut is $30, and we are closed on Sundays.");
    const message = await customerTexts(app, '+14155550130', "How much is a men's cut and are you open Sunday?"); // prettier-ignore
    const draft = await draftFor(app, message);
    const chat = fake.requests.find((r) => r.path === '/v1/chat/completions' && r.stream);
    const system = chat!.body!.messages![0]!.content;
    expect(system).toContain("## The business's knowledge");
    expect(system).toContain("Men's cut: $30");
    expect(system).toContain('We are closed on Sundays.');
    expect(system).not.toContain('Cancel or move your appointment'); // not relevant: left out
    expect(draft.basedOn.map((p) => p.title)).toEqual(expect.arrayContaining(['Prices 2026', 'Sunday opening'])); // prettier-ignore
    expect(draft.unsupportedClaims).toEqual([]);
  });

  it('auto-send holds a draft with a price the knowledge does not give, and says why', async () => {
    const app = await modelApp("A men's cut is $45! See you soon.");
    await invoke(app, 'drafting:saveSettings', { autoSendCategories: ['question', 'billing', 'booking', 'other'] }); // prettier-ignore
    const first = await customerTexts(app, '+14155550131', 'Hello');
    await draftFor(app, first);
    await invoke(app, 'conversations:setAiMode', { conversationId: first.conversationId, mode: 'auto' }); // prettier-ignore
    const notices: string[] = [];
    cleanups.push(app.events.subscribe((event, payload) => event === 'notice' && notices.push((payload as { text: string }).text))); // prettier-ignore
    const message = await customerTexts(app, '+14155550131', "How much is a men's cut?");
    const draft = await draftFor(app, message, (d) => d.state === 'ready');
    expect(draft.unsupportedClaims.map((c) => `${c.text} — ${c.note}`)).toEqual(['$45 — not in your prices']); // prettier-ignore
    expect(draft.autoSendAt).toBeNull(); // never counted down
    expect(notices).toContainEqual(
      'A draft was not sent automatically: it states what your knowledge does not ($45 — not in your prices). It is waiting for you.',
    );
    expect(listAudit(app.db, 50).find((a) => a.action === 'draft.auto_send_held')).toBeDefined();
    expect(listAudit(app.db, 50).some((a) => a.action === 'draft.auto_sent')).toBe(false); // prettier-ignore
  });
});
