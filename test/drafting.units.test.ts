import { describe, expect, it } from 'vitest';
import { jobKinds } from '../src/main/core/queue/jobKinds';
import { DRAFT_MAX_ATTEMPTS, type DraftOutcomeRow } from '../src/main/core/store/drafts';
import { renderTemplate, significantWords } from '../src/main/core/drafting/offlineDrafter';
import { buildDraftMessages, fitThread, loadResource } from '../src/main/core/drafting/prompt';
import { demoProfile, defaultDraftingSettings } from '../src/main/core/drafting/settings';
import { computeDraftStats, editDistance } from '../src/main/core/drafting/stats';
import { triageByRules } from '../src/main/core/drafting/triage';
import type { ThreadMessage } from '../src/main/core/store/draftContext';

describe('triage by rules', () => {
  it.each([
    ['Can I book a haircut for Friday?', 'booking'],
    ['¿Puedo reservar una cita?', 'booking'],
    ['How much is a colour?', 'billing'],
    ['Quanto custa o corte?', 'billing'],
    ['Worst service ever, I want a refund', 'complaint'],
    ['Péssimo atendimento', 'complaint'],
    ['Are you open on Sunday?', 'question'],
    ['Congratulations you won a free gift, click here', 'spam'],
    ['wrong number', 'spam'],
    ['ok', 'other'],
  ])('%s → %s', (text, category) => {
    expect(triageByRules(text).category).toBe(category);
  });

  it('marks urgency', () => {
    expect(triageByRules('I need an appointment today, urgent').urgency).toBe('high');
    expect(triageByRules('This is UNACCEPTABLE!! refund now').urgency).toBe('high');
    expect(triageByRules('thanks!').urgency).toBe('low');
    expect(triageByRules('Can I book for next week?').urgency).toBe('normal');
  });
});

describe('templates', () => {
  it('fills variables and drops an unknown name with its punctuation', () => {
    expect(
      renderTemplate('Hi {{name}}! We are open {{hours}}. {{signoff}}', {
        name: 'Ana',
        profile: demoProfile,
      }),
    ).toBe('Hi Ana! We are open Mon-Fri 9am-6pm, Sat 10am-2pm. - Bella Salon');
    expect(renderTemplate('You are welcome, {{name}}!', { name: '', profile: demoProfile })).toBe(
      'You are welcome!',
    );
  });

  it('is not used when the profile cannot fill it (never invents)', () => {
    const empty = defaultDraftingSettings().profile;
    expect(renderTemplate('We are open {{hours}}.', { name: 'Ana', profile: empty })).toBeNull();
  });

  it('compares messages by their significant words', () => {
    expect(significantWords('Hi, are you OPEN on Sábado?')).toEqual(['open', 'sabado']);
  });
});

describe('prompt', () => {
  it('loads from resources/ and fills the business profile, language and length', () => {
    expect(loadResource('prompts/draft-reply.md')).toContain('{{business}}');
    const [system, ...turns] = buildDraftMessages({
      subject: {
        messageId: 2,
        conversationId: 1,
        body: '¿Abren el sábado?',
        direction: 'inbound',
        messageLanguage: 'es',
        createdAt: 0,
        aiMode: 'draft',
        contact: { id: 1, name: 'Lucía', notes: '', language: 'es', optedOut: false },
        newerInbound: false,
      },
      thread: [
        { id: 1, direction: 'outbound', author: 'operator', body: 'Hola Lucía', createdAt: 0 },
        {
          id: 2,
          direction: 'inbound',
          author: 'customer',
          body: '¿Abren el sábado?',
          createdAt: 1,
        },
      ],
      language: 'es',
      category: 'question',
      urgency: 'normal',
      settings: { ...defaultDraftingSettings(), profile: demoProfile, targetSegments: 1 },
      instruction: 'shorter',
      previousDraft: 'Hola Lucía, sí abrimos el sábado de 10 a 14.',
    });
    expect(system!.content).toContain('Bella Salon');
    expect(system!.content).toContain('Write in Spanish');
    expect(system!.content).toContain('at most 160 characters');
    expect(system!.content).toContain('The business asks: shorter');
    expect(system!.content).not.toMatch(/\{\{\w+\}\}/);
    expect(turns.map((t) => t.role)).toEqual(['assistant', 'user']);
  });

  it('keeps the newest messages that fit the token budget', () => {
    const message = (id: number, length: number): ThreadMessage => ({
      id,
      direction: 'inbound',
      author: 'customer',
      body: 'x'.repeat(length),
      createdAt: id,
    });
    const newestFirst = [message(3, 40), message(2, 40), message(1, 4000)];
    expect(fitThread(newestFirst, 40).map((m) => m.id)).toEqual([2, 3]);
    expect(fitThread([message(9, 10_000)], 10).map((m) => m.id)).toEqual([9]);
  });
});

describe('draft statistics', () => {
  const row = (over: Partial<DraftOutcomeRow>): DraftOutcomeRow => ({
    provider: 'openai',
    model: 'gpt-4o-mini',
    category: 'question',
    state: 'approved',
    text_generated: 'See you Friday',
    text_sent: 'See you Friday',
    created_at: 0,
    decided_at: 1000,
    auto_sent: 0,
    ...over,
  });

  it('computes rates, edit size and time to decision, per model and category', () => {
    const stats = computeDraftStats([
      row({}),
      row({ state: 'edited', text_sent: 'See you Saturday', decided_at: 3000 }),
      row({ state: 'rejected', decided_at: 5000, category: 'complaint' }),
      row({ state: 'failed', decided_at: null, text_sent: null }),
      row({ provider: 'offline', model: null, decided_at: 2000 }),
    ]);
    expect(stats.overall).toMatchObject({
      generated: 4,
      failed: 1,
      decided: 4,
      approvedUnchanged: 2,
      edited: 1,
      rejected: 1,
      approvedUnchangedRate: 0.5,
      editedRate: 0.25,
      rejectedRate: 0.25,
      meanEditChars: editDistance('See you Friday', 'See you Saturday'),
      medianDecisionMs: 2500,
    });
    expect(stats.byModel.find((m) => m.provider === 'offline')).toMatchObject({ decided: 1 });
    expect(stats.byCategory.find((c) => c.category === 'complaint')).toMatchObject({ rejected: 1 });
  });

  it('measures edits in characters', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('agrees with the queue on how often a draft is tried', () => {
    expect(DRAFT_MAX_ATTEMPTS).toBe(jobKinds.draft.maxAttempts);
  });
});
