import { MAX_TEXT_LENGTH } from '../../../shared/contract';
import {
  describeSince,
  describeWindowCountdown,
  type ServiceWindowView,
} from '../../../shared/serviceWindow';
import type { Channel } from '../../../shared/types';

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
   * How long after the customer's last message a free-form reply is allowed; after it, only an
   * approved template (WhatsApp's 24-hour customer service window). Null: no such rule.
   */
  serviceWindowMs: number | null;
  /** Whether the carrier reports "read" (WhatsApp blue ticks). */
  readReceipts: boolean;
  /** Attachments on one outgoing message: how many, how big in total. */
  media: { maxItems: number; maxBytes: number };
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
    serviceWindowMs: null,
    readReceipts: false,
    // MMS: up to 10 attachments, 5 MB in all.
    media: { maxItems: 10, maxBytes: 5 * MB },
  },
  whatsapp: {
    channel: 'whatsapp',
    label: 'WhatsApp',
    addressPrefix: 'whatsapp:',
    maxBodyLength: MAX_TEXT_LENGTH,
    billedPerSegment: false,
    serviceWindowMs: 24 * HOUR,
    readReceipts: true,
    // One attachment a message, up to 16 MB.
    media: { maxItems: 1, maxBytes: 16 * MB },
  },
};

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
