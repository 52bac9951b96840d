import type { AiMode } from '../../../shared/types';
import { Refusal } from '../domain/refusal';
import { audit } from '../store/audit';
import type { Db } from '../store/database';
import { getConversationAiMode, setConversationAiMode } from '../store/draftContext';
import { stopConversationCountdowns } from '../store/drafts';
import { markAutoSince } from '../store/handoff';

/**
 * Sets a conversation's AI mode with its audit entry; leaving `auto` stops its countdowns in the
 * same transaction. Returns the drafts whose countdown stopped, or undefined when the mode was
 * already set. Refuses a conversation that no longer exists.
 */
export function changeAiMode(
  db: Db,
  args: { conversationId: number; mode: AiMode; now: number },
): number[] | undefined {
  const { conversationId, mode, now } = args;
  const before = getConversationAiMode(db, conversationId);
  if (before === undefined) throw new Refusal('That conversation no longer exists.');
  if (before === mode) return undefined;
  return db.transaction(() => {
    setConversationAiMode(db, conversationId, mode);
    audit(db, {
      actor: 'operator',
      action: 'conversation.ai_mode_changed',
      subjectType: 'conversation',
      subjectId: conversationId,
      details: { from: before, to: mode },
      now,
    });
    if (mode !== 'auto') return stopConversationCountdowns(db, conversationId);
    // The customer's texts before this were the operator's to answer, not auto-send's.
    markAutoSince(db, conversationId);
    return [];
  })();
}
