/**
 * The checks run on an outgoing body before it is queued, shared by the composer (live feedback)
 * and the send handler (the final word). Pure, so both reach the same verdict for the same input.
 */
import type { Channel, ChannelBilling } from '../../../shared/types';
import { channelBilling, channelRules, serviceWindowProblem } from './channels';
import { analyzeSegments, estimateCost, replaceLookalikes, type SegmentAnalysis } from './segments';
import { isQuietTime, type QuietHours } from './quietHours';

/** Twilio rejects longer bodies with 21617 (protocols.md §4). */

export type PreSendProblemCode =
  'opted-out' | 'empty' | 'too-long' | 'quiet-hours' | 'window-closed';

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
}

export interface OutgoingCheckResult {
  verdict: PreSendVerdict;
  problems: PreSendProblem[];
  segments: SegmentAnalysis;
  cost: number | null;
  billing: ChannelBilling;
  /** Offered only when replacing look-alikes would let the body go out as GSM-7. */
  lookalikeFix: { text: string; segments: number } | null;
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
  if (body.trim() === '') {
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

  return {
    verdict,
    problems,
    segments,
    // Per segment at the operator's price (SMS), or one message at the channel's (WhatsApp).
    cost: rules.billedPerSegment
      ? estimateCost(segments.segments, input.pricePerSegment)
      : rules.pricePerMessage,
    billing: channelBilling(rules.channel, body),
    // Look-alikes only change what a text costs where it is billed per segment.
    lookalikeFix: rules.billedPerSegment ? lookalikeFix(body, segments) : null,
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
