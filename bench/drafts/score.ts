/**
 * Scoring for the draft evaluation: pure functions over the labelled set (`cases.json`) and what
 * the app produced for each case. Kept apart from the runner so the rules of the score can be
 * tested on their own, without a model or an app.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { foldText } from '../../src/main/core/drafting/triage';

export interface Expectation {
  /** What it is, for people: "men's cut $30". */
  fact?: string;
  what?: string;
  /** Any one of these spellings counts. */
  any: string[];
}

export interface EvalCase {
  id: string;
  language: 'en' | 'es' | 'pt';
  category: 'question' | 'booking' | 'billing' | 'complaint' | 'other';
  message: string;
  facts: Expectation[];
  mustNotSay: Expectation[];
  /** Whether a person must take over instead of an automatic reply. */
  handoff: boolean;
}

/** What the app did with one case. */
export interface CaseOutcome {
  caseId: string;
  /** The draft's text; null when no draft was written (skipped or failed). */
  draft: string | null;
  /** Whether the app held the conversation for a person (a hand-off rule fired). */
  handedOff: boolean;
  /** Claims in the draft as written that the app's own check marked as not in the knowledge. */
  flaggedClaims: string[];
  /**
   * The draft with one invented fact added, as an operator's edit might (a price, a time, a date,
   * a phone number, an address or a link that the business never gave), and whether the check
   * flagged it. Null without a draft.
   */
  injected: { invention: string; flagged: boolean } | null;
  /** Inbound to draft ready, in ms; null without a draft. */
  latencyMs: number | null;
  segments: number | null;
}

const here = (name: string) => fileURLToPath(new URL(name, import.meta.url));

export function loadCases(path = here('./cases.json')): EvalCase[] {
  return (JSON.parse(readFileSync(path, 'utf8')) as { cases: EvalCase[] }).cases;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Whether `text` says one of the spellings, as whole words with case and accents ignored: "20"
 * must not be found inside "2026", "$30" must be found in "It's $30.".
 */
export function says(text: string, spellings: string[]): boolean {
  const folded = foldText(text);
  return spellings.some((spelling) =>
    new RegExp(`(^|[^\\p{L}\\p{N}])${escape(foldText(spelling))}($|[^\\p{L}\\p{N}])`, 'u').test(
      folded,
    ),
  );
}

export interface CaseScore {
  factsExpected: number;
  factsCovered: number;
  /** mustNotSay entries the draft said: promises nobody made, a booking nobody confirmed… */
  forbiddenSaid: number;
  handoffRight: boolean;
}

export function scoreCase(evalCase: EvalCase, outcome: CaseOutcome): CaseScore {
  const draft = outcome.draft ?? '';
  const said = evalCase.mustNotSay.filter((item) => draft !== '' && says(draft, item.any));
  return {
    factsExpected: evalCase.facts.length,
    factsCovered: evalCase.facts.filter((fact) => draft !== '' && says(draft, fact.any)).length,
    forbiddenSaid: said.length,
    handoffRight: outcome.handedOff === evalCase.handoff,
  };
}

export interface CategoryRow {
  category: string;
  cases: number;
  drafts: number;
  factsCovered: string;
  /** Drafts that said something they must not (lower is better). */
  saidForbidden: number;
  /** Invented facts added to the drafts that the check flagged. */
  inventedCaught: string;
  /** Claims flagged in the drafts as written (for the offline drafter, which never invents, each is a false alarm). */
  flaggedAsWritten: number;
  handoffWhenShould: string;
  /** A person was needed, yet a draft was ready and nothing held it: auto-send would have sent it. */
  autoReplyWhenShouldNot: string;
  handoffWhenShouldNot: string;
  segmentsAverage: string;
  latencyMedianMs: string;
}

const ratio = (part: number, whole: number) =>
  whole === 0 ? '–' : `${part}/${whole} (${Math.round((100 * part) / whole)} %)`;

const median = (values: number[]) => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

/** One row per category and one for everything: the table `npm run eval:drafts` prints. */
export function summarize(cases: EvalCase[], outcomes: CaseOutcome[]): CategoryRow[] {
  const byId = new Map(outcomes.map((outcome) => [outcome.caseId, outcome]));
  const categories = [...new Set(cases.map((c) => c.category))];
  const row = (category: string, members: EvalCase[]): CategoryRow => {
    const pairs = members.flatMap((c) => {
      const outcome = byId.get(c.id);
      return outcome ? [{ c, outcome, score: scoreCase(c, outcome) }] : [];
    });
    const sum = (pick: (score: CaseScore) => number) =>
      pairs.reduce((total, pair) => total + pick(pair.score), 0);
    const should = pairs.filter((p) => p.c.handoff);
    const shouldNot = pairs.filter((p) => !p.c.handoff);
    const withDraft = pairs.filter((p) => p.outcome.draft !== null);
    const segments = withDraft.map((p) => p.outcome.segments ?? 0);
    const latency = median(withDraft.flatMap((p) => p.outcome.latencyMs ?? []));
    return {
      category,
      cases: pairs.length,
      drafts: withDraft.length,
      factsCovered: ratio(
        sum((s) => s.factsCovered),
        sum((s) => s.factsExpected),
      ),
      saidForbidden: pairs.filter((p) => p.score.forbiddenSaid > 0).length,
      inventedCaught: ratio(
        pairs.filter((p) => p.outcome.injected?.flagged).length,
        pairs.filter((p) => p.outcome.injected).length,
      ),
      flaggedAsWritten: pairs.reduce((total, p) => total + p.outcome.flaggedClaims.length, 0),
      handoffWhenShould: ratio(should.filter((p) => p.outcome.handedOff).length, should.length),
      autoReplyWhenShouldNot: ratio(
        should.filter((p) => p.outcome.draft !== null && !p.outcome.handedOff).length,
        should.length,
      ),
      handoffWhenShouldNot: ratio(
        shouldNot.filter((p) => p.outcome.handedOff).length,
        shouldNot.length,
      ),
      segmentsAverage:
        segments.length === 0
          ? '–'
          : (segments.reduce((a, b) => a + b, 0) / segments.length).toFixed(2),
      latencyMedianMs: latency === null ? '–' : String(Math.round(latency)),
    };
  };
  return [
    ...categories.map((category) =>
      row(
        category,
        cases.filter((c) => c.category === category),
      ),
    ),
    row('all', cases),
  ];
}

/**
 * The invented facts added to drafts, one kind after the other so every kind is tried in every
 * category: none of them is in `business.json`.
 */
export const inventions = [
  'It is $45.',
  'We open at 7am.',
  'See you on March 3.',
  'Call 415 555 0199.',
  'We are at 48 Ocean Ave.',
  'Details: https://bella-offers.example/deal',
];
