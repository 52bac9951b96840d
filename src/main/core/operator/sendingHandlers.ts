import type { PreSendReport } from '../../../shared/types';
import { checkOutgoing } from '../domain/preSendChecks';
import { enqueueSend, queueOutboundMessage } from '../messaging/outbound';
import { readSendingSettings } from '../sendingSettings';
import { audit } from '../store/audit';
import type { Db } from '../store/database';
import { decideDraft, dismissFailedDraft, getDraft } from '../store/drafts';
import { getMessage } from '../store/messages';
import {
  cancelScheduledMessage,
  getReplyRoute,
  resetForManualRetry,
  type ReplyRoute,
} from '../store/outbound';
import { CommandFailure, type CommandHandlers } from './service';

export interface SendingHandlerDeps {
  db: Db;
  now: () => number;
  /** After a send job was queued (wakes the worker, pushes queue stats). */
  onQueued: () => void;
  /** After a message row changed (pushes message and conversation events). */
  onMessageChanged: (messageId: number) => void;
}

type SendingCommands =
  | 'messages:check'
  | 'messages:send'
  | 'messages:schedule'
  | 'messages:cancelScheduled'
  | 'messages:retry'
  | 'drafts:approve'
  | 'drafts:reject';

/**
 * The operator's sending decisions (flow 3). Pre-send checks are enforced here, in the core, not
 * only in the UI; each decision is one transaction with its audit entry.
 */
export function createSendingHandlers(
  deps: SendingHandlerDeps,
): Pick<CommandHandlers, SendingCommands> {
  const { db, now } = deps;

  const routeFor = (conversationId: number): ReplyRoute => {
    const route = getReplyRoute(db, conversationId);
    if (!route) throw new CommandFailure('That conversation no longer exists.');
    return route;
  };

  const check = (route: ReplyRoute, body: string, confirmedQuietHours = false): PreSendReport => {
    const settings = readSendingSettings(db);
    return checkOutgoing({
      body,
      contactOptedOut: route.optedOut,
      now: new Date(now()),
      quietHours: settings.quietHours,
      pricePerSegment: settings.pricePerSegment,
      confirmedQuietHours,
    });
  };

  /** Refuses what the checks block; asks for confirmation when they say so. */
  const enforce = (report: PreSendReport) => {
    if (report.verdict === 'blocked') {
      throw new CommandFailure(report.problems.map((p) => p.message).join(' '));
    }
    if (report.verdict === 'needs-confirmation') {
      throw new CommandFailure(
        report.problems.map((p) => p.message).join(' '),
        'needs-confirmation',
      );
    }
  };

  const queued = (messageId: number) => {
    deps.onMessageChanged(messageId);
    deps.onQueued();
    return { messageId };
  };

  return {
    'messages:check': ({ conversationId, body }) => check(routeFor(conversationId), body),

    'messages:send': ({ conversationId, body, confirmQuietHours }) => {
      const route = routeFor(conversationId);
      enforce(check(route, body, confirmQuietHours));
      const messageId = db.transaction(() =>
        queueOutboundMessage(db, {
          route,
          body,
          author: 'operator',
          auditAction: 'message.sent_by_operator',
          now: now(),
        }),
      )();
      return queued(messageId);
    },

    'messages:schedule': ({ conversationId, body, sendAt }) => {
      const route = routeFor(conversationId);
      if (sendAt <= now()) throw new CommandFailure('Pick a time in the future.', 'invalid');
      // Quiet hours are judged when the operator picks the time, not when it fires.
      enforce(check(route, body, true));
      const messageId = db.transaction(() =>
        queueOutboundMessage(db, {
          route,
          body,
          author: 'operator',
          scheduledFor: sendAt,
          auditAction: 'message.scheduled',
          now: now(),
        }),
      )();
      return queued(messageId);
    },

    'messages:cancelScheduled': ({ messageId }) => {
      const canceled = db.transaction(() => {
        if (!cancelScheduledMessage(db, messageId, now())) return false;
        audit(db, {
          actor: 'operator',
          action: 'message.schedule_canceled',
          subjectType: 'message',
          subjectId: messageId,
          now: now(),
        });
        return true;
      })();
      if (!canceled) throw new CommandFailure('That message is no longer scheduled.');
      deps.onMessageChanged(messageId);
      return { ok: true };
    },

    'messages:retry': ({ messageId }) => {
      const message = getMessage(db, messageId);
      if (!message || message.direction !== 'outbound') {
        throw new CommandFailure('That message cannot be sent again.');
      }
      const route = routeFor(message.conversationId);
      enforce(check(route, message.body, true));
      if (message.sid === null) {
        // Never reached the carrier: the same message, a new series of attempts.
        const retried = db.transaction(() => {
          const retry = resetForManualRetry(db, messageId, now());
          if (retry === undefined) return false;
          enqueueSend(db, messageId, retry, { now: now() });
          audit(db, {
            actor: 'operator',
            action: 'message.retried',
            subjectType: 'message',
            subjectId: messageId,
            details: { manualRetry: retry },
            now: now(),
          });
          return true;
        })();
        if (!retried) throw new CommandFailure('That message is already on its way.');
        return queued(messageId);
      }
      if (message.status !== 'failed' && message.status !== 'undelivered') {
        throw new CommandFailure('Only a message that failed can be sent again.');
      }
      // The carrier took it but could not deliver it: send it again as a new message.
      const resend = db.transaction(() =>
        queueOutboundMessage(db, {
          route,
          body: message.body,
          author: message.author === 'customer' ? 'operator' : message.author,
          retryOf: messageId,
          auditAction: 'message.retried',
          now: now(),
        }),
      )();
      return queued(resend);
    },

    'drafts:approve': ({ draftId, text, confirmQuietHours }) => {
      const draft = getDraft(db, draftId);
      if (!draft) throw new CommandFailure('That draft no longer exists.');
      if (draft.state !== 'ready') {
        throw new CommandFailure(`That draft was already ${draft.state}; nothing was sent.`);
      }
      const body = text ?? draft.text_generated;
      const edited = text !== undefined && text !== draft.text_generated;
      const route = routeFor(draft.conversation_id);
      enforce(check(route, body, confirmQuietHours));
      const messageId = db.transaction(() => {
        if (
          !decideDraft(db, {
            id: draftId,
            state: edited ? 'edited' : 'approved',
            textSent: body,
            now: now(),
          })
        ) {
          throw new CommandFailure('That draft was decided a moment ago; nothing was sent.');
        }
        return queueOutboundMessage(db, {
          route,
          body,
          author: 'draft',
          draftId,
          auditAction: edited ? 'draft.approved_edited' : 'draft.approved',
          now: now(),
        });
      })();
      return queued(messageId);
    },

    'drafts:reject': ({ draftId, reason }) => {
      const ok = db.transaction(() => {
        // A failed draft has no text to judge: rejecting it just puts it away.
        const dismissed = dismissFailedDraft(db, { id: draftId, now: now() });
        if (
          !dismissed &&
          !decideDraft(db, {
            id: draftId,
            state: 'rejected',
            rejectReason: reason ?? null,
            now: now(),
          })
        ) {
          return false;
        }
        audit(db, {
          actor: 'operator',
          action: dismissed ? 'draft.dismissed' : 'draft.rejected',
          subjectType: 'draft',
          subjectId: draftId,
          details: reason ? { reason } : {},
          now: now(),
        });
        return true;
      })();
      if (!ok) throw new CommandFailure('That draft is no longer waiting for a decision.');
      return { ok: true };
    },
  };
}
