/**
 * The thread's messages and the operator's own texts (flow 3). Pre-send checks are enforced here,
 * in the core, not only in the UI; each decision is one transaction with its audit entry.
 */
import { toMessageView } from '../../domain/messageView';
import { Refusal } from '../../domain/refusal';
import { afterDecision } from '../../messaging/draftDecision';
import { enqueueSend, queueOutboundMessage } from '../../messaging/outbound';
import { stagedOrRefuse } from '../../messaging/outboundMedia';
import { preSendReport, replyRouteOrRefuse, sendableRoute } from '../../messaging/preSend';
import { audit, auditIfChanged } from '../../store/audit';
import { getMessage, listMessages, listMessagesAround } from '../../store/messages';
import { templateSendable } from '../../messaging/templateSend';
import {
  cancelScheduledMessage,
  getSendableMessage,
  resetForManualRetry,
} from '../../store/outbound';
import { findStagedMedia, listOutboundMedia, type OutboundItem } from '../../store/outboundMedia';
import type { NamespaceCommands } from '../commandTable';
import type { HandlerDeps } from '../commandDeps';

type MessagesDeps = Pick<
  HandlerDeps,
  'db' | 'now' | 'onQueueChanged' | 'onMessageChanged' | 'drafting' | 'mediaBaseUrl'
>;

const itemOf = (row: OutboundItem): OutboundItem => ({
  sha256: row.sha256,
  contentType: row.contentType,
  size: row.size,
});

/**
 * The composer's attachments a text names, ready to go with it; refused when one is gone or
 * when Twilio would have nowhere to fetch them from (live, with no public address yet).
 */
function attachmentsToSend(
  deps: MessagesDeps,
  args: { conversationId: number; attachmentIds: readonly number[] },
): { items: OutboundItem[]; stagedIds: number[] } | undefined {
  if (args.attachmentIds.length === 0) return undefined;
  if (deps.mediaBaseUrl && deps.mediaBaseUrl() === undefined) {
    throw new Refusal(
      'Twilio fetches a picture from a public address, and Switchboard has none yet. In Settings → Go live, start the tunnel (or save your own public URL), then send again.',
    );
  }
  const staged = stagedOrRefuse(deps.db, {
    conversationId: args.conversationId,
    ids: args.attachmentIds,
  });
  return { items: staged.map(itemOf), stagedIds: staged.map((row) => row.id) };
}

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
  // A template is judged as a template again (still approved, consent), free text as free text;
  // the attachments go again too: they are the laptop's copies, not Twilio's.
  const content = getSendableMessage(db, messageId)?.content ?? null;
  const template = content
    ? templateSendable(db, { conversationId: message.conversationId, templateSid: content.sid, variables: content.variables, now: now(), confirmedQuietHours: true }) // prettier-ignore
    : undefined;
  const items = listOutboundMedia(db, messageId);
  const route =
    template?.route ??
    sendableRoute(db, {
      conversationId: message.conversationId,
      body: message.body,
      now: now(),
      confirmedQuietHours: true,
      media: items,
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
      ...(items.length > 0 ? { media: { items } } : {}),
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

    'messages:check': ({ conversationId, body, attachmentIds }) =>
      preSendReport(db, {
        route: replyRouteOrRefuse(db, conversationId),
        body,
        now: now(),
        media: findStagedMedia(db, { conversationId, ids: attachmentIds }),
      }),

    'messages:send': ({ conversationId, body, confirmQuietHours, attachmentIds }) => {
      const media = attachmentsToSend(deps, { conversationId, attachmentIds });
      const route = sendableRoute(db, {
        conversationId,
        body,
        now: now(),
        confirmedQuietHours: confirmQuietHours,
        media: media?.items,
      });
      const messageId = db.transaction(() =>
        queueOutboundMessage(db, {
          route,
          body,
          author: 'operator',
          auditAction: 'message.sent_by_operator',
          now: now(),
          ...(media ? { media } : {}),
        }),
      )();
      afterDecision(hooks, { kind: 'typed-reply-sent', conversationId, messageId });
      return { messageId };
    },

    'messages:schedule': ({ conversationId, body, sendAt, attachmentIds }) => {
      if (sendAt <= now()) throw new Refusal('Pick a time in the future.', 'invalid');
      const media = attachmentsToSend(deps, { conversationId, attachmentIds });
      // Quiet hours are judged when the operator picks the time, not when it fires; a service
      // window at the time it fires.
      const route = sendableRoute(db, {
        conversationId,
        body,
        now: now(),
        confirmedQuietHours: true,
        sendAt,
        media: media?.items,
      });
      const messageId = db.transaction(() =>
        queueOutboundMessage(db, {
          route,
          body,
          author: 'operator',
          scheduledFor: sendAt,
          auditAction: 'message.scheduled',
          now: now(),
          ...(media ? { media } : {}),
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
