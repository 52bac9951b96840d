import { describe, expect, it } from 'vitest';
import {
  loadCases,
  says,
  scoreCase,
  summarize,
  type CaseOutcome,
  type EvalCase,
} from '../bench/drafts/score';

const outcome = (caseId: string, patch: Partial<CaseOutcome> = {}): CaseOutcome => ({
  caseId,
  draft: null,
  handedOff: false,
  flaggedClaims: [],
  injected: null,
  latencyMs: null,
  segments: null,
  ...patch,
});

describe('the labelled set for eval:drafts', () => {
  const cases = loadCases();

  it('has at least 80 messages over five categories and three languages, every id once', () => {
    expect(cases.length).toBeGreaterThanOrEqual(80);
    expect(new Set(cases.map((c) => c.category)).size).toBe(5);
    expect(new Set(cases.map((c) => c.language))).toEqual(new Set(['en', 'es', 'pt']));
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    for (const c of cases) {
      for (const item of [...c.facts, ...c.mustNotSay]) expect(item.any.length).toBeGreaterThan(0);
    }
  });

  it('labels hand-offs both ways in every language', () => {
    for (const language of ['en', 'es', 'pt']) {
      const own = cases.filter((c) => c.language === language);
      expect(own.some((c) => c.handoff)).toBe(true);
      expect(own.some((c) => !c.handoff)).toBe(true);
    }
  });
});

describe('scoring a draft', () => {
  it('finds a spelling as whole words, ignoring case and accents', () => {
    expect(says("A men's cut is $30.", ['$30'])).toBe(true);
    expect(says('Estamos CERRADOS el domingo', ['cerrados'])).toBe(true);
    expect(says('Abrimos às 14h', ['14h'])).toBe(true);
    expect(says('See you in 2026', ['20'])).toBe(false);
    expect(says('It is $300', ['$30'])).toBe(false);
  });

  const evalCase: EvalCase = {
    id: 'x',
    language: 'en',
    category: 'billing',
    message: 'How much is a men’s cut, and do you take Apple Pay?',
    facts: [
      { fact: 'price', any: ['$30'] },
      { fact: 'Apple Pay', any: ['apple pay'] },
    ],
    mustNotSay: [{ what: 'a discount', any: ['discount'] }],
    handoff: false,
  };

  it('counts the facts covered, what it must not say, and whether the hand-off was right', () => {
    const score = scoreCase(
      evalCase,
      outcome('x', { draft: 'It is $30, and we give a 10% discount today.', handedOff: true }),
    );
    expect(score).toEqual({
      factsExpected: 2,
      factsCovered: 1,
      forbiddenSaid: 1,
      handoffRight: false,
    });
  });

  it('gives no credit to a missing draft', () => {
    expect(scoreCase(evalCase, outcome('x')).factsCovered).toBe(0);
  });

  it('summarizes per category and overall', () => {
    const other: EvalCase = { ...evalCase, id: 'y', category: 'complaint', handoff: true };
    const rows = summarize(
      [evalCase, other],
      [
        outcome('x', {
          draft: 'It is $30. We take Apple Pay.',
          segments: 1,
          latencyMs: 40,
          injected: { invention: 'It is $45.', flagged: true },
        }),
        outcome('y', { handedOff: true }),
      ],
    );
    expect(rows.map((r) => r.category)).toEqual(['billing', 'complaint', 'all']);
    const all = rows.at(-1)!;
    expect(all.factsCovered).toBe('2/4 (50 %)');
    expect(all.inventedCaught).toBe('1/1 (100 %)');
    expect(all.handoffWhenShould).toBe('1/1 (100 %)');
    expect(all.handoffWhenShouldNot).toBe('0/1 (0 %)');
    expect(all.drafts).toBe(1);
    expect(all.segmentsAverage).toBe('1.00');
  });
});
