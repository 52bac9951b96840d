import { sql, type Db } from './database';

export type SignatureVerdict = 'valid' | 'invalid' | 'missing' | 'not-checked';

export interface WebhookLogEntry {
  receivedAt: number;
  route: string;
  method: string;
  headers: Record<string, string>;
  rawBody: string | null;
  signature: SignatureVerdict;
  statusCode: number;
  outcome: string;
  messageSid: string | null;
}

export function insertWebhookLog(db: Db, e: WebhookLogEntry): void {
  sql(
    db,
    `INSERT INTO webhook_log (received_at, route, method, headers, raw_body, signature,
       status_code, outcome, message_sid)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    e.receivedAt,
    e.route,
    e.method,
    JSON.stringify(e.headers),
    e.rawBody,
    e.signature,
    e.statusCode,
    e.outcome,
    e.messageSid,
  );
}

export interface WebhookLogRow {
  id: number;
  route: string;
  signature: SignatureVerdict;
  status_code: number;
  outcome: string;
  message_sid: string | null;
  received_at: number;
}

export function listWebhookLog(db: Db, limit = 100): WebhookLogRow[] {
  return sql<[number], WebhookLogRow>(
    db,
    `SELECT id, route, signature, status_code, outcome, message_sid, received_at
     FROM webhook_log ORDER BY id DESC LIMIT ?`,
  ).all(limit);
}

/**
 * When the newest webhook that was accepted arrived (a valid signature and an answer below 400):
 * refused requests, signed or not, say nothing about Twilio reaching us as it should. One step
 * down a partial index (migration 0080), however long the log and however many were refused.
 */
export function lastWebhookAt(db: Db): number | null {
  return (
    sql<[], { at: number | null }>(
      db,
      `SELECT MAX(received_at) AS at FROM webhook_log
       WHERE signature = 'valid' AND status_code < 400`,
    ).get()?.at ?? null
  );
}
