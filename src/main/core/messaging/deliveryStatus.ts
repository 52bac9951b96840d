import { messageStatuses, type MessageStatus } from '../../../shared/types';
import { movesForward } from '../domain/deliveryStatus';
import type { Db } from '../store/database';
import { insertMessageEvent } from '../store/messageEvents';
import { getMessageBySid, updateMessageStatus } from '../store/messages';

export interface StatusReport {
  sid: string;
  status: string;
  errorCode: number | null;
  raw: Record<string, unknown>;
}

export type StatusOutcome =
  | { applied: true; messageId: number }
  | { applied: false; reason: 'unknown-message' | 'not-forward' | 'unknown-status' };

const isMessageStatus = (s: string): s is MessageStatus =>
  (messageStatuses as readonly string[]).includes(s);

/**
 * Flow 5: every status report is kept raw, in arrival order; it changes the message only when it
 * moves it forward in its lifecycle. Reports for a SID we do not know yet are kept too, so a send
 * whose SID is stored late (after a crash) can still catch up on them.
 */
export function recordDeliveryStatus(db: Db, report: StatusReport, now: number): StatusOutcome {
  const message = getMessageBySid(db, report.sid);
  let outcome: StatusOutcome;
  if (!isMessageStatus(report.status)) outcome = { applied: false, reason: 'unknown-status' };
  else if (!message) outcome = { applied: false, reason: 'unknown-message' };
  else if (message.direction !== 'outbound' || !movesForward(message.status, report.status))
    outcome = { applied: false, reason: 'not-forward' };
  else {
    updateMessageStatus(db, {
      id: message.id,
      status: report.status,
      errorCode: report.errorCode,
      now,
    });
    outcome = { applied: true, messageId: message.id };
  }
  insertMessageEvent(db, {
    sid: report.sid,
    messageId: message?.id ?? null,
    status: report.status,
    errorCode: report.errorCode,
    raw: report.raw,
    applied: outcome.applied,
    now,
  });
  return outcome;
}
