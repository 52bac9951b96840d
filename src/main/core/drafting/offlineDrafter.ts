/**
 * Offline drafts: no network, never invented. Two sources, both the operator's own words:
 * - past replies: what the operator sent right after an earlier inbound message that resembles
 *   this one (FTS5/BM25 over the newest answered texts, then a word-overlap check);
 * - templates: canned replies whose keywords or category fit, filled from the business profile.
 * When neither fits, it says so (DrafterError 'no-suggestion': the draft is failed, not retried).
 * Two halves: `readOfflineDraftData` reads the store (a pure read, fit for a reader thread) and
 * `composeOfflineDraft` turns what it read into the suggestion (no store).
 */
import type { BusinessProfile, DraftTemplate } from '../../../shared/types';
import type { Db } from '../store/database';
import { findPastReplies, type PastReply } from '../store/draftContext';
import type { DraftCallbacks, DraftContext, Drafter, DraftResult } from './drafter';
import { DraftCancelled, DrafterError } from './errors';
import { answerFromKnowledge } from './knowledgeAnswer';
import { foldText } from './triage';

// Words too common to say two messages are alike (en, es, pt, fr, de).
const stopwords = new Set(
  (
    'the and for you your are can what when where how this that with have has our out not but was ' +
    'will would could just please hi hello hey thanks thank there them they then than from into ' +
    'los las les del por para con una uno que como esta este son hay pero muy mas hola gracias ' +
    'ustedes usted voce voces vcs nao sim com uma por para pra como esta isso ola obrigado obrigada ' +
    'est une des pour avec dans pas vous nous bonjour merci qui que quoi ' +
    'der die das und ist sie ich wir ihr mit fur ein eine nicht hallo danke'
  ).split(' '),
);

export function significantWords(text: string): string[] {
  const words = foldText(text).match(/\p{L}[\p{L}\p{N}']*/gu) ?? [];
  return [...new Set(words.filter((w) => w.length >= 3 && !stopwords.has(w)))];
}

/** Share of the customer's significant words found in the earlier message (0..1). */
function overlap(words: string[], other: string): number {
  if (words.length === 0) return 0;
  const theirs = new Set(significantWords(other));
  return words.filter((w) => theirs.has(w)).length / words.length;
}

const firstName = (name: string | null) => name?.trim().split(/\s+/)[0] ?? '';

/** Fills {{variables}}; null when the profile cannot fill one the template needs. */
export function renderTemplate(
  text: string,
  values: { name: string; profile: BusinessProfile },
): string | null {
  const p = values.profile;
  const required: Record<string, string> = {
    business: p.name,
    hours: p.hours,
    address: p.address,
    services: p.services,
    policies: p.policies,
  };
  let missing = false;
  let out = text.replace(/\{\{\s*(\w+)\s*\}\}/g, (match, key: string) => {
    if (key === 'name' || key === 'signoff') return match; // optional, handled below
    const value = required[key]?.trim();
    if (!value) missing = true;
    return value ?? match;
  });
  if (missing) return null;
  // An unknown name or sign-off disappears with the punctuation around it: "Hi {{name}}!" → "Hi!".
  out = values.name
    ? out.replace(/\{\{\s*name\s*\}\}/g, values.name)
    : out.replace(/[ \t]*,?[ \t]*\{\{\s*name\s*\}\}/g, '');
  out = out.replace(/\{\{\s*signoff\s*\}\}/g, p.signOff.trim());
  return out.replace(/[ \t]{2,}/g, ' ').trim();
}

function templateScore(template: DraftTemplate, folded: string, context: DraftContext): number {
  const hits = template.keywords.filter((k) => {
    const word = foldText(k).trim();
    return (
      word !== '' && new RegExp(`(^|[^\\p{L}])${escape(word)}(?=$|[^\\p{L}])`, 'u').test(folded)
    );
  }).length;
  const categoryFits = template.categories.includes(context.category);
  if (hits === 0 && !(template.keywords.length === 0 && categoryFits)) return 0;
  return hits * 2 + (categoryFits ? 1 : 0);
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Past replies call their customer by name: put this customer's name in, or leave it out. */
function personalise(reply: PastReply, name: string): string {
  const old = firstName(reply.contactName);
  if (!old) return reply.reply;
  const pattern = new RegExp(`(^|[^\\p{L}])${escape(old)}(?=$|[^\\p{L}])`, 'gu');
  return name
    ? reply.reply.replace(pattern, `$1${name}`)
    : reply.reply.replace(new RegExp(`[ \\t]*,?[ \\t]*${escape(old)}(?=$|[^\\p{L}])`, 'gu'), '');
}

const dateLabel = (at: number) => new Date(at).toISOString().slice(0, 10);

/** What the offline drafter reads from the store for one customer text. */
export interface OfflineDraftArgs {
  /** The customer's text being answered. */
  body: string;
  /** Its message id (never its own example). */
  messageId: number;
}

export interface OfflineDraftData {
  /** Earlier answered texts that share words with it, best bm25 first. */
  pastReplies: PastReply[];
}

/**
 * The retrieval half: a pure read of the store (no writes), so it may run on a read-only
 * connection in another thread and hand its result to `composeOfflineDraft`.
 */
export function readOfflineDraftData(db: Db, args: OfflineDraftArgs): OfflineDraftData {
  const words = significantWords(args.body);
  if (words.length === 0) return { pastReplies: [] };
  return {
    pastReplies: findPastReplies(db, {
      words,
      excludeConversationMessageId: args.messageId,
      limit: 20,
    }),
  };
}

/** Past replies in the customer's language, most alike first. */
function rankPastReplies(
  context: DraftContext,
  data: OfflineDraftData,
): Array<PastReply & { similarity: number }> {
  const words = significantWords(context.subject.body);
  if (words.length === 0) return [];
  return data.pastReplies
    .filter(
      (r) => !context.language || !r.inboundLanguage || r.inboundLanguage === context.language,
    )
    .map((r) => ({ ...r, similarity: overlap(words, r.inboundBody) }))
    .sort((a, b) => b.similarity - a.similarity || a.rank - b.rank);
}

function bestTemplate(context: DraftContext, name: string) {
  const folded = foldText(context.subject.body);
  const candidates = context.settings.templates
    .filter(
      (t) => t.language === null || context.language === null || t.language === context.language,
    )
    .map((t) => ({ template: t, score: templateScore(t, folded, context) }))
    .filter((c) => c.score > 0)
    // Same score: a template in the customer's language (or English when unknown) first.
    .sort(
      (a, b) =>
        b.score - a.score ||
        Number(b.template.language === (context.language ?? 'en')) -
          Number(a.template.language === (context.language ?? 'en')),
    );
  for (const { template } of candidates) {
    const text = renderTemplate(template.text, { name, profile: context.settings.profile });
    if (text) return { template, text };
  }
  return undefined;
}

/**
 * The compose half: turns what was read into the suggestion, with no store at all. The
 * business's knowledge answers first (it is what the business says today); then a past reply
 * that fits well beats a template, a template beats a reply that fits only loosely; nothing that
 * fits → DrafterError 'no-suggestion'.
 */
export function composeOfflineDraft(context: DraftContext, data: OfflineDraftData): DraftResult {
  const name = firstName(context.subject.contact.name);
  const known = answerFromKnowledge(context, name);
  if (known) {
    return { text: known.text, model: null, source: known.source, basedOn: known.basedOn, promptTokens: null, completionTokens: null }; // prettier-ignore
  }
  const replies = rankPastReplies(context, data);
  const strong = replies.find((r) => r.similarity >= 0.6);
  const template = bestTemplate(context, name);
  const weak = replies.find((r) => r.similarity >= 0.4);
  const result = (text: string, source: string): DraftResult => ({
    text,
    model: null,
    source,
    promptTokens: null,
    completionTokens: null,
  });
  if (strong) {
    return result(
      personalise(strong, name),
      `your reply of ${dateLabel(strong.replyAt)} to a similar message`,
    );
  }
  if (template) return result(template.text, `template “${template.template.title}”`);
  if (weak) {
    return result(
      personalise(weak, name),
      `your reply of ${dateLabel(weak.replyAt)} to a similar message`,
    );
  }
  throw new DrafterError(
    'no-suggestion',
    'No offline suggestion fits this message. Write the reply yourself, or add a template for it in Settings.',
  );
}

export interface OfflineDrafterOptions {
  /**
   * Runs the retrieval somewhere else (a reader thread with its own read-only connection); by
   * default `readOfflineDraftData` on `db`.
   */
  retrieve?: (args: OfflineDraftArgs) => OfflineDraftData | Promise<OfflineDraftData>;
}

export function createOfflineDrafter(db: Db, options: OfflineDrafterOptions = {}): Drafter {
  const retrieve = options.retrieve ?? ((args: OfflineDraftArgs) => readOfflineDraftData(db, args));
  return {
    provider: 'offline',
    model: null,
    endpoint: null,

    async draft(context: DraftContext, callbacks: DraftCallbacks): Promise<DraftResult> {
      if (callbacks.signal.aborted) throw new DraftCancelled('the draft was cancelled');
      const data = await retrieve({
        body: context.subject.body,
        messageId: context.subject.messageId,
      });
      if (callbacks.signal.aborted) throw new DraftCancelled('the draft was cancelled');
      return composeOfflineDraft(context, data);
    },
  };
}
