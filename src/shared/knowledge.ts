/**
 * The business's knowledge (issue 17) as the contract carries it: what the operator adds in
 * Settings → Knowledge, the passages a draft was based on, and the claims in a draft that nothing
 * the business said supports. Kept apart from types.ts so the knowledge commands read as one piece.
 */
import { z } from 'zod';

export const knowledgeKinds = ['fact', 'prices', 'policy', 'document', 'webpage'] as const;
export type KnowledgeKind = (typeof knowledgeKinds)[number];

const language = z
  .string()
  .trim()
  .regex(/^[a-z]{2}$/, 'A language is its two-letter code, such as es or fr');
const line = z.string().trim().min(1).max(500);

/** A question and its answer, with translations the customer's language may pick. */
export const factContentSchema = z
  .object({
    question: line,
    answer: z.string().trim().min(1).max(4000),
    translations: z
      .array(
        z.object({ language, question: line, answer: z.string().trim().min(1).max(4000) }).strict(),
      )
      .max(10)
      .default([]),
  })
  .strict();
export const pricesContentSchema = z
  .object({
    items: z
      .array(z.object({ item: line, price: z.string().trim().min(1).max(100) }).strict())
      .min(1, 'Add at least one item and its price')
      .max(2000),
  })
  .strict();
export const policyContentSchema = z
  .object({ text: z.string().trim().min(1).max(50_000) })
  .strict();

export type FactContent = z.output<typeof factContentSchema>;
export type PricesContent = z.output<typeof pricesContentSchema>;
export type PolicyContent = z.output<typeof policyContentSchema>;
/** A document or web page: the text taken out of it, headings as Markdown `#` lines. */
export interface ImportedContent {
  text: string;
}
export type KnowledgeContent = FactContent | PricesContent | PolicyContent | ImportedContent;

/** What the operator typed: a fact, the price list or a policy (documents are imported). */
export const knowledgeEntrySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fact'), content: factContentSchema }).strict(),
  z.object({ kind: z.literal('prices'), content: pricesContentSchema }).strict(),
  z.object({ kind: z.literal('policy'), content: policyContentSchema }).strict(),
]);

export const knowledgeCommandSchemas = {
  /** Everything the business taught, newest change first (no document text: `knowledge:get`). */
  'knowledge:list': z.object({}).strict(),
  'knowledge:get': z.object({ id: z.number().int().positive() }).strict(),
  /** Adds (no `id`) or replaces a fact, the price list or a policy. */
  'knowledge:save': z
    .object({
      id: z.number().int().positive().optional(),
      title: z.string().trim().min(1).max(200),
      entry: knowledgeEntrySchema,
    })
    .strict(),
  /** A PDF, DOCX, TXT or Markdown file; with `replaceId`, a re-import over that source. */
  'knowledge:importFile': z
    .object({
      fileName: z.string().trim().min(1).max(300),
      /** The file's bytes, base64. */
      data: z.string().max(28_000_000, 'That file is too large to import (at most 20 MB)'),
      title: z.string().trim().max(200).optional(),
      replaceId: z.number().int().positive().optional(),
    })
    .strict(),
  /** A web page by its address (needs the internet); with `replaceId`, fetched again. */
  'knowledge:importUrl': z
    .object({
      url: z.string().trim().url('That is not a web address (it starts with https://)').max(2000),
      title: z.string().trim().max(200).optional(),
      replaceId: z.number().int().positive().optional(),
    })
    .strict(),
  'knowledge:delete': z.object({ id: z.number().int().positive() }).strict(),
  /** One passage as a draft used it ("Based on" opens it). */
  'knowledge:passage': z.object({ passageId: z.number().int().positive() }).strict(),
  /** The claims in a text (an edited draft) that neither knowledge, profile nor thread supports. */
  'knowledge:checkClaims': z
    .object({ conversationId: z.number().int().positive(), text: z.string().max(5000) })
    .strict(),
} as const;

export interface KnowledgeSourceView {
  id: number;
  kind: KnowledgeKind;
  title: string;
  /** A document's file name or a web page's address. */
  origin: string | null;
  passages: number;
  /** A line to recognise it by in the list. */
  summary: string;
  createdAt: number;
  updatedAt: number;
}

export interface KnowledgeSourceDetails extends KnowledgeSourceView {
  content: KnowledgeContent;
}

/** A passage a draft was based on, as it read when the draft was written. */
export interface KnowledgeUse {
  passageId: number;
  sourceId: number;
  /** The source's title ("Prices 2026"). */
  title: string;
  heading: string;
  text: string;
}

export const claimKinds = ['price', 'time', 'date', 'phone', 'address', 'link'] as const;
export type ClaimKind = (typeof claimKinds)[number];

/** A fact in a draft that the knowledge, the profile and the conversation do not contain. */
export interface UnsupportedClaim {
  kind: ClaimKind;
  /** As written in the draft ("$45"). */
  text: string;
  /** Where it is in the draft's text (for marking it). */
  start: number;
  end: number;
  /** "not in your prices" */
  note: string;
}

export interface KnowledgeCommandResults {
  'knowledge:list': KnowledgeSourceView[];
  'knowledge:get': KnowledgeSourceDetails;
  'knowledge:save': KnowledgeSourceView;
  'knowledge:importFile': KnowledgeSourceView;
  'knowledge:importUrl': KnowledgeSourceView;
  'knowledge:delete': { ok: true };
  'knowledge:passage': KnowledgeUse & { current: boolean };
  'knowledge:checkClaims': UnsupportedClaim[];
}

/** How the core's (and the card's) question about unsupported claims begins. */
export const CLAIMS_CONFIRMATION = 'This reply states what your knowledge does not:';

/** "$45 — not in your prices; 10pm — not in your hours or knowledge" */
export const describeClaims = (claims: UnsupportedClaim[]) =>
  claims.map((c) => `${c.text} — ${c.note}`).join('; ');
