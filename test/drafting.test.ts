import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../src/main/core/app';
import { SENDING_SETTINGS_KEY } from '../src/main/core/sendingSettings';
import { listAudit } from '../src/main/core/store/audit';
import { getContactByAddress } from '../src/main/core/store/contacts';
import { getConversationSummary } from '../src/main/core/store/conversations';
import { getDraft } from '../src/main/core/store/drafts';
import { getMessage } from '../src/main/core/store/messages';
import { queueStats } from '../src/main/core/store/jobs';
import { setSetting } from '../src/main/core/store/settings';
import type { ConversationSummary, DraftStats, DraftView, MessageView } from '../src/shared/types';
import { invoke, messageWhen } from './support/appSignals';
import { customerTexts, draftWhen } from './support/draftSignals';
import { startTestApp } from './support/testApp';

const readyOrFailed = (d: DraftView) => d.state === 'ready' || d.state === 'failed';

describe('drafting offline (demo mode, no key)', () => {
  let app: App;
  let stop: () => Promise<void>;
  beforeEach(async () => {
    ({ app, stop } = await startTestApp({}, { timings: { autoSendDelayMs: 100 } }));
    setSetting(app.db, SENDING_SETTINGS_KEY, { messagesPerSecond: 100 }, Date.now());
  });
  afterEach(() => stop());

  const draftFor = (message: MessageView, check: (d: DraftView) => boolean = readyOrFailed) =>
    draftWhen(
      app,
      () => message.conversationId,
      (d) => d.replyToMessageId === message.id && check(d),
    );

  it('drafts an offline reply to an inbound message, labelled as such', async () => {
    const message = await customerTexts(app, '+14155550100', 'Hi, are you open on Saturday?');
    const draft = await draftFor(message);
    expect(draft).toMatchObject({
      state: 'ready',
      provider: 'offline',
      label: 'Offline suggestion · template “Opening hours”',
      language: 'en',
      category: 'question',
      error: null,
    });
    expect(draft.text).toBe('Hi! We are open Mon-Fri 9am-6pm, Sat 10am-2pm. - Bella Salon');
    expect(draft.segments).toBe(1);
    expect(getConversationSummary(app.db, message.conversationId)).toMatchObject({
      category: 'question',
      urgency: 'normal',
      aiMode: 'draft',
      draftWaiting: true,
    });
    expect(getContactByAddress(app.db, '+14155550100')).toBeDefined();
    const { settings, status } = await invoke<{
      settings: { profile: { name: string } };
      status: unknown;
    }>(app, 'drafting:getSettings', {});
    expect(status).toEqual({ provider: 'offline', model: null, endpoint: null });
    expect(settings.profile.name).toBe('Bella Salon'); // demo mode's made-up business
  });

  it('answers in the customer’s language', async () => {
    const es = await customerTexts(app, '+14155550101', 'Hola, ¿a qué hora abren mañana?');
    expect((await draftFor(es)).text).toMatch(/^¡Hola! Nuestro horario es/);
    const pt = await customerTexts(app, '+14155550102', 'Oi, quanto custa o corte de cabelo?');
    const draft = await draftFor(pt);
    expect(draft).toMatchObject({ language: 'pt', category: 'billing' });
    expect(draft.text).toMatch(/^Olá! Qual serviço te interessa/);
  });

  it('says so when nothing fits, instead of inventing', async () => {
    const message = await customerTexts(
      app,
      '+14155550103',
      'Is the blue vase still in the window display?',
    );
    const draft = await draftFor(message);
    expect(draft).toMatchObject({
      state: 'failed',
      errorKind: 'no-suggestion',
      willRetry: false,
      text: '',
    });
    expect(draft.error).toMatch(/No offline suggestion fits/);
    await new Promise<void>((resolve) => {
      const check = () =>
        queueStats(app.db).queued + queueStats(app.db).running === 0 && (off(), resolve());
      const off = app.events.subscribe((e) => e === 'queue:changed' && check());
      check();
    });
    expect(queueStats(app.db).dead).toBe(0); // an answer, not a broken job
  });

  it('reuses the operator’s own reply to a similar earlier message', async () => {
    const first = await customerTexts(app, '+14155550104', 'Do you sell the argan oil shampoo?');
    await draftFor(first);
    const { messageId } = await invoke<{ messageId: number }>(app, 'messages:send', {
      conversationId: first.conversationId,
      body: 'Yes! The argan oil shampoo is $18, we keep it at the front desk.',
    });
    await messageWhen(app, messageId, (m) => m.status === 'delivered');

    const second = await customerTexts(app, '+14155550105', 'hi, do you sell argan oil shampoo??');
    const draft = await draftFor(second);
    expect(draft.state).toBe('ready');
    expect(draft.text).toBe('Yes! The argan oil shampoo is $18, we keep it at the front desk.');
    expect(draft.label).toMatch(
      /^Offline suggestion · your reply of \d{4}-\d{2}-\d{2} to a similar message$/,
    );
  });

  it('never drafts for an opted-out customer', async () => {
    await customerTexts(app, '+14155550106', 'STOP');
    const message = await customerTexts(app, '+14155550106', 'are you open today?');
    expect(queueStats(app.db).queued).toBe(0);
    expect(
      (await invoke<DraftView[]>(app, 'drafts:list', { conversationId: message.conversationId }))
        .length,
    ).toBe(0);
  });

  it('a newer message supersedes the undecided draft; regenerate and reject keep the record', async () => {
    const first = await customerTexts(app, '+14155550107', 'Can I book for Friday?');
    const firstDraft = await draftFor(first);
    const second = await customerTexts(app, '+14155550107', 'Also what are your opening hours?');
    const secondDraft = await draftFor(second);
    expect(getDraft(app.db, firstDraft.id)!.state).toBe('superseded');
    await expect(invoke(app, 'drafts:regenerate', { draftId: firstDraft.id })).rejects.toThrow(
      /newer draft/,
    );

    const regenerated = await invoke<DraftView>(app, 'drafts:regenerate', {
      draftId: secondDraft.id,
      instruction: 'shorter',
    });
    expect(regenerated).toMatchObject({ state: 'generating', instruction: 'shorter' });
    const ready = await draftFor(second, (d) => d.id === regenerated.id && d.state === 'ready');
    expect(ready.instruction).toBe('shorter');
    expect(getDraft(app.db, secondDraft.id)!.state).toBe('superseded');

    const updated = app.events.once(
      'draft:updated',
      (d) => d.id === ready.id && d.state === 'rejected',
    );
    await invoke(app, 'drafts:reject', { draftId: ready.id, reason: 'wrong tone' });
    expect((await updated).rejectReason).toBe('wrong tone');
    const actions = listAudit(app.db).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['draft.regenerated', 'draft.rejected']));
  });

  it('with AI off, triages but does not draft', async () => {
    const first = await customerTexts(app, '+14155550108', 'hello');
    await draftFor(first);
    await invoke(app, 'conversations:setAiMode', {
      conversationId: first.conversationId,
      mode: 'off',
    });
    const triaged = new Promise<ConversationSummary>((resolve) => {
      const off = app.events.subscribe((event, payload) => {
        const summary = payload as ConversationSummary;
        if (
          event === 'conversation:updated' &&
          summary.id === first.conversationId &&
          summary.category === 'complaint'
        ) {
          off();
          resolve(summary);
        }
      });
    });
    const second = await customerTexts(
      app,
      '+14155550108',
      'This is terrible, I was overcharged!! I want a refund today',
    );
    expect(await triaged).toMatchObject({ aiMode: 'off', category: 'complaint', urgency: 'high' });
    expect(getMessage(app.db, second.id)).toBeDefined();
    const drafts = await invoke<DraftView[]>(app, 'drafts:list', {
      conversationId: first.conversationId,
    });
    expect(drafts.some((d) => d.replyToMessageId === second.id)).toBe(false);
    const filtered = await invoke<ConversationSummary[]>(app, 'conversations:list', {
      category: 'complaint',
    });
    expect(filtered.map((c) => c.id)).toEqual([first.conversationId]);
  });

  it('auto mode sends an allowed category after a visible countdown, audited', async () => {
    await invoke(app, 'drafting:saveSettings', { autoSendCategories: ['question'] });
    const first = await customerTexts(app, '+14155550109', 'thanks');
    await draftFor(first);
    await invoke(app, 'conversations:setAiMode', {
      conversationId: first.conversationId,
      mode: 'auto',
    });
    const message = await customerTexts(app, '+14155550109', 'What time do you open on Saturday?');
    const counting = await draftFor(message, (d) => d.state === 'ready');
    expect(counting.autoSendAt).not.toBeNull();
    const sent = await draftFor(message, (d) => d.state === 'approved');
    const outbound = await new Promise<MessageView>((resolve) => {
      const off = app.events.subscribe((event, payload) => {
        const m = payload as MessageView;
        if (event === 'message:updated' && m.author === 'auto' && m.status === 'delivered') {
          off();
          resolve(m);
        }
      });
    });
    expect(outbound).toMatchObject({ author: 'auto', body: sent.text });
    expect(listAudit(app.db).map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'draft.auto_send_countdown',
        'draft.auto_sent',
        'conversation.ai_mode_changed',
      ]),
    );
  });

  it('never auto-sends a complaint, and the operator can stop a countdown', async () => {
    await invoke(app, 'drafting:saveSettings', { autoSendCategories: ['booking'] });
    await expect(
      invoke(app, 'drafting:saveSettings', { autoSendCategories: ['complaint'] }),
    ).rejects.toThrow(/never sent automatically/);
    const first = await customerTexts(app, '+14155550110', 'hi');
    await draftFor(first);
    await invoke(app, 'conversations:setAiMode', {
      conversationId: first.conversationId,
      mode: 'auto',
    });

    const complaint = await customerTexts(
      app,
      '+14155550110',
      'Worst haircut ever, I want a refund for my booking',
    );
    const held = await draftFor(complaint, (d) => d.state !== 'generating');
    expect(held.autoSendAt).toBeNull();
    expect(held.category).toBe('complaint');
  });
});

describe('auto-send countdown', () => {
  it('can be stopped, and the draft waits for the operator', async () => {
    const { app, stop } = await startTestApp({}, { timings: { autoSendDelayMs: 60_000 } });
    try {
      await invoke(app, 'drafting:saveSettings', { autoSendCategories: ['booking'] });
      const first = await customerTexts(app, '+14155550111', 'hi');
      await draftWhen(app, () => first.conversationId, readyOrFailed);
      await invoke(app, 'conversations:setAiMode', {
        conversationId: first.conversationId,
        mode: 'auto',
      });
      const message = await customerTexts(
        app,
        '+14155550111',
        'Can I book an appointment for Friday?',
      );
      const counting = await draftWhen(
        app,
        () => message.conversationId,
        (d) => d.replyToMessageId === message.id && d.autoSendAt !== null,
      );
      const stopped = await invoke<DraftView>(app, 'drafts:stopAutoSend', { draftId: counting.id });
      expect(stopped).toMatchObject({ state: 'ready', autoSendAt: null });
      await expect(invoke(app, 'drafts:stopAutoSend', { draftId: counting.id })).rejects.toThrow(
        /No auto-send countdown/,
      );
      expect(listAudit(app.db).map((a) => a.action)).toContain('draft.auto_send_stopped');

      const { messageId } = await invoke<{ messageId: number }>(app, 'drafts:approve', {
        draftId: counting.id,
        text: `${counting.text} See you!`,
      });
      await messageWhen(app, messageId, (m) => m.status === 'delivered');
      const stats = await invoke<DraftStats>(app, 'drafts:stats', {});
      expect(stats.overall).toMatchObject({
        edited: 1,
        decided: 1,
        meanEditChars: ' See you!'.length,
      });
      expect(stats.byModel[0]).toMatchObject({ provider: 'offline' });
    } finally {
      await stop();
    }
  });
});
