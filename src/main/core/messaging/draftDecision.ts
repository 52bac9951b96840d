/**
 * Approve-and-queue and "after a decision, tell drafting": one function each, used by the
 * operator's `drafts:approve` / `messages:send` and by auto-send alike, so the two paths cannot
 * drift apart.
 */
import type { Db } from '../store/database';
import { decideDraft } from '../store/drafts';
import type { ReplyRoute } from '../store/outbound';
import { queueOutboundMessage } from './outbound';

/**
 * Marks a ready draft approved (or edited) and queues its text, in the caller's transaction.
 * Returns undefined, having written nothing, when the draft was decided a moment ago.
 */
export function approveAndQueue(
  db: Db,
  args: {
    draftId: number;
    route: ReplyRoute;
    body: string;
    edited: boolean;
    /** `auto`: sent by the operator's auto-send rule when its countdown ended. */
    author: 'draft' | 'auto';
    auditAction: string;
    now: number;
  },
): number | undefined {
  const decided = decideDraft(db, {
    id: args.draftId,
    state: args.edited ? 'edited' : 'approved',
    textSent: args.body,
    now: args.now,
  });
  if (!decided) return undefined;
  return queueOutboundMessage(db, {
    route: args.route,
    body: args.body,
    author: args.author,
    draftId: args.draftId,
    auditAction: args.auditAction,
    now: args.now,
  });
}

/** What drafting needs to hear after a decision (the drafting service implements it). */
export interface DecisionListener {
  /** A draft was sent or rejected: its countdown stops and the console sees the change. */
  decided(draftId: number): void;
  /** The operator answered by hand: a draft still waiting gives way. */
  answeredByOperator(conversationId: number): void;
}

export interface DecisionHooks {
  /** After a message row changed (pushes message and conversation events). */
  onMessageChanged: (messageId: number) => void;
  /** After a send job was queued (wakes the worker, pushes queue stats). */
  onQueued: () => void;
  drafting: DecisionListener;
}

export type Decision =
  | { kind: 'draft-sent'; draftId: number; messageId: number }
  | { kind: 'draft-rejected'; draftId: number }
  | { kind: 'typed-reply-sent'; conversationId: number; messageId: number };

/** After a decision was committed: the message and queue events first, then drafting. */
export function afterDecision(hooks: DecisionHooks, decision: Decision): void {
  if (decision.kind !== 'draft-rejected') {
    hooks.onMessageChanged(decision.messageId);
    hooks.onQueued();
  }
  if (decision.kind === 'typed-reply-sent')
    hooks.drafting.answeredByOperator(decision.conversationId);
  else hooks.drafting.decided(decision.draftId);
}
