import type { MessageAuthor } from '../../../shared/types';
import { analyzeSegments } from '../domain/segments';
import { enqueueJob } from '../queue/enqueue';
import { audit } from '../store/audit';
import { touchConversation } from '../store/conversations';
import type { Db } from '../store/database';
import { insertOutboundMessage } from '../store/messages';
import type { ReplyRoute } from '../store/outbound';
import {
  deleteStagedMediaByIds,
  insertOutboundMedia,
  type OutboundItem,
} from '../store/outboundMedia';

/**
 * The "decide" flow (docs/ARCHITECTURE.md, Flows): an operator decision becomes an outbound
 * message row (pending, or scheduled) and its send job, in the caller's transaction, with an audit
 * entry. Nothing reaches the carrier here; the send worker does that, so a decision is durable
 * before any network call and a crash can never lose or double it.
 */
export function queueOutboundMessage(
  db: Db,
  args: {
    route: ReplyRoute;
    body: string;
    author: Exclude<MessageAuthor, 'customer'>;
    draftId?: number;
    scheduledFor?: number;
    retryOf?: number;
    /** A WhatsApp template (`body` is its rendered text). */
    content?: { sid: string; variables: Record<string, string> } | null;
    auditAction: string;
    now: number;
    /**
     * Attachments going with it, already on the laptop; `stagedIds`: the composer's rows they
     * came from, which leave the composer in this same transaction.
     */
    media?: { items: readonly OutboundItem[]; stagedIds?: readonly number[] };
  },
): number {
  const { route, now } = args;
  const segments = analyzeSegments(args.body);
  const messageId = insertOutboundMessage(db, {
    conversationId: route.conversationId,
    author: args.author,
    from: route.from,
    to: route.to,
    body: args.body,
    status: args.scheduledFor ? 'scheduled' : 'pending',
    numSegments: segments.segments,
    encoding: segments.encoding,
    draftId: args.draftId ?? null,
    scheduledFor: args.scheduledFor ?? null,
    retryOf: args.retryOf ?? null,
    content: args.content ?? null,
    now,
  });
  if (args.media) {
    insertOutboundMedia(db, { messageId, items: args.media.items, now });
    deleteStagedMediaByIds(db, args.media.stagedIds ?? []);
  }
  touchConversation(db, {
    conversationId: route.conversationId,
    messageId,
    at: now,
    unread: false,
    direction: 'outbound',
    contactOptedOut: false, // an outbound latest message never needs a reply
  });
  enqueueSend(db, messageId, 0, { now, runAfter: args.scheduledFor });
  audit(db, {
    // An auto-sent reply was decided by a rule the operator set, not by the operator just now.
    actor: args.author === 'auto' ? 'system' : 'operator',
    action: args.auditAction,
    subjectType: 'message',
    subjectId: messageId,
    details: {
      conversationId: route.conversationId,
      ...(args.draftId ? { draftId: args.draftId } : {}),
      ...(args.scheduledFor ? { scheduledFor: args.scheduledFor } : {}),
      ...(args.retryOf ? { retryOf: args.retryOf } : {}),
      ...(args.content ? { templateSid: args.content.sid } : {}),
      segments: segments.segments,
      ...(args.media ? { attachments: args.media.items.length } : {}),
    },
    now,
  });
  return messageId;
}

/** One send job per message and manual retry: the dedupe key makes a double click harmless. */
export function enqueueSend(
  db: Db,
  messageId: number,
  manualRetry: number,
  options: { now: number; runAfter?: number | undefined },
): number | undefined {
  return enqueueJob(
    db,
    'send',
    { messageId },
    {
      now: options.now,
      dedupeKey: `send:${messageId}:${manualRetry}`,
      ...(options.runAfter ? { runAfter: options.runAfter } : {}),
    },
  );
}
