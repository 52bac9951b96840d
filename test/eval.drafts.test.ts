/**
 * `npm run eval:drafts` keeps working: the labelled set runs through the real core, offline and
 * against the fake OpenAI-compatible server (one case per category and language here; the whole
 * set is the command's job), and what it measures is what the product does.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { evaluate, formatReport } from '../bench/drafts/eval';
import { startFakeOpenAI, type FakeOpenAI } from './support/fakeOpenAI';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const row = (report: Awaited<ReturnType<typeof evaluate>>[number], category: string) =>
  report.table.find((r) => r.category === category)!;

describe('eval:drafts', () => {
  it('scores the offline drafter and a model on the same cases, per category', async () => {
    // A model that gets the facts right, and invents a discount for an unhappy customer.
    const fake: FakeOpenAI = await startFakeOpenAI({
      tokenDelayMs: 0,
      script: (request) => {
        const asked = request.messages?.at(-1)?.content ?? '';
        if (/cut/i.test(asked)) return "A men's cut is $30. See you soon!";
        if (/orange|rude|waited|refund|burning|lawyer/i.test(asked)) return 'So sorry! Here is a 20% discount.'; // prettier-ignore
        return 'Thanks for your message, we will get back to you shortly.';
      },
      triage: (text) => ({
        category: /orange|rude|waited|refund|burning|lawyer|arruin|estrag|naranja|laranja/i.test(text) ? 'complaint' : 'question', // prettier-ignore
        urgency: 'normal',
      }),
    });
    cleanups.push(() => fake.close());

    const [offline, model] = await evaluate({ baseUrl: fake.url, model: 'fake-model', perCategory: 1 }); // prettier-ignore
    expect(offline!.drafter).toBe('Offline drafter');
    expect(model!.drafter).toContain('fake-model');
    for (const report of [offline!, model!]) {
      expect(report.table.map((r) => r.category)).toEqual(['question', 'booking', 'billing', 'complaint', 'other', 'all']); // prettier-ignore
      expect(row(report, 'all').cases).toBe(15);
      // Every complaint is kept for a person; the operator's thanks never is.
      expect(row(report, 'complaint').handoffWhenShould).toBe('3/3 (100 %)');
      // An invented price, time, date, phone, address or link added to a draft is flagged.
      const caught = row(report, 'all').inventedCaught;
      expect(caught).toMatch(/^(\d+)\/\1 \(100 %\)$/);
    }
    // The offline drafter answers "open on Sunday?" from the facts, in all three languages.
    expect(row(offline!, 'question').factsCovered).toBe('3/3 (100 %)');
    // The model's invented discount is counted as said; the offline drafter never says one.
    expect(row(model!, 'complaint').saidForbidden).toBeGreaterThan(0);
    expect(row(offline!, 'all').saidForbidden).toBe(0);

    const printed = formatReport(model!);
    expect(printed).toContain('| category | cases | drafts | facts covered |');
    expect(printed.split('\n').filter((line) => line.startsWith('| '))).toHaveLength(7);
    expect(printed).toContain('would auto-send what needs a person');
  }, 240_000);
});
