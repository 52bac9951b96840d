import type { CountryCode } from 'libphonenumber-js';
import type { MediaItem } from '../../../shared/types';
import { consentSignal, type ConsentSignal } from '../domain/consent';
import { normalizeAddress } from '../domain/address';
import { enqueueJob } from '../queue/enqueue';
import { audit } from '../store/audit';
import { setOptedOut, upsertContact } from '../store/contacts';
import { touchConversation, upsertConversation } from '../store/conversations';
import type { Db } from '../store/database';
import { insertMessageMedia } from '../store/messageMedia';
import { insertInboundMessage, messageSidExists, type NewInboundMessage } from '../store/messages';
import { cancelScheduledInConversation } from '../store/outbound';

/**
 * An inbound message as Twilio describes it, already validated (webhook or catch-up): what the
 * store keeps of it, before it has a conversation, plus what only this unit of work reads.
 */
export interface InboundMessage extends Omit<NewInboundMessage, 'conversationId' | 'now'> {
  optOutType?: string | undefined;
  profileName?: string | undefined;
}

/** A profile name longer than this is cut: it is a label, and any sender can set it. */
const MAX_OFFERED_NAME = 100;

export type InboundOutcome =
  | { duplicate: true }
  | {
      duplicate: false;
      messageId: number;
      conversationId: number;
      consent: ConsentSignal;
      draftJobId: number | undefined;
      /** The job that keeps the attachments on the laptop; undefined for a text without media. */
      mediaJobId: number | undefined;
      /** Scheduled replies cancelled because the customer wrote first. */
      canceledScheduled: number[];
    };

/**
 * The inbound flow (docs/ARCHITECTURE.md, Flows) as one unit of work: contact, conversation,
 * message (once per SID), consent change, and the draft job. Run it inside a transaction and
 * acknowledge only after commit: Twilio retries what we did not answer, so an answer must mean
 * the message is on disk, and the SID makes the retry a no-op.
 */
export function storeInboundMessage(
  db: Db,
  message: InboundMessage,
  context: { now: number; defaultCountry?: CountryCode },
): InboundOutcome {
  if (messageSidExists(db, message.sid)) return { duplicate: true };

  const from = normalizeAddress(message.from, context.defaultCountry);
  const to = normalizeAddress(message.to, context.defaultCountry);
  const now = context.now;
  const contact = upsertContact(db, {
    address: from.address,
    rawAddress: from.raw,
    // WhatsApp's ProfileName is what the customer calls themselves: offered as the name of a
    // contact who has none, never over one (upsertContact keeps a name once it has one).
    name: message.profileName?.trim().slice(0, MAX_OFFERED_NAME) || null,
    now,
  });
  const conversationId = upsertConversation(db, {
    contactId: contact.id,
    channel: from.channel,
    businessNumber: to.address,
    now,
  });
  const messageId = insertInboundMessage(db, {
    conversationId,
    sid: message.sid,
    from: from.address,
    to: to.address,
    body: message.body,
    media: message.media,
    numSegments: message.numSegments,
    now,
  });
  if (messageId === undefined) return { duplicate: true };
  // Only a message with media pays for its attachments: a plain SMS runs no statement here.
  const mediaJobId =
    message.media.length > 0 ? keepMediaLater(db, messageId, message, now) : undefined;
  touchConversation(db, {
    conversationId,
    messageId,
    at: now,
    unread: true,
    direction: 'inbound',
    contactOptedOut: contact.optedOut,
  });

  const consent = consentSignal(message.body, message.optOutType);
  let optedOut = contact.optedOut;
  if (consent === 'opt-out' || consent === 'opt-in') {
    optedOut = consent === 'opt-out';
    if (setOptedOut(db, contact.id, optedOut, now)) {
      audit(db, {
        actor: 'customer',
        action: optedOut ? 'contact.opted_out' : 'contact.opted_in',
        subjectType: 'contact',
        subjectId: contact.id,
        details: {
          messageId,
          via: message.optOutType ? `OptOutType=${message.optOutType}` : 'keyword',
          keyword: message.body.trim().toUpperCase(),
        },
        now,
      });
    }
  }

  // A reply scheduled before the customer wrote again may no longer fit: cancel it, say so.
  const canceledScheduled = cancelScheduledInConversation(db, conversationId, now);
  for (const id of canceledScheduled) {
    audit(db, {
      actor: 'system',
      action: 'message.schedule_canceled',
      subjectType: 'message',
      subjectId: id,
      details: { reason: 'the customer wrote first', inboundMessageId: messageId },
      now,
    });
  }

  // Keywords are handled by the carrier's own auto-reply; an opted-out customer gets no drafts.
  const draftJobId =
    consent === null && !optedOut
      ? enqueueJob(db, 'draft', { messageId }, { now, dedupeKey: `draft:${messageId}` })
      : undefined;

  return {
    duplicate: false,
    messageId,
    conversationId,
    consent,
    draftJobId,
    mediaJobId,
    canceledScheduled,
  };
}

/** The attachments' rows (each `waiting`) and the one `media` job that downloads them. */
function keepMediaLater(
  db: Db,
  messageId: number,
  message: InboundMessage,
  now: number,
): number | undefined {
  insertMessageMedia(db, { messageId, media: message.media, now });
  return enqueueJob(db, 'media', { messageId }, { now, dedupeKey: `media:${messageId}` });
}

/** Media items from Twilio's NumMedia / MediaUrlN / MediaContentTypeN parameters. */
export function mediaFromParams(params: Record<string, string>, numMedia: number): MediaItem[] {
  const media: MediaItem[] = [];
  for (let i = 0; i < numMedia; i++) {
    const url = params[`MediaUrl${i}`];
    if (url)
      media.push({
        url,
        contentType: params[`MediaContentType${i}`] ?? 'application/octet-stream',
      });
  }
  return media;
}
