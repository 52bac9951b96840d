/**
 * The checks run on an outgoing body before it is queued, shared by the composer (live feedback)
 * and the send handler (the final word). Pure, so both reach the same verdict for the same input.
 */
import type { Channel, ChannelBilling, OutgoingMediaInfo } from '../../../shared/types';
import {
  channelBilling,
  channelRules,
  outgoingMediaProblem,
  serviceWindowProblem,
} from './channels';
import { analyzeSegments, estimateCost, replaceLookalikes, type SegmentAnalysis } from './segments';
import { isQuietTime, type QuietHours } from './quietHours';

/** Twilio rejects longer bodies with 21617 (protocols.md §4). */

export type PreSendProblemCode =
  'opted-out' | 'empty' | 'too-long' | 'quiet-hours' | 'window-closed' | 'attachment';

export interface PreSendProblem {
  code: PreSendProblemCode;
  /** A plain sentence for the operator that says what to do. */
  message: string;
}

export type PreSendVerdict = 'ok' | 'needs-confirmation' | 'blocked';

export interface OutgoingCheckInput {
  body: string;
  contactOptedOut: boolean;
  now: Date;
  quietHours: QuietHours;
  pricePerSegment: number | null;
  /** The conversation's channel: how the text is charged and how long it may be (default SMS). */
  channel?: Channel;
  /** The operator already said "send anyway" for this message. */
  confirmedQuietHours?: boolean;
  /**
   * The conversation's channel and when the customer last wrote on it: a channel with a service
   * window (WhatsApp) refuses free-form text outside it. `sendAt`: a scheduled text's send time.
   */
  window?: { channel: Channel; lastInboundAt: number | null; sendAt?: number | undefined };
  /** Attachments going with the text (sniffed types, sizes), judged by the channel's rules. */
  media?: { channel: Channel; items: ReadonlyArray<{ contentType: string; size: number }> };
}

export interface OutgoingCheckResult {
  verdict: PreSendVerdict;
  problems: PreSendProblem[];
  segments: SegmentAnalysis;
  cost: number | null;
  billing: ChannelBilling;
  /** Offered only when replacing look-alikes would let the body go out as GSM-7. */
  lookalikeFix: { text: string; segments: number } | null;
  media: OutgoingMediaInfo | null;
}

/**
 * Every problem is listed, not just the first, so the operator can fix them all in one go.
 * Blocking problems win over quiet hours. An invalid quiet-hours setting throws (see
 * `isQuietTime`): settings are validated when saved, so reaching here with one is a bug.
 */
export function checkOutgoing(input: OutgoingCheckInput): OutgoingCheckResult {
  const { body } = input;
  const rules = channelRules[input.channel ?? 'sms'];
  const segments = analyzeSegments(body);
  const problems: PreSendProblem[] = [];

  if (input.contactOptedOut) {
    problems.push({
      code: 'opted-out',
      message:
        'This customer texted STOP, so Twilio blocks every message to them. They must text START to your number before you can message them again.',
    });
  }
  const items = input.media?.items ?? [];
  // A picture may go alone: only a message with neither text nor attachment is empty.
  if (body.trim() === '' && items.length === 0) {
    problems.push({
      code: 'empty',
      message: 'The message is empty. Type something before sending.',
    });
  }
  // Counted in UTF-16 code units, the strictest reading of Twilio's limit: an emoji counts as two.
  if (body.length > rules.maxBodyLength) {
    problems.push({
      code: 'too-long',
      message: tooLongMessage(body.length, segments.characters, rules.maxBodyLength),
    });
  }
  const mediaProblem = input.media ? outgoingMediaProblem(input.media.channel, items) : null;
  if (mediaProblem !== null) problems.push({ code: 'attachment', message: mediaProblem });
  const windowProblem = input.window
    ? serviceWindowProblem({ ...input.window, now: input.now.getTime() })
    : null;
  if (windowProblem !== null) problems.push({ code: 'window-closed', message: windowProblem });
  if (!input.confirmedQuietHours && isQuietTime(input.now, input.quietHours)) {
    const { start, end, timeZone } = input.quietHours;
    problems.push({
      code: 'quiet-hours',
      message: `It is quiet hours for your customers (${start}–${end}, ${timeZone} time). Send only if it cannot wait until ${end}; otherwise send it later.`,
    });
  }

  const blocked = problems.some((p) => p.code !== 'quiet-hours');
  const verdict: PreSendVerdict = blocked
    ? 'blocked'
    : problems.length > 0
      ? 'needs-confirmation'
      : 'ok';

  const media = input.media && items.length > 0 ? mediaInfo(input.media.channel, items) : null;
  return {
    verdict,
    problems,
    segments,
    // Per segment at the operator's price (SMS), one message at the channel's (WhatsApp); an MMS
    // is not priced per segment, so the price per segment says nothing about it.
    cost: media?.mms
      ? null
      : rules.billedPerSegment
        ? estimateCost(segments.segments, input.pricePerSegment)
        : rules.pricePerMessage,
    billing: channelBilling(rules.channel, body),
    // Look-alikes only change what a text costs where it is billed per segment.
    lookalikeFix: rules.billedPerSegment ? lookalikeFix(body, segments) : null,
    media,
  };
}

function mediaInfo(
  channel: Channel,
  items: ReadonlyArray<{ contentType: string; size: number }>,
): OutgoingMediaInfo {
  const rules = channelRules[channel];
  const mms = rules.sendMedia.becomesMms;
  const count = items.length;
  const what = count === 1 ? 'the attachment' : `the ${count} attachments`;
  return {
    count,
    totalBytes: items.reduce((sum, item) => sum + item.size, 0),
    mms,
    notice: mms
      ? `With ${what} this goes as an MMS: billed as 1 MMS message (not per segment, and an MMS costs more than a text). Twilio sends MMS to US and Canadian numbers only.`
      : `${what[0]!.toUpperCase()}${what.slice(1)} and the text go as one ${rules.label} message.`,
  };
}

function tooLongMessage(length: number, characters: number, max: number): string {
  const counted =
    length === characters ? '' : ' as Twilio counts them (an emoji counts as two or more)';
  return `This message is ${length.toLocaleString('en-US')} characters long${counted}; the most a text can hold is ${max.toLocaleString('en-US')}. Shorten it or split it into two messages.`;
}

function lookalikeFix(
  body: string,
  segments: SegmentAnalysis,
): OutgoingCheckResult['lookalikeFix'] {
  if (segments.encoding === 'GSM-7') return null;
  const fixed = replaceLookalikes(body);
  const fixedSegments = analyzeSegments(fixed.text);
  if (fixedSegments.encoding !== 'GSM-7') return null;
  return { text: fixed.text, segments: fixedSegments.segments };
}
