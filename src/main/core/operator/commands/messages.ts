/**
 * The thread's messages and the operator's own texts (flow 3). Pre-send checks are enforced here,
 * in the core, not only in the UI; each decision is one transaction with its audit entry.
 */
import { toMessageView } from '../../domain/messageView';
import { Refusal } from '../../domain/refusal';
import { afterDecision } from '../../messaging/draftDecision';
import { enqueueSend, queueOutboundMessage } from '../../messaging/outbound';
import { preSendReport, replyRouteOrRefuse, sendableRoute } from '../../messaging/preSend';
import { audit, auditIfChanged } from '../../store/audit';
import { getMessage, listMessages, listMessagesAround } from '../../store/messages';
import { templateSendable } from '../../messaging/templateSend';
import {
  cancelScheduledMessage,
  getSendableMessage,
  resetForManualRetry,
} from '../../store/outbound';
import type { NamespaceCommands } from '../commandTable';
import type { HandlerDeps } from '../commandDeps';

type MessagesDeps = Pick<
  HandlerDeps,
  'db' | 'now' | 'onQueueChanged' | 'onMessageChanged' | 'drafting'
>;

/**
 * Sends a failed message again. Never reached the carrier: the same message, a new series of
 * attempts. Reached it but not the phone: a new message. Returns the message that will go.
 */
function retryMessage(deps: MessagesDeps, messageId: number): number {
  const { db, now } = deps;
  const message = getMessage(db, messageId);
  if (!message || message.direction !== 'outbound') {
    throw new Refusal('That message cannot be sent again.');
  }
  // A template is judged as a template again (still approved, consent), free text as free text.
  const content = getSendableMessage(db, messageId)?.content ?? null;
  const template = content
    ? templateSendable(db, { conversationId: message.conversationId, templateSid: content.sid, variables: content.variables, now: now(), confirmedQuietHours: true }) // prettier-ignore
    : undefined;
  const route =
    template?.route ??
    sendableRoute(db, {
      conversationId: message.conversationId,
      body: message.body,
      now: now(),
      confirmedQuietHours: true,
    });
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
    if (!retried) throw new Refusal('That message is already on its way.');
    return messageId;
  }
  if (message.status !== 'failed' && message.status !== 'undelivered') {
    throw new Refusal('Only a message that failed can be sent again.');
  }
  // The carrier took it but could not deliver it: send it again as a new message.
  const resend = db.transaction(() =>
    queueOutboundMessage(db, {
      route,
      body: template?.body ?? message.body,
      content: template?.content ?? null,
      author: message.author === 'customer' ? 'operator' : message.author,
      retryOf: messageId,
      auditAction: 'message.retried',
      now: now(),
    }),
  )();
  return resend;
}

export function messagesCommands(deps: MessagesDeps): NamespaceCommands<'messages'> {
  const { db, now } = deps;
  const hooks = {
    onMessageChanged: deps.onMessageChanged,
    onQueued: deps.onQueueChanged,
    drafting: deps.drafting,
  };
  const queued = (messageId: number) => {
    deps.onMessageChanged(messageId);
    deps.onQueueChanged();
    return { messageId };
  };

  return {
    'messages:list': (input) => listMessages(db, input).map(toMessageView),

    'messages:around': (input) => {
      const page = listMessagesAround(db, input);
      if (!page) {
        throw new Refusal(
          'That message is no longer in this conversation (retention may have removed it).',
        );
      }
      return { ...page, messages: page.messages.map(toMessageView) };
    },

    'messages:check': ({ conversationId, body }) =>
      preSendReport(db, { route: replyRouteOrRefuse(db, conversationId), body, now: now() }),

    'messages:send': ({ conversationId, body, confirmQuietHours }) => {
      const route = sendableRoute(db, {
        conversationId,
        body,
        now: now(),
        confirmedQuietHours: confirmQuietHours,
      });
      const messageId = db.transaction(() =>
        queueOutboundMessage(db, {
          route,
          body,
          author: 'operator',
          auditAction: 'message.sent_by_operator',
          now: now(),
        }),
      )();
      afterDecision(hooks, { kind: 'typed-reply-sent', conversationId, messageId });
      return { messageId };
    },

    'messages:schedule': ({ conversationId, body, sendAt }) => {
      if (sendAt <= now()) throw new Refusal('Pick a time in the future.', 'invalid');
      // Quiet hours are judged when the operator picks the time, not when it fires; a service
      // window at the time it fires.
      const route = sendableRoute(db, {
        conversationId,
        body,
        now: now(),
        confirmedQuietHours: true,
        sendAt,
      });
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
      const canceled = auditIfChanged(db, () => cancelScheduledMessage(db, messageId, now()), {
        actor: 'operator',
        action: 'message.schedule_canceled',
        subjectType: 'message',
        subjectId: messageId,
        now: now(),
      });
      if (!canceled) throw new Refusal('That message is no longer scheduled.');
      deps.onMessageChanged(messageId);
      return { ok: true };
    },

    'messages:retry': ({ messageId }) => queued(retryMessage(deps, messageId)),
  };
}
