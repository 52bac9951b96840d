import type { MessageStatus } from '../../../shared/types';
import { sql, type Db } from './database';

/** Appends a status callback exactly as received, in arrival order. */
export function insertMessageEvent(
  db: Db,
  e: {
    sid: string;
    messageId: number | null;
    status: MessageStatus | string;
    errorCode: number | null;
    raw: Record<string, unknown>;
    applied: boolean;
    now: number;
  },
): void {
  sql(
    db,
    `INSERT INTO message_events (message_sid, message_id, status, error_code, raw, applied, received_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(e.sid, e.messageId, e.status, e.errorCode, JSON.stringify(e.raw), e.applied ? 1 : 0, e.now);
}

export interface MessageEventRow {
  id: number;
  status: string;
  error_code: number | null;
  applied: number;
  received_at: number;
}

export function listMessageEvents(db: Db, sid: string): MessageEventRow[] {
  return sql<[string], MessageEventRow>(
    db,
    `SELECT id, status, error_code, applied, received_at FROM message_events
     WHERE message_sid = ? ORDER BY id`,
  ).all(sid);
}
