/**
 * The pre-send check, asked the same way by every path that sends a reply: the operator's
 * commands (send, schedule, retry, approve) and auto-send when its countdown ends.
 */
import type { PreSendReport } from '../../../shared/types';
import { carrierAddress, channelRules } from '../domain/channels';
import { checkOutgoing } from '../domain/preSendChecks';
import { Refusal } from '../domain/refusal';
import { readSendingSettings } from '../sendingSettings';
import type { Db } from '../store/database';
import { lastInboundAt } from '../store/messages';
import { getReplyEnds, type ReplyRoute } from '../store/outbound';

/** Where a reply in this conversation goes (in its channel's address form); undefined if gone. */
export function getReplyRoute(db: Db, conversationId: number): ReplyRoute | undefined {
  const ends = getReplyEnds(db, conversationId);
  if (!ends) return undefined;
  return {
    conversationId: ends.conversationId,
    contactId: ends.contactId,
    channel: ends.channel,
    to: carrierAddress(ends.channel, ends.address),
    from: carrierAddress(ends.channel, ends.businessNumber),
    optedOut: ends.optedOut,
  };
}

/** Where a reply in this conversation goes; refuses when the conversation is gone. */
export function replyRouteOrRefuse(db: Db, conversationId: number): ReplyRoute {
  const route = getReplyRoute(db, conversationId);
  if (!route) throw new Refusal('That conversation no longer exists.');
  return route;
}

/**
 * The checks on one outgoing text with today's sending settings (quiet hours, price) and, on a
 * channel with a service window, the customer's last message: read only there, so an SMS reply
 * costs no extra statement. `sendAt`: a scheduled text is judged against the window at its time.
 */
export function preSendReport(
  db: Db,
  args: {
    route: ReplyRoute;
    body: string;
    now: number;
    confirmedQuietHours?: boolean | undefined;
    sendAt?: number | undefined;
    /** Attachments going with the text (their sniffed types and sizes). */
    media?: ReadonlyArray<{ contentType: string; size: number }> | undefined;
  },
): PreSendReport {
  const settings = readSendingSettings(db);
  const { channel } = args.route;
  const windowed = channelRules[channel].serviceWindowMs !== null;
  return checkOutgoing({
    body: args.body,
    contactOptedOut: args.route.optedOut,
    now: new Date(args.now),
    quietHours: settings.quietHours,
    pricePerSegment: settings.pricePerSegment,
    channel,
    confirmedQuietHours: args.confirmedQuietHours ?? false,
    ...(args.media && args.media.length > 0 ? { media: { channel, items: args.media } } : {}),
    ...(windowed
      ? {
          window: {
            channel,
            lastInboundAt: lastInboundAt(db, args.route.conversationId),
            sendAt: args.sendAt,
          },
        }
      : {}),
  });
}

/** Why the report stops the text, in the checks' own words; null when it may go. */
export function sendBlocker(report: PreSendReport): string | null {
  if (report.verdict === 'ok') return null;
  return report.problems.map((p) => p.message).join(' ');
}

/** Refuses what the checks block; asks the operator to confirm when they say so. */
export function refuseUnlessSendable(report: PreSendReport): void {
  const blocker = sendBlocker(report);
  if (blocker === null) return;
  throw new Refusal(
    blocker,
    report.verdict === 'needs-confirmation' ? 'needs-confirmation' : 'failed',
  );
}

/**
 * Where a reply in this conversation goes, once the checks let `body` go now (or at `sendAt`,
 * when scheduled): the route, or a refusal in the checks' words (a question when quiet hours want
 * a confirmation). WhatsApp's closed window is one of those checks, so no path sends outside it.
 */
export function sendableRoute(
  db: Db,
  args: {
    conversationId: number;
    body: string;
    now: number;
    confirmedQuietHours?: boolean | undefined;
    sendAt?: number | undefined;
    media?: ReadonlyArray<{ contentType: string; size: number }> | undefined;
  },
): ReplyRoute {
  const route = replyRouteOrRefuse(db, args.conversationId);
  refuseUnlessSendable(preSendReport(db, { ...args, route }));
  return route;
}
