/**
 * The pre-send check, asked the same way by every path that sends a reply: the operator's
 * commands (send, schedule, retry, approve) and auto-send when its countdown ends.
 */
import type { PreSendReport } from '../../../shared/types';
import { checkOutgoing } from '../domain/preSendChecks';
import { Refusal } from '../domain/refusal';
import { readSendingSettings } from '../sendingSettings';
import type { Db } from '../store/database';
import { getReplyRoute, type ReplyRoute } from '../store/outbound';

/** Where a reply in this conversation goes; refuses when the conversation is gone. */
export function replyRouteOrRefuse(db: Db, conversationId: number): ReplyRoute {
  const route = getReplyRoute(db, conversationId);
  if (!route) throw new Refusal('That conversation no longer exists.');
  return route;
}

/** The checks on one outgoing text with today's sending settings (quiet hours, price). */
export function preSendReport(
  db: Db,
  args: { route: ReplyRoute; body: string; now: number; confirmedQuietHours?: boolean },
): PreSendReport {
  const settings = readSendingSettings(db);
  return checkOutgoing({
    body: args.body,
    contactOptedOut: args.route.optedOut,
    now: new Date(args.now),
    quietHours: settings.quietHours,
    pricePerSegment: settings.pricePerSegment,
    confirmedQuietHours: args.confirmedQuietHours ?? false,
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
 * Where a reply in this conversation goes, once the checks let `body` go now: the route, or a
 * refusal in the checks' words (a question when quiet hours want a confirmation).
 */
export function sendableRoute(
  db: Db,
  args: { conversationId: number; body: string; now: number; confirmedQuietHours?: boolean },
): ReplyRoute {
  const route = replyRouteOrRefuse(db, args.conversationId);
  refuseUnlessSendable(preSendReport(db, { ...args, route }));
  return route;
}
