import { MAX_TEXT_LENGTH } from '../../../shared/contract';
import {
  describeSince,
  describeWindowCountdown,
  type ServiceWindowView,
} from '../../../shared/serviceWindow';
import type { Channel, ChannelBilling } from '../../../shared/types';

/**
 * What differs between the channels Switchboard speaks, in one place: everything else (inbound,
 * drafting, deciding, sending, status, catch-up) is the same code for every channel and asks
 * these rules where it must. Sources: Twilio's messaging and WhatsApp docs (limits below).
 */
export interface ChannelRules {
  channel: Channel;
  /** What the operator reads: "SMS", "WhatsApp". */
  label: string;
  /** Twilio's From/To prefix for the channel ("whatsapp:+14155550100"). */
  addressPrefix: string;
  /** Twilio refuses a Body longer than this (SMS: 1,600 characters across segments). */
  maxBodyLength: number;
  /** SMS is billed per 153/67-character segment; WhatsApp per message. */
  billedPerSegment: boolean;
  /**
   * A channel billed per message: Twilio's list price for one (USD), used for the composer's
   * estimate; null on a channel billed per segment (that price is the operator's setting).
   */
  pricePerMessage: number | null;
  /** What the composer says about how the channel charges, beside the estimate; null: nothing. */
  billingNote: string | null;
  /**
   * How long after the customer's last message a free-form reply is allowed; after it, only an
   * approved template (WhatsApp's 24-hour customer service window). Null: no such rule.
   */
  serviceWindowMs: number | null;
  /** Whether the carrier reports "read" (WhatsApp blue ticks). */
  readReceipts: boolean;
  /** Attachments on one outgoing message: how many, how big in total. */
  media: { maxItems: number; maxBytes: number };
  /**
   * What the operator may attach to a reply: each type the channel takes, with its own size
   * limit (Twilio's accepted-media lists), and how the carrier bills a message that has media.
   */
  sendMedia: OutgoingMediaRules;
}

export interface OutgoingMediaRules {
  /** Content type → the most one such file may weigh, in bytes. */
  types: Readonly<Record<string, number>>;
  /** SMS with media becomes an MMS: priced per message, not per segment, US and Canada only. */
  becomesMms: boolean;
}

const HOUR = 60 * 60 * 1000;
const MB = 1024 * 1024;

export const channelRules: Readonly<Record<Channel, ChannelRules>> = {
  sms: {
    channel: 'sms',
    label: 'SMS',
    addressPrefix: '',
    maxBodyLength: MAX_TEXT_LENGTH,
    billedPerSegment: true,
    pricePerMessage: null,
    billingNote: null,
    serviceWindowMs: null,
    readReceipts: false,
    // MMS: up to 10 attachments, 5 MB in all.
    media: { maxItems: 10, maxBytes: 5 * MB },
    // The types every US/Canadian handset is sent as themselves; 5 MB is the whole MMS anyway.
    sendMedia: {
      types: {
        'image/jpeg': 5 * MB,
        'image/png': 5 * MB,
        'image/gif': 5 * MB,
        'application/pdf': 5 * MB,
      },
      becomesMms: true,
    },
  },
  whatsapp: {
    channel: 'whatsapp',
    label: 'WhatsApp',
    addressPrefix: 'whatsapp:',
    maxBodyLength: MAX_TEXT_LENGTH,
    billedPerSegment: false,
    // Twilio's fee per WhatsApp message (sent or received), whatever its length. Meta's own fee
    // has been per message since July 2025 (per conversation before): nothing for a free-form
    // reply inside the customer service window, a price by country and category for a template.
    pricePerMessage: 0.005,
    billingNote:
      'WhatsApp charges per message, not per segment: Twilio’s fee only, since Meta charges nothing for a reply inside the 24-hour window (templates are priced by Meta per message).',
    serviceWindowMs: 24 * HOUR,
    readReceipts: true,
    // One attachment a message, up to 16 MB.
    media: { maxItems: 1, maxBytes: 16 * MB },
    // WhatsApp takes JPEG and PNG pictures up to 5 MB and documents up to the 16 MB of a
    // message; a GIF is not a WhatsApp picture (it would go as a file, so it is refused here).
    sendMedia: {
      types: { 'image/jpeg': 5 * MB, 'image/png': 5 * MB, 'application/pdf': 16 * MB },
      becomesMms: false,
    },
  },
};

/** How a text on this channel is counted and charged, for the composer's meter. */
export function channelBilling(channel: Channel, body: string): ChannelBilling {
  const rules = channelRules[channel];
  return {
    channel,
    label: rules.label,
    per: rules.billedPerSegment ? 'segment' : 'message',
    maxLength: rules.maxBodyLength,
    length: body.length,
    note: rules.billingNote,
  };
}

/** The address as Twilio wants it in From/To for this channel. */
export function carrierAddress(channel: Channel, e164: string): string {
  return channelRules[channel].addressPrefix + e164;
}

export type ServiceWindow =
  | { rule: 'none' }
  | { rule: 'open'; closesAt: number }
  | { rule: 'closed'; closedAt: number | null };

/**
 * Whether a free-form reply is allowed now. The window opens (again) with every message from the
 * customer and closes `serviceWindowMs` after the latest; a customer who never wrote has no window.
 */
export function serviceWindow(
  channel: Channel,
  lastInboundAt: number | null,
  now: number,
): ServiceWindow {
  const length = channelRules[channel].serviceWindowMs;
  if (length === null) return { rule: 'none' };
  if (lastInboundAt === null) return { rule: 'closed', closedAt: null };
  const closesAt = lastInboundAt + length;
  return now < closesAt ? { rule: 'open', closesAt } : { rule: 'closed', closedAt: closesAt };
}

/** "closes in 2 h", "closes in 35 min", "closed": the inbox marker and the thread's countdown. */
export function describeServiceWindow(window: ServiceWindow, now: number): string | null {
  if (window.rule === 'none') return null;
  return describeWindowCountdown(
    { closesAt: window.rule === 'open' ? window.closesAt : window.closedAt },
    now,
  );
}

/**
 * What the console needs to count a conversation's window down by itself: when it closes (null
 * if the customer never wrote on this channel), or undefined on a channel without a window.
 */
export function serviceWindowView(
  channel: Channel,
  lastInboundAt: number | null,
): ServiceWindowView | undefined {
  const length = channelRules[channel].serviceWindowMs;
  if (length === null) return undefined;
  return { closesAt: lastInboundAt === null ? null : lastInboundAt + length };
}

/**
 * Why a free-form text may not go at `sendAt` in this conversation, in plain words, or null when
 * it may. `now` is when the operator asks: a scheduled text is judged at its send time.
 */
export function serviceWindowProblem(args: {
  channel: Channel;
  lastInboundAt: number | null;
  now: number;
  sendAt?: number | undefined;
}): string | null {
  const { channel, lastInboundAt, now } = args;
  const rules = channelRules[channel];
  const sendAt = args.sendAt ?? now;
  const window = serviceWindow(channel, lastInboundAt, sendAt);
  if (window.rule !== 'closed' || rules.serviceWindowMs === null) return null;
  const hours = rules.serviceWindowMs / 3_600_000;
  const notYet =
    'Send an approved template from the composer instead; free text can go again once the customer writes.';
  if (lastInboundAt === null) {
    return `This customer has not written to you on ${rules.label}; ${rules.label} only allows an approved template to start a conversation. ${notYet}`;
  }
  if (sendAt > now && serviceWindow(channel, lastInboundAt, now).rule === 'open') {
    const closesIn = describeWindowCountdown(
      { closesAt: lastInboundAt + rules.serviceWindowMs },
      now,
    );
    return `That time is after the ${rules.label} window closes: the customer last wrote ${describeSince(lastInboundAt, now)}, and ${rules.label} allows free-form replies only for ${hours} hours after their last message (${closesIn.toLowerCase()}). Pick an earlier time.`;
  }
  return `The customer last wrote ${describeSince(lastInboundAt, now)}; ${rules.label} only allows an approved template now (free-form replies are allowed for ${hours} hours after their last message). ${notYet}`;
}

/**
 * Why a free-form reply that was allowed when it was queued may not reach the carrier now, in
 * plain words with what to do, or null when it may. The send job asks this just before the
 * request leaves: a reply approved at 23h59 that waited in the queue (pacing, a retry, a laptop
 * asleep) past the window would only come back from Twilio as error 63016.
 */
export function windowClosedAtSend(args: {
  channel: Channel;
  lastInboundAt: number | null;
  now: number;
}): string | null {
  const { channel, lastInboundAt, now } = args;
  const rules = channelRules[channel];
  if (rules.serviceWindowMs === null) return null;
  if (serviceWindow(channel, lastInboundAt, now).rule !== 'closed') return null;
  const hours = rules.serviceWindowMs / 3_600_000;
  const since =
    lastInboundAt === null
      ? 'the customer has not written to you on this channel'
      : `the customer last wrote ${describeSince(lastInboundAt, now)}`;
  return (
    `Not sent: the ${rules.label} ${hours}-hour window closed before this reply could go out (${since}). ` +
    `${rules.label} allows free-form replies only for ${hours} hours after the customer's last message, so Twilio would refuse it. ` +
    'Send an approved template instead, or wait for the customer to write again and send this reply then.'
  );
}

const typeNames: Readonly<Record<string, string>> = {
  'image/jpeg': 'JPEG picture',
  'image/png': 'PNG picture',
  'image/gif': 'GIF picture',
  'application/pdf': 'PDF',
};

/** "a JPEG picture, a PNG picture, a GIF picture or a PDF": what the channel takes, in words. */
export function sendableTypesInWords(channel: Channel): string {
  const names = Object.keys(channelRules[channel].sendMedia.types).map(
    (type) => `a ${typeNames[type] ?? type}`,
  );
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : names.join('');
}

const megabytes = (bytes: number): string =>
  `${Number((bytes / MB).toFixed(1)).toLocaleString('en-US')} MB`;

/**
 * Why these attachments may not go on this channel, in plain words, or null when they may: the
 * type (sniffed from the bytes), each type's size, the count and the total. The composer checks
 * the same numbers before uploading; this is the core's final word.
 */
export function outgoingMediaProblem(
  channel: Channel,
  items: ReadonlyArray<{ contentType: string; size: number }>,
): string | null {
  const rules = channelRules[channel];
  const { types } = rules.sendMedia;
  for (const item of items) {
    const limit = types[item.contentType];
    if (limit === undefined) {
      return `${rules.label} cannot carry this kind of file. Attach ${sendableTypesInWords(channel)} instead.`;
    }
    if (item.size > limit) {
      return `This ${typeNames[item.contentType] ?? 'file'} is ${megabytes(item.size)}; ${rules.label} takes at most ${megabytes(limit)}. Make it smaller (a photo app can export a smaller copy) and attach it again.`;
    }
  }
  if (items.length > rules.media.maxItems) {
    return rules.media.maxItems === 1
      ? `${rules.label} carries one attachment per message. Send the others in separate messages.`
      : `${rules.label} carries at most ${rules.media.maxItems} attachments per message. Send the others in a second message.`;
  }
  const total = items.reduce((sum, item) => sum + item.size, 0);
  if (total > rules.media.maxBytes) {
    return `These attachments come to ${megabytes(total)}; one ${rules.sendMedia.becomesMms ? 'MMS' : `${rules.label} message`} carries at most ${megabytes(rules.media.maxBytes)}. Remove one, or send them in separate messages.`;
  }
  return null;
}
