import { engineOf, sql, type Db } from './database';
import { indexedBy } from './dialect';

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

/** Adds `count` refusals beyond the logged ones to the minute starting at `minute`. */
export function addRefusalCount(db: Db, minute: number, count: number): void {
  sql(
    db,
    `INSERT INTO webhook_refusal_counts (minute, refused) VALUES (?, ?)
     ON CONFLICT (minute) DO UPDATE SET refused = webhook_refusal_counts.refused + excluded.refused`,
  ).run(minute, count);
}

export function listRefusalCounts(db: Db, limit = 100): Array<{ minute: number; refused: number }> {
  return sql<[number], { minute: number; refused: number }>(
    db,
    'SELECT minute, refused FROM webhook_refusal_counts ORDER BY minute DESC LIMIT ?',
  ).all(limit);
}

/**
 * Deletes up to `limit` webhook log rows older than their retention: refused ones (and the
 * per-minute counts) before `refusedBefore`, accepted ones before `acceptedBefore`. Returns how
 * many went; call again until it returns less than `limit` (one short transaction each).
 */
export function deleteOldWebhookLog(
  db: Db,
  args: { acceptedBefore: number; refusedBefore: number; limit: number },
): number {
  const refused = sql(
    db,
    `DELETE FROM webhook_log WHERE id IN (
       SELECT id FROM webhook_log ${indexedBy(db, 'webhook_log_refused')}
       WHERE status_code <> 200 AND received_at < ? LIMIT ?)`,
  ).run(args.refusedBefore, args.limit).changes;
  const accepted = sql(
    db,
    `DELETE FROM webhook_log WHERE id IN (
       SELECT id FROM webhook_log WHERE received_at < ? ORDER BY received_at LIMIT ?)`,
  ).run(args.acceptedBefore, args.limit).changes;
  sql(db, 'DELETE FROM webhook_refusal_counts WHERE minute < ?').run(args.refusedBefore);
  return refused + accepted;
}

/** Bytes the webhook log takes in the file, with its indexes (reads its pages: a reader thread). */
export function webhookLogBytes(db: Db): number {
  if (engineOf(db) === 'postgres') {
    // The table with its indexes and TOAST, as the server counts them.
    return (
      sql<[], { bytes: number }>(db, `SELECT pg_total_relation_size('webhook_log') AS bytes`).get()
        ?.bytes ?? 0
    );
  }
  const names = sql<[], { name: string }>(
    db,
    `SELECT name FROM sqlite_master WHERE tbl_name = 'webhook_log' AND type IN ('table', 'index')`,
  ).all();
  let bytes = 0;
  for (const { name } of names) {
    // One b-tree at a time: dbstat walks only the pages of the name it is given.
    bytes +=
      sql<[string], { bytes: number | null }>(
        db,
        'SELECT SUM(pgsize) AS bytes FROM dbstat WHERE name = ? AND aggregate = TRUE',
      ).get(name)?.bytes ?? 0;
  }
  return bytes;
}
