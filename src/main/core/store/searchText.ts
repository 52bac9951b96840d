/**
 * What the operator typed, as search terms, and the snippet of a hit: the same code for both
 * engines, so SQLite (FTS5) and PostgreSQL (tsvector) return the same snippets for the same hits.
 * No SQL here.
 */
import type { SnippetPart } from '../../../shared/types';

const MAX_TERMS = 12;
/** How many words a snippet shows around its matches (as FTS5's `snippet(…, 16)` did). */
const SNIPPET_TOKENS = 16;

/**
 * The words of a search: split on white space, control characters dropped, only words with a
 * letter or digit, at most MAX_TERMS. Each word is matched as a phrase of its tokens ("don't" is
 * "don" then "t"), and the last one as a prefix, so results follow the typing.
 */
export function searchTerms(text: string): string[] {
  return text
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f]/g, ' ') // eslint-disable-line no-control-regex -- stripping them is the point
    .split(/\s+/)
    .filter((term) => /[\p{L}\p{N}]/u.test(term))
    .slice(0, MAX_TERMS);
}

/** The tokens of a word as it is typed (letters, digits and their marks), not yet folded. */
export const rawTokens = (term: string): string[] => term.match(/[\p{L}\p{N}\p{M}]+/gu) ?? [];

/** Lower case without accents: "Mañana" and "manana" are one word to both indexes. */
const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

interface Token {
  start: number;
  end: number;
  folded: string;
}

function tokenize(body: string): Token[] {
  const tokens: Token[] = [];
  for (const match of body.matchAll(/[\p{L}\p{N}\p{M}]+/gu)) {
    const folded = fold(match[0]);
    if (folded === '') continue; // marks alone are no word
    tokens.push({ start: match.index, end: match.index + match[0].length, folded });
  }
  return tokens;
}

/** A matched run of tokens: [first, last] token indexes. */
type Span = [number, number];

/** Where each term occurs in the body: its tokens in a row, the last term's last one as a prefix. */
function matchedSpans(tokens: Token[], terms: string[]): Span[] {
  const spans: Span[] = [];
  terms.forEach((term, index) => {
    const wanted = rawTokens(term).map(fold).filter(Boolean);
    const prefix = index === terms.length - 1;
    if (wanted.length === 0) return;
    for (let i = 0; i + wanted.length <= tokens.length; i += 1) {
      const hit = wanted.every((word, j) => {
        const token = tokens[i + j]!.folded;
        return prefix && j === wanted.length - 1 ? token.startsWith(word) : token === word;
      });
      if (hit) spans.push([i, i + wanted.length - 1]);
    }
  });
  // In body order, overlaps merged, so each piece of text is marked at most once.
  spans.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: Span[] = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push([...span]);
  }
  return merged;
}

/**
 * The window of SNIPPET_TOKENS tokens to show: the one holding the most matches (the earliest of
 * equals), moved so those matches sit in its middle rather than at an edge.
 */
function snippetWindow(count: number, spans: Span[]): Span {
  if (count <= SNIPPET_TOKENS || spans.length === 0)
    return [0, Math.min(count, SNIPPET_TOKENS) - 1];
  let best = { score: -1, first: 0, last: 0 };
  for (const [start] of spans) {
    const inside = spans.filter(([a, b]) => a >= start && b < start + SNIPPET_TOKENS);
    if (inside.length > best.score) {
      best = { score: inside.length, first: start, last: inside.at(-1)![1] };
    }
  }
  const slack = SNIPPET_TOKENS - (best.last - best.first + 1);
  const from = Math.max(0, Math.min(count - SNIPPET_TOKENS, best.first - Math.floor(slack / 2)));
  return [from, from + SNIPPET_TOKENS - 1];
}

/**
 * The snippet of a hit, built from its body and the search's terms: the whole body when it is
 * short (as texts mostly are), else a window of SNIPPET_TOKENS words with "…" where it was cut;
 * the matched words are the parts with `match: true`.
 */
export function buildSnippet(body: string, terms: string[]): SnippetPart[] {
  const tokens = tokenize(body);
  const spans = matchedSpans(tokens, terms);
  const whole = tokens.length <= SNIPPET_TOKENS;
  const [from, to] = whole ? [0, tokens.length - 1] : snippetWindow(tokens.length, spans);
  const start = whole ? 0 : tokens[from]!.start;
  const end = whole ? body.length : tokens[to]!.end;
  const parts: SnippetPart[] = [];
  const push = (text: string, match: boolean) => {
    if (text === '') return;
    const last = parts.at(-1);
    if (last && last.match === match) last.text += text;
    else parts.push({ text, match });
  };
  if (start > 0) push('…', false);
  let at = start;
  for (const [a, b] of spans) {
    if (a < from || b > to) continue;
    push(body.slice(at, tokens[a]!.start), false);
    push(body.slice(tokens[a]!.start, tokens[b]!.end), true);
    at = tokens[b]!.end;
  }
  push(body.slice(at, end), false);
  if (end < body.length) push('…', false);
  return parts;
}

/**
 * One term as an FTS5 phrase: quoted, so no word is an operator (AND, NEAR, -, ", *, :), and a
 * prefix when `prefix`.
 */
export function ftsPhrase(term: string, prefix: boolean): string {
  return `"${term.replace(/"/g, '""')}"${prefix ? '*' : ''}`;
}

/**
 * One term as a tsquery phrase of its tokens (`'don' <-> 't'`), the last a prefix when `prefix`.
 * Tokens hold only letters, digits and marks, so no quote or operator can get in; case and
 * accents are folded by the database (`search_fold`), as when the index was built.
 */
export function tsPhrase(term: string, prefix: boolean): string {
  const tokens = rawTokens(term).filter((token) => /[\p{L}\p{N}]/u.test(token));
  return `(${tokens.map((token) => `'${token}'`).join(' <-> ')}${prefix ? ':*' : ''})`;
}

/**
 * A query for any of `words` (each a phrase of its tokens, a prefix when `prefix`), in the
 * engine's own syntax: FTS5 (`"sunday"* OR "open"*`) or tsquery text (`('sunday':*) | ('open':*)`,
 * folded by the database's `search_fold`). Null when no word has a letter or digit. For the
 * knowledge retrieval and the offline drafter's past replies, which rank rather than list.
 */
export function anyOfWords(
  engine: 'sqlite' | 'postgres',
  words: string[],
  prefix: boolean,
): string | null {
  const usable = words.filter((word) => /[\p{L}\p{N}]/u.test(word));
  if (usable.length === 0) return null;
  return engine === 'sqlite'
    ? usable.map((word) => ftsPhrase(word, prefix)).join(' OR ')
    : usable.map((word) => tsPhrase(word, prefix)).join(' | ');
}
