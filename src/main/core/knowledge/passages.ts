/**
 * What retrieval finds: a source cut into passages, each a heading and a bounded piece of text
 * (so one passage fits a prompt beside others, and a match points at the part that matters).
 * Facts are a passage per language; the price list a passage per group of lines; text is cut at
 * headings, then paragraphs, then sentences.
 */
import { createHash } from 'node:crypto';
import type {
  FactContent,
  KnowledgeContent,
  KnowledgeKind,
  PricesContent,
} from '../../../shared/knowledge';
import type { NewPassage } from '../store/knowledge';

/** A passage grows to about this many characters, never beyond the maximum. */
export const PASSAGE_TARGET_CHARS = 600;
export const PASSAGE_MAX_CHARS = 1000;

export const passageHash = (heading: string, text: string) =>
  createHash('sha256').update(`${heading}\n${text}`).digest('hex');

const passage = (heading: string, text: string, language: string | null = null): NewPassage => ({
  language,
  heading,
  text,
  hash: passageHash(heading, text),
});

/** A paragraph longer than the maximum, cut at sentence ends (or hard, for a wall of text). */
function cutLong(paragraph: string): string[] {
  if (paragraph.length <= PASSAGE_MAX_CHARS) return [paragraph];
  const sentences = paragraph.match(/[^.!?\n]+[.!?]*\s*/g) ?? [paragraph];
  const pieces: string[] = [];
  let current = '';
  for (const sentence of sentences) {
    if (current && current.length + sentence.length > PASSAGE_TARGET_CHARS) {
      pieces.push(current.trim());
      current = '';
    }
    current += sentence;
    while (current.length > PASSAGE_MAX_CHARS) {
      pieces.push(current.slice(0, PASSAGE_MAX_CHARS).trim());
      current = current.slice(PASSAGE_MAX_CHARS);
    }
  }
  if (current.trim()) pieces.push(current.trim());
  return pieces;
}

/** Text with `#` headings → passages: a new one at each heading, and when one grows too long. */
export function splitText(text: string, title: string): Array<{ heading: string; text: string }> {
  const out: Array<{ heading: string; text: string }> = [];
  let heading = title;
  let current = '';
  const flush = () => {
    if (current.trim()) out.push({ heading, text: current.trim() });
    current = '';
  };
  for (const block of text.split(/\n\s*\n/)) {
    const lines = block.split('\n');
    const rest: string[] = [];
    for (const line of lines) {
      const h = /^#{1,6}\s+(.+)$/.exec(line.trim());
      if (h) {
        if (rest.length) current += (current ? '\n\n' : '') + rest.splice(0).join('\n');
        flush();
        heading = h[1]!.trim();
      } else rest.push(line);
    }
    const paragraph = rest.join('\n').trim();
    if (!paragraph) continue;
    for (const piece of cutLong(paragraph)) {
      if (current && current.length + piece.length + 2 > PASSAGE_TARGET_CHARS) flush();
      current += (current ? '\n\n' : '') + piece;
    }
  }
  flush();
  return out;
}

function pricePassages(title: string, content: PricesContent): NewPassage[] {
  const out: NewPassage[] = [];
  let lines: string[] = [];
  const flush = () => {
    if (lines.length) out.push(passage(title, lines.join('\n')));
    lines = [];
  };
  for (const { item, price } of content.items) {
    const line = `${item}: ${price}`;
    if (lines.join('\n').length + line.length > PASSAGE_TARGET_CHARS) flush();
    lines.push(line);
  }
  flush();
  return out;
}

const factPassages = (content: FactContent): NewPassage[] => [
  passage(content.question, content.answer),
  ...content.translations.map((t) => passage(t.question, t.answer, t.language)),
];

/** The passages of one source, as stored and indexed. */
export function passagesFor(
  kind: KnowledgeKind,
  title: string,
  content: KnowledgeContent,
): NewPassage[] {
  switch (kind) {
    case 'fact':
      return factPassages(content as FactContent);
    case 'prices':
      return pricePassages(title, content as PricesContent);
    case 'policy':
    case 'document':
    case 'webpage':
      return splitText((content as { text: string }).text, title).map((p) =>
        passage(p.heading, p.text),
      );
  }
}
