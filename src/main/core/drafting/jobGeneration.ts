/** The draft job, step 3: what the drafter is told, and a failure in its own words. */
import type { DraftingSettings } from '../../../shared/types';
import type { Db } from '../store/database';
import { recentThread, type DraftSubject } from '../store/draftContext';
import { previousDraftText, type DraftRow } from '../store/drafts';
import type { DraftContext } from './drafter';
import { DrafterError } from './errors';
import { fitThread } from './prompt';
import type { Triage } from './triage';

/** The thread (trimmed to the token budget), the language, the rules' triage, the instruction. */
export function buildDraftContext(
  db: Db,
  args: {
    subject: DraftSubject;
    draft: DraftRow;
    language: string | null;
    rules: Triage;
    settings: DraftingSettings;
  },
): DraftContext {
  const { subject, draft, settings } = args;
  return {
    subject,
    thread: fitThread(
      recentThread(db, {
        conversationId: subject.conversationId,
        uptoId: subject.messageId,
        limit: 50,
      }),
      settings.historyTokenBudget,
    ),
    language: args.language,
    category: args.rules.category,
    urgency: args.rules.urgency,
    settings,
    instruction: draft.instruction,
    previousDraft: draft.instruction
      ? previousDraftText(db, { messageId: subject.messageId, beforeId: draft.id })
      : null,
  };
}

/** Any failure as a DrafterError: the drafters' own pass through, anything else is `unknown`. */
export function asDrafterError(error: unknown): DrafterError {
  if (error instanceof DrafterError) return error;
  return new DrafterError(
    'unknown',
    `The draft failed unexpectedly (${error instanceof Error ? error.message : String(error)}).`,
  );
}
