/**
 * The hand-off rules (domain/handoff.ts) as the automatic replies use them: the facts each rule
 * needs, read from the store or kept here (the operator typing, a few seconds at a time), and what
 * happens when one fires: the conversation is held for the operator (migration 0150), audited,
 * pushed as `conversation:held` (src/shared/events.ts) and shown in the thread. Auto-send
 * (autoSend.ts) and the closed-hours reply (closedReply.ts) both ask `check` before they send.
 */
import type { DraftingSettings, HeldForOperator, TriageCategory } from '../../../shared/types';
import { handoffFor, type Handoff } from '../domain/handoff';
import type { EventBus } from '../events';
import type { Logger } from '../log';
import { audit } from '../store/audit';
import type { Db } from '../store/database';
import {
  heldReason,
  holdConversation,
  releaseConversation,
  unansweredTexts,
} from '../store/handoff';
import type { DraftEvents } from './draftEvents';

/** How long one `conversations:typing` keeps automatic replies back (the console repeats it). */
export const TYPING_HOLD_MS = 8_000;

export interface HandoffDeps {
  db: Db;
  events: EventBus;
  emit: DraftEvents;
  logger: Logger;
  now: () => number;
  settings: () => DraftingSettings;
}

export interface HandoffQuestion {
  conversationId: number;
  /** The customer's text the automatic reply would answer. */
  body: string;
  category?: TriageCategory | null | undefined;
  /** From the model's triage, when a model was asked. */
  modelUnsure?: boolean | undefined;
  /** From the business's knowledge, when it was looked up (wired by the knowledge slice). */
  knowledgeCovers?: boolean | undefined;
  autoReply: HeldForOperator['autoReply'];
}

export type HandoffGuard = ReturnType<typeof createHandoffGuard>;

export function createHandoffGuard(deps: HandoffDeps) {
  const { db, now } = deps;
  const typingUntil = new Map<number, number>();

  const isTyping = (conversationId: number): boolean => {
    const until = typingUntil.get(conversationId);
    if (until === undefined) return false;
    if (until > now()) return true;
    typingUntil.delete(conversationId);
    return false;
  };

  return {
    isTyping,

    /** The operator is typing there: automatic replies stay back for a few seconds. */
    typing(conversationId: number): void {
      typingUntil.set(conversationId, now() + TYPING_HOLD_MS);
    },

    /** Why this automatic reply must wait for the operator, or null when it may go. */
    check(question: HandoffQuestion): Handoff | null {
      const settings = deps.settings();
      return handoffFor({
        body: question.body,
        category: question.category,
        topics: settings.handoffTopics,
        extraWords: settings.handoffWords,
        modelUnsure: question.modelUnsure,
        knowledgeCovers: question.knowledgeCovers,
        unansweredTexts: unansweredTexts(db, {
          conversationId: question.conversationId,
          sinceAuto: question.autoReply === 'auto-send',
        }),
        operatorTyping: isTyping(question.conversationId),
      });
    },

    /** Why the conversation waits for the operator, or null. */
    heldReason: (conversationId: number) => heldReason(db, conversationId),

    /**
     * Holds the conversation for the operator with the rule's reason: audited and pushed as
     * `conversation:held`. A conversation already held keeps its first reason.
     */
    hold(conversationId: number, handoff: Handoff, autoReply: HeldForOperator['autoReply']): void {
      const at = now();
      const held = db.transaction(() => {
        if (!holdConversation(db, { conversationId, reason: handoff.reason, now: at })) return false; // prettier-ignore
        audit(db, {
          actor: 'system',
          action: 'conversation.held_for_operator',
          subjectType: 'conversation',
          subjectId: conversationId,
          details: { rule: handoff.rule, reason: handoff.reason, autoReply },
          now: at,
        });
        return true;
      })();
      if (!held) return;
      deps.logger.info({ conversationId, rule: handoff.rule, autoReply }, 'held for the operator');
      const payload: HeldForOperator = { conversationId, ...handoff, autoReply, at };
      // The thread shows the reason from the conversation itself (`heldReason`), so no notice.
      deps.events.emit('conversation:held', payload);
      deps.emit.conversation(conversationId);
    },

    /** The operator answered: automatic replies may go out there again. */
    release(conversationId: number): void {
      typingUntil.delete(conversationId);
      if (releaseConversation(db, conversationId)) deps.emit.conversation(conversationId);
    },
  };
}
