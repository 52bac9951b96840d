/**
 * Retrieval: the passages of the business's knowledge most relevant to a customer's text.
 * FTS5 BM25 over the passages (each significant word as a prefix, so "Sunday" finds "Sundays"),
 * blended with cosine similarity when the endpoint offers embeddings; one passage per source,
 * in the customer's language where that source has a translation; cut to a token budget.
 * `coversMessage` answers "does the knowledge say anything about this?" for hand-off rules and
 * the eval (documented in drafting/README.md).
 */
import type { Db } from '../store/database';
import {
  getEmbeddings,
  listKnowledgePassages,
  searchKnowledgePassages,
  type PassageRecord,
} from '../store/knowledge';
import { cosine, type Embedder } from './embeddings';

export interface RetrievedPassage extends PassageRecord {
  /** Blended relevance, 0..1. */
  score: number;
  /** The best share of one of the customer's questions' words the passage contains (0..1). */
  coverage: number;
  /** Cosine similarity to the customer's text, when embeddings were used. */
  similarity: number | null;
  /** The customer's language is known, and this source has no passage in it. */
  otherLanguage: boolean;
}

// Words that say nothing about the subject (en, es, pt, fr, de), like the offline drafter's.
const stopwords = new Set(
  (
    'the and for you your are can what when where how this that with have has our out not but was ' +
    'will would could just please hi hello hey thanks thank there them they then than from into ' +
    'does much many is do any also about get got need want know tell ' +
    'los las les del por para con una uno que como esta este son hay pero muy mas hola gracias ' +
    'ustedes usted ' +
    'voce voces nao sim com uma pra isso ola obrigado obrigada ' +
    'est une des pour avec dans pas vous nous bonjour merci qui quoi ' +
    'der die das und ist sie ich wir ihr mit fur ein eine nicht hallo danke'
  ).split(' '),
);

const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** The words of a text that say what it is about (folded, 3+ letters, no stopwords). */
export function subjectWords(text: string): string[] {
  const words = fold(text).match(/\p{L}[\p{L}\p{N}]*/gu) ?? [];
  return [...new Set(words.filter((w) => w.length >= 3 && !stopwords.has(w)))];
}

/** How much of `words` a passage contains, as prefixes ("sunday" in "Sundays"). */
export function coverageOf(words: string[], passage: { heading: string; text: string }): number {
  if (words.length === 0) return 0;
  const theirs = subjectWords(`${passage.heading} ${passage.text}`);
  const hit = (w: string) => theirs.some((t) => t.startsWith(w) || (t.length >= 4 && w.startsWith(t))); // prettier-ignore
  return words.filter(hit).length / words.length;
}

/**
 * The message's questions, each as its subject words: "How much is a men's cut and are you open
 * Sunday?" asks two things, and a passage answering one of them fully is relevant.
 */
export function questionWords(text: string): string[][] {
  return text
    .split(/[?.!;,\n]+|\s(?:and|or|also|y|o|e|ou|et|und|oder)\s/iu)
    .map(subjectWords)
    .filter((words) => words.length > 0);
}

/** The best share of one question's words that the passage contains (0..1). */
export const bestCoverage = (questions: string[][], passage: { heading: string; text: string }) =>
  Math.max(0, ...questions.map((words) => coverageOf(words, passage)));

export interface RetrieveArgs {
  text: string;
  /** The customer's language (ISO 639-1), or null when unknown. */
  language: string | null;
  /** How many passages at most. */
  limit?: number;
  /** Rough tokens (≈ 4 characters each) the passages may take together. */
  budgetTokens?: number;
}

const estimateTokens = (text: string) => Math.ceil(text.length / 4) + 4;

/**
 * Candidates by full-text search (FTS5 on SQLite, tsvector on PostgreSQL), best first, with their
 * rank turned into 0..1 (the best is 1).
 */
function ftsCandidates(
  db: Db,
  words: string[],
): Map<number, { passage: PassageRecord; fts: number }> {
  const out = new Map<number, { passage: PassageRecord; fts: number }>();
  if (words.length === 0) return out;
  const rows = searchKnowledgePassages(db, { words, limit: 30 });
  const best = Math.max(...rows.map((r) => -r.rank), 1e-9);
  for (const { rank, ...passage } of rows) out.set(passage.id, { passage, fts: -rank / best });
  return out;
}

/** Cosine similarity of every embedded passage to the query, when an embedder is there. */
async function similarities(
  db: Db,
  embedder: Embedder | null,
  text: string,
): Promise<Map<number, { passage: PassageRecord; similarity: number }>> {
  const out = new Map<number, { passage: PassageRecord; similarity: number }>();
  if (!embedder) return out;
  const vectors = getEmbeddings(db, embedder.model);
  if (vectors.size === 0) return out;
  let query: Float32Array | undefined;
  try {
    [query] = await embedder.embed([text]);
  } catch {
    return out; // the endpoint is down: FTS5 alone for this draft
  }
  if (!query) return out;
  for (const passage of listKnowledgePassages(db)) {
    const vector = vectors.get(passage.hash);
    if (vector) out.set(passage.id, { passage, similarity: cosine(query, vector) });
  }
  return out;
}

/** One passage per source: the customer's language first, where the source has it. */
function inLanguage(
  db: Db,
  ranked: RetrievedPassage[],
  language: string | null,
): RetrievedPassage[] {
  const seen = new Set<number>();
  const out: RetrievedPassage[] = [];
  let all: PassageRecord[] | undefined;
  for (const r of ranked) {
    if (seen.has(r.sourceId)) continue;
    seen.add(r.sourceId);
    if (!language || r.language === language || r.kind !== 'fact') {
      out.push({ ...r, otherLanguage: false });
      continue;
    }
    all ??= listKnowledgePassages(db);
    const translated = all.find((p) => p.sourceId === r.sourceId && p.language === language);
    out.push(
      translated
        ? { ...r, ...translated, otherLanguage: false }
        : { ...r, otherLanguage: r.language !== null },
    );
  }
  return out;
}

/** The most relevant passages for `text`, best first, within the limit and the token budget. */
export async function retrieveKnowledge(
  db: Db,
  embedder: Embedder | null,
  args: RetrieveArgs,
): Promise<RetrievedPassage[]> {
  const words = subjectWords(args.text);
  const questions = questionWords(args.text);
  const fts = ftsCandidates(db, words);
  const sims = await similarities(db, embedder, args.text);
  const ids = new Set([...fts.keys(), ...[...sims.entries()].filter(([, s]) => s.similarity >= 0.5).map(([id]) => id)]); // prettier-ignore
  const ranked: RetrievedPassage[] = [...ids].map((id) => {
    const passage = (fts.get(id)?.passage ?? sims.get(id)?.passage)!;
    const lexical = fts.get(id)?.fts ?? 0;
    const similarity = sims.get(id)?.similarity ?? null;
    const score = sims.size > 0 ? 0.5 * lexical + 0.5 * Math.max(similarity ?? 0, 0) : lexical;
    return { ...passage, score, coverage: bestCoverage(questions, passage), similarity, otherLanguage: false }; // prettier-ignore
  });
  ranked.sort((a, b) => b.score - a.score || b.coverage - a.coverage);
  const budget = args.budgetTokens ?? 700;
  const kept: RetrievedPassage[] = [];
  let used = 0;
  for (const p of inLanguage(db, ranked, args.language).slice(0, args.limit ?? 5)) {
    const cost = estimateTokens(`${p.heading}\n${p.text}`);
    if (used + cost > budget) continue;
    kept.push(p);
    used += cost;
  }
  return kept;
}

/** A passage this relevant means the knowledge speaks to the message. */
export const COVERS_COVERAGE = 0.6;
export const COVERS_SIMILARITY = 0.8;

export const passageCovers = (p: Pick<RetrievedPassage, 'coverage' | 'similarity'>) =>
  p.coverage >= COVERS_COVERAGE || (p.similarity ?? 0) >= COVERS_SIMILARITY;

/**
 * Whether the business's knowledge covers `text`: retrieval found a passage above the threshold
 * (60% of the subject words of one of its questions, or a cosine similarity of 0.8).
 */
export async function coversMessage(
  db: Db,
  embedder: Embedder | null,
  args: { text: string; language: string | null },
): Promise<boolean> {
  const found = await retrieveKnowledge(db, embedder, { ...args, limit: 5 });
  return found.some(passageCovers);
}
