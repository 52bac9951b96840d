/**
 * Auto-send: a ready draft in an `auto` conversation is sent by itself after a countdown the
 * operator can stop. It decides with the same functions as the operator's approve
 * (messaging/preSend.ts, messaging/draftDecision.ts); only the rules on top are its own: the
 * conversation's mode, the hand-off rules (handoff.ts: a fired rule holds the conversation for
 * the operator, with its reason), the allowed categories, and complaints never.
 */
import type { TriageCategory } from '../../../shared/types';
import type { UnsupportedClaim } from '../../../shared/knowledge';
import { describeClaims } from '../domain/claims';
import { typingHandoff } from '../domain/handoff';
import { Refusal } from '../domain/refusal';
import { afterDecision, approveAndQueue, type DecisionHooks } from '../messaging/draftDecision';
import { getReplyRoute, preSendReport, sendBlocker } from '../messaging/preSend';
import { audit, auditIfChanged } from '../store/audit';
import { getConversationAiMode } from '../store/draftContext';
import {
  getDraft,
  listAutoSendCountdowns,
  setDraftAutoSendAt,
  stopConversationCountdowns,
  type DraftRow,
} from '../store/drafts';
import { closedReplyAnswered } from '../store/handoff';
import { getMessage } from '../store/messages';
import type { HandoffDeps, HandoffGuard } from './handoff';

/** What the draft job learned that only it knows: the rules that need them apply when given. */
export interface DraftSignals {
  modelUnsure?: boolean | undefined;
  knowledgeCovers?: boolean | undefined;
}

/** The hand-off guard's parts (db, events, emit, logger, now, settings), and auto-send's own. */
export interface AutoSendDeps extends HandoffDeps {
  /** Overrides the operator's countdown (tests shorten it). */
  delayMs?: number | undefined;
  /** Prices, times… in a text that the business's knowledge does not support (never auto-sent). */
  unsupportedClaims?: (conversationId: number, text: string) => UnsupportedClaim[];
  /** What happens after a draft was sent: the same as after the operator approved one. */
  decisions: DecisionHooks;
  handoff: HandoffGuard;
}

/**
 * Whether a hand-off rule keeps this draft for the operator: the conversation is (or now gets)
 * held, and true is returned. Only in `auto` conversations: elsewhere nothing was going to be sent.
 */
function handedOff(deps: AutoSendDeps, draft: DraftRow, signals: DraftSignals = {}): boolean {
  const { db, handoff } = deps;
  const conversationId = draft.conversation_id;
  if (getConversationAiMode(db, conversationId) !== 'auto') return false;
  if (handoff.heldReason(conversationId) !== null) return true;
  const fired = handoff.check({
    conversationId,
    body: getMessage(db, draft.reply_to_message_id)?.body ?? '',
    category: draft.category as TriageCategory | null,
    ...signals,
    autoReply: 'auto-send',
  });
  if (fired) handoff.hold(conversationId, fired, 'auto-send');
  return fired !== null;
}

const CLAIMS_REASON = 'it states what your knowledge does not';

/** Why a ready draft may not be sent without the operator, or null when it may. */
function autoSendBlocker(deps: AutoSendDeps, draft: DraftRow): string | null {
  const { db, now } = deps;
  const mode = getConversationAiMode(db, draft.conversation_id);
  if (mode !== 'auto') return 'the conversation is not set to auto-send';
  const category = draft.category as TriageCategory | null;
  if (category === 'complaint') return 'complaints are never sent automatically';
  if (category === null || !deps.settings().autoSendCategories.includes(category)) {
    return `auto-send is not allowed for ${category ?? 'uncategorised'} messages`;
  }
  const route = getReplyRoute(db, draft.conversation_id);
  if (!route || route.optedOut) return 'the customer opted out';
  const claims = deps.unsupportedClaims?.(draft.conversation_id, draft.text_generated) ?? [];
  if (claims.length > 0) return `${CLAIMS_REASON} (${describeClaims(claims)})`;
  return sendBlocker(preSendReport(db, { route, body: draft.text_generated, now: now() }));
}

/** A blocked auto-send leaves the draft ready and says why. */
function hold(deps: AutoSendDeps, draft: DraftRow, reason: string): void {
  const { db, now } = deps;
  db.transaction(() => {
    setDraftAutoSendAt(db, draft.id, null);
    audit(db, {
      actor: 'system',
      action: 'draft.auto_send_held',
      subjectType: 'draft',
      subjectId: draft.id,
      details: { reason },
      now: now(),
    });
  })();
  deps.events.emit('notice', {
    level: 'warning',
    conversationId: draft.conversation_id,
    text: `A draft was not sent automatically: ${reason}. It is waiting for you.`,
  });
  deps.emit.draft(draft.id);
}

/** Approves and queues the draft as the auto-send rule; undefined when it was decided meanwhile. */
function sendDraft(deps: AutoSendDeps, draft: DraftRow): number | undefined {
  const { db, now } = deps;
  const draftId = draft.id;
  const route = getReplyRoute(db, draft.conversation_id)!;
  return db.transaction(() => {
    const id = approveAndQueue(db, {
      draftId,
      route,
      body: draft.text_generated,
      edited: false,
      author: 'auto',
      auditAction: 'message.auto_sent',
      now: now(),
    });
    if (id === undefined) return undefined;
    audit(db, {
      actor: 'system',
      action: 'draft.auto_sent',
      subjectType: 'draft',
      subjectId: draftId,
      details: { messageId: id, category: draft.category, conversationId: draft.conversation_id },
      now: now(),
    });
    return id;
  })();
}

export type AutoSend = ReturnType<typeof createAutoSend>;

export function createAutoSend(deps: AutoSendDeps) {
  const { db, now, emit } = deps;
  const countdowns = new Map<number, NodeJS.Timeout>();
  let closing = false;

  const delay = () => deps.delayMs ?? deps.settings().autoSendDelaySeconds * 1000;

  const clear = (draftId: number) => {
    clearTimeout(countdowns.get(draftId));
    countdowns.delete(draftId);
  };

  const schedule = (draftId: number, at: number) => {
    clear(draftId);
    if (closing) return;
    const timer = setTimeout(() => fire(draftId), Math.max(0, at - now()));
    timer.unref?.();
    countdowns.set(draftId, timer);
  };

  const fire = (draftId: number) => {
    countdowns.delete(draftId);
    const draft = getDraft(db, draftId);
    if (!draft || draft.state !== 'ready' || draft.auto_send_at === null) return;
    if (draft.auto_send_at > now()) return schedule(draftId, draft.auto_send_at);
    if (handedOff(deps, draft)) {
      setDraftAutoSendAt(db, draftId, null);
      return emit.draft(draftId);
    }
    const reason = autoSendBlocker(deps, draft);
    if (reason) return hold(deps, draft, reason);
    const messageId = sendDraft(deps, draft);
    if (messageId === undefined) return;
    deps.logger.info({ draftId, messageId }, 'draft sent automatically after its countdown');
    afterDecision(deps.decisions, { kind: 'draft-sent', draftId, messageId });
  };

  return {
    clear,

    /** Starts the countdown on a ready draft when everything allows it; returns whether it did. */
    maybeStart(draftId: number, signals: DraftSignals = {}): boolean {
      const draft = getDraft(db, draftId);
      if (!draft || draft.state !== 'ready' || draft.auto_send_at !== null) return false;
      // The closed-hours reply answered this text already: one automatic reply is enough.
      if (closedReplyAnswered(db, { conversationId: draft.conversation_id, messageId: draft.reply_to_message_id })) return false; // prettier-ignore
      if (handedOff(deps, draft, signals)) return false;
      const reason = autoSendBlocker(deps, draft);
      // Held, not just skipped: the operator reads why this auto conversation waits for them.
      if (reason?.startsWith(CLAIMS_REASON)) hold(deps, draft, reason);
      if (reason) return false;
      const at = now() + delay();
      if (!setDraftAutoSendAt(db, draftId, at)) return false;
      audit(db, {
        actor: 'system',
        action: 'draft.auto_send_countdown',
        subjectType: 'draft',
        subjectId: draftId,
        details: { sendAt: at },
        now: now(),
      });
      schedule(draftId, at);
      return true;
    },

    /**
     * No draft could be written (nothing fits offline, the model failed): nothing will be sent,
     * but a hand-off rule still tells the operator why this text is theirs.
     */
    afterFailedDraft(draftId: number, signals: DraftSignals = {}): void {
      const draft = getDraft(db, draftId);
      if (draft?.state === 'failed') handedOff(deps, draft, signals);
    },

    /**
     * The operator is typing in the conversation: a countdown running there stops, and the
     * conversation is held for them; none starts while they type.
     */
    operatorTyping(conversationId: number): void {
      deps.handoff.typing(conversationId);
      const stopped = stopConversationCountdowns(db, conversationId);
      if (stopped.length === 0) return;
      for (const id of stopped) clear(id);
      deps.handoff.hold(conversationId, typingHandoff, 'auto-send');
      for (const id of stopped) emit.draft(id, false);
    },

    /** The operator stopped the countdown; refuses when none is running. */
    stopByOperator(draftId: number): void {
      const stopped = auditIfChanged(db, () => setDraftAutoSendAt(db, draftId, null), {
        actor: 'operator',
        action: 'draft.auto_send_stopped',
        subjectType: 'draft',
        subjectId: draftId,
        now: now(),
      });
      if (!stopped) throw new Refusal('No auto-send countdown is running for that draft.');
      clear(draftId);
      emit.draft(draftId);
    },

    /** Countdowns survive a restart: each starts again in full, so the operator sees it. */
    resume(): void {
      for (const { id, autoSendAt } of listAutoSendCountdowns(db)) {
        if (autoSendAt > now()) {
          schedule(id, autoSendAt);
          continue;
        }
        const at = now() + delay();
        if (setDraftAutoSendAt(db, id, at)) schedule(id, at);
      }
    },

    close(): void {
      closing = true;
      for (const timer of countdowns.values()) clearTimeout(timer);
      countdowns.clear();
    },
  };
}
