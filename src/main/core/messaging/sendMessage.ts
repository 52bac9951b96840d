import { asCarrierError, type Carrier, type CarrierError } from '../carriers/carrier';
import { explainCarrierError } from '../domain/carrierErrors';
import { channelRules, windowClosedAtSend } from '../domain/channels';
import { movesForward } from '../domain/deliveryStatus';
import type { Logger } from '../log';
import { maskAddress } from '../log';
import { PermanentJobError, RetryLaterError } from '../queue/errors';
import type { JobContext } from '../queue/worker';
import { audit } from '../store/audit';
import { setOptedOut } from '../store/contacts';
import type { Db } from '../store/database';
import { listMessageEvents } from '../store/messageEvents';
import { getMessage, lastInboundAt, updateMessageStatus } from '../store/messages';
import { messageStatuses, type MessageStatus } from '../../../shared/types';
import {
  adoptProviderSid,
  getSendableMessage,
  knownOutboundSids,
  markSendStarted,
  recordSendError,
  type SendableMessage,
} from '../store/outbound';
import { listOutboundMedia } from '../store/outboundMedia';
import { mintMediaLinks } from './outboundMedia';
import type { SenderPacer } from './pacer';

export interface SendDeps {
  db: Db;
  carrier: Carrier;
  pacer: SenderPacer;
  /** Where the carrier should report delivery (the public URL + the status route). */
  statusCallbackUrl: () => string | undefined;
  /**
   * The public base URL Twilio can fetch attachments from (the tunnel, the operator's own URL, or
   * the listener itself in demo mode, where the simulator fetches); undefined when there is none.
   */
  mediaBaseUrl?: () => string | undefined;
  logger: Logger;
  now: () => number;
  /** After any change to the message (for live UI events). */
  onMessageChanged: (messageId: number) => void;
  onContactChanged?: (contactId: number) => void;
}

/** How far back to look at the carrier for a send that may have happened (clock skew margin). */
const RECONCILE_MARGIN_MS = 5 * 60_000;

/**
 * The `send` job (flow 4). Idempotent, and crash-safe in the one place where that is hard:
 * `send_started_at` is committed before the request leaves, so an attempt that finds it set but no
 * SID knows the carrier may already have the message, and asks before sending again.
 */
export function createSendHandler(deps: SendDeps) {
  const { db, carrier, logger } = deps;

  const adopt = (message: SendableMessage, sid: string, status: MessageStatus) => {
    db.transaction(() => {
      adoptProviderSid(db, { id: message.id, sid, status, now: deps.now() });
      replayEarlyStatusReports(db, message.id, sid, deps.now());
    })();
    deps.onMessageChanged(message.id);
  };

  return async ({ messageId }: { messageId: number }, context: JobContext): Promise<void> => {
    const message = getSendableMessage(db, messageId);
    if (!message) throw new PermanentJobError(`message ${messageId} no longer exists`);
    if (message.sid !== null) return; // already with the carrier
    if (message.status === 'canceled' || message.status === 'failed') return; // decided elsewhere
    const log = logger.child({ messageId, to: maskAddress(message.to), attempt: context.attempt });

    if (message.contactOptedOut) {
      recordSendError(db, {
        id: messageId,
        code: 21610,
        message: 'The customer opted out (texted STOP) before this message went out.',
        final: true,
        now: deps.now(),
      });
      deps.onMessageChanged(messageId);
      return; // settled: the message shows why; there is nothing to retry
    }

    if (message.sendStartedAt !== null) {
      // An earlier attempt may have reached the carrier before we lost track of it.
      const found = await carrier
        .findSent({
          from: message.from,
          to: message.to,
          body: message.body,
          since: message.sendStartedAt - RECONCILE_MARGIN_MS,
          knownSids: knownOutboundSids(db, message.to),
        })
        .catch((error: unknown) => {
          throw asJobError(asCarrierError(error));
        });
      if (found) {
        log.warn(
          { sid: found.sid },
          'an earlier attempt had reached the carrier; adopting its SID',
        );
        adopt(message, found.sid, toStatus(found.status));
        return;
      }
    }

    await deps.pacer.wait(message.from, context.signal);
    if (refusedAtSendTime(deps, message)) {
      log.info('the service window closed before the send: not sent');
      return; // settled: the message says why and what to do; Twilio would only answer 63016
    }
    const mediaUrls = message.hasMedia ? mediaLinksFor(deps, message) : [];
    if (mediaUrls === undefined) return; // settled: the message says what to do
    markSendStarted(db, messageId, deps.now());
    deps.onMessageChanged(messageId);
    try {
      const accepted = await carrier.send({
        from: message.from,
        to: message.to,
        body: message.body,
        content: message.content,
        statusCallback: deps.statusCallbackUrl(),
        ...(mediaUrls.length > 0 ? { mediaUrls } : {}),
      });
      adopt(message, accepted.sid, accepted.status);
      log.info({ sid: accepted.sid }, 'message accepted by the carrier');
    } catch (raw) {
      const error = asCarrierError(raw);
      const final = error.kind === 'rejected';
      recordSendError(db, {
        id: messageId,
        code: error.code,
        message: error.message,
        final,
        now: deps.now(),
      });
      if (final && explainCarrierError(error.code).permanentForContact === 'opted-out') {
        markOptedOutByCarrier(db, message.contactId, messageId, deps.now());
        deps.onContactChanged?.(message.contactId);
      }
      deps.onMessageChanged(messageId);
      log.warn({ kind: error.kind, code: error.code }, 'send failed');
      // A refusal is settled (the message says failed, and why); anything else is retried.
      if (!final) throw asJobError(error);
    }
  };
}

/**
 * The service window re-checked the moment the text would leave (the pre-send check judged it
 * when it was queued). The customer's last message is read only on a channel with a window, so
 * an SMS costs no extra statement. True when the message was marked failed with the reason.
 */
function refusedAtSendTime(deps: SendDeps, message: SendableMessage): boolean {
  // A template is what WhatsApp allows outside the window: only free-form text is held back.
  if (message.content !== null) return false;
  if (channelRules[message.channel].serviceWindowMs === null) return false;
  const now = deps.now();
  const problem = windowClosedAtSend({
    channel: message.channel,
    lastInboundAt: lastInboundAt(deps.db, message.conversationId),
    now,
  });
  if (problem === null) return false;
  recordSendError(deps.db, { id: message.id, code: null, message: problem, final: true, now });
  deps.onMessageChanged(message.id);
  return true;
}

const NO_PUBLIC_URL =
  'Twilio fetches a picture from a public address, and Switchboard has none yet. In Settings → Go live, start the tunnel (or save your own public URL), then press Retry.';

/**
 * This attempt's links for the message's attachments (new tokens: an earlier attempt's links
 * stop working), or undefined when there is no public address to serve them from: the message
 * is then settled as failed, with what to do, since sending it without its picture is not what
 * the operator asked for.
 */
function mediaLinksFor(deps: SendDeps, message: SendableMessage): string[] | undefined {
  const { db } = deps;
  const items = listOutboundMedia(db, message.id);
  if (items.length === 0) return [];
  const baseUrl = deps.mediaBaseUrl?.();
  if (baseUrl === undefined) {
    recordSendError(db, {
      id: message.id,
      code: null,
      message: NO_PUBLIC_URL,
      final: true,
      now: deps.now(),
    });
    deps.onMessageChanged(message.id);
    return undefined;
  }
  return mintMediaLinks(db, {
    messageId: message.id,
    count: items.length,
    baseUrl,
    now: deps.now(),
  });
}

function asJobError(error: CarrierError): Error {
  if (error.kind === 'rate-limited' && error.retryAfterMs !== null) {
    return new RetryLaterError(error.message, Math.max(error.retryAfterMs, 1000));
  }
  return error;
}

/** 21610 from the carrier is authoritative: the customer is opted out, whatever we thought. */
function markOptedOutByCarrier(db: Db, contactId: number, messageId: number, now: number): void {
  db.transaction(() => {
    if (setOptedOut(db, contactId, true, now)) {
      audit(db, {
        actor: 'system',
        action: 'contact.opted_out',
        subjectType: 'contact',
        subjectId: contactId,
        details: { via: 'carrier error 21610', messageId },
        now,
      });
    }
  })();
}

/**
 * Status callbacks can beat the SID into the store (they did, if we crashed before storing it).
 * They were kept; now that the SID is known, the most advanced one is applied.
 */
function replayEarlyStatusReports(db: Db, messageId: number, sid: string, now: number): void {
  for (const event of listMessageEvents(db, sid)) {
    const current = getMessage(db, messageId);
    const status = toStatus(event.status);
    if (current && movesForward(current.status, status)) {
      updateMessageStatus(db, { id: messageId, status, errorCode: event.error_code, now });
    }
  }
}

const toStatus = (status: string): MessageStatus =>
  (messageStatuses as readonly string[]).includes(status) ? (status as MessageStatus) : 'queued';
