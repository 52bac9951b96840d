import type {
  DraftingSettings,
  DraftProvider,
  TriageCategory,
  Urgency,
} from '../../../shared/types';
import type { RetrievedPassage } from '../knowledge/retrieval';
import type { DraftSubject, ThreadMessage } from '../store/draftContext';
import type { TemplateChoice, TemplateChoiceRequest } from './templateChoice';
import type { Triage } from './triage';

/** Everything a drafter may use to write one reply. */
export interface DraftContext {
  subject: DraftSubject;
  /** Oldest first, already trimmed to the token budget; ends with the message being answered. */
  thread: ThreadMessage[];
  /** ISO 639-1 language to reply in; null when unknown. */
  language: string | null;
  category: TriageCategory;
  urgency: Urgency;
  settings: DraftingSettings;
  /** Regenerate: what the operator asked for, and the draft it replaces. */
  instruction: string | null;
  previousDraft: string | null;
  /** The business's knowledge most relevant to the message, best first, within its budget. */
  knowledge?: RetrievedPassage[];
}

export interface DraftResult {
  text: string;
  model: string | null;
  /** Offline drafts: what the suggestion came from, for its label. */
  source: string | null;
  /** The passages the draft was based on; by default all of `context.knowledge`. */
  basedOn?: RetrievedPassage[];
  promptTokens: number | null;
  completionTokens: number | null;
}

export interface DraftCallbacks {
  signal: AbortSignal;
  /** Streaming drafters call this as text arrives; `text` is everything so far. */
  onDelta?: (delta: string, text: string) => void;
}

/**
 * Turns a conversation into a proposed reply. Implementations throw DrafterError (shown on the
 * draft, retried when it makes sense) and DraftCancelled when `signal` aborts.
 */
export interface Drafter {
  readonly provider: DraftProvider;
  readonly model: string | null;
  /** Where drafts come from, for the Settings screen (host only; never a key). */
  readonly endpoint: string | null;
  draft(context: DraftContext, callbacks: DraftCallbacks): Promise<DraftResult>;
  /** Model triage; absent when the drafter cannot do better than the rules. */
  triage?(text: string, signal: AbortSignal): Promise<Triage>;
  /**
   * Which approved WhatsApp template fits the conversation (null: none does); absent when the
   * drafter has no model, and the offline rule (templateChoice.ts) answers instead.
   */
  chooseTemplate?(
    request: TemplateChoiceRequest,
    signal: AbortSignal,
  ): Promise<TemplateChoice | null>;
}
