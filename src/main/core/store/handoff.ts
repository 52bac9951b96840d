/**
 * What the hand-off rules and the closed-hours reply read and write (migration 0150): a
 * conversation held for the operator, the customer's unanswered texts, and the record of each
 * automatic closed-hours reply. Never on the webhook path.
 */
import { sql, type Db } from './database';

/** Holds the conversation for the operator; false when it was held already (the first reason stays). */
export function holdConversation(
  db: Db,
  args: { conversationId: number; reason: string; now: number },
): boolean {
  return (
    sql(
      db,
      `UPDATE conversations SET held_reason = ?, held_at = ? WHERE id = ? AND held_reason IS NULL`,
    ).run(args.reason, args.now, args.conversationId).changes === 1
  );
}

/** The operator answered: automatic replies may go out again. False when it was not held. */
export function releaseConversation(db: Db, conversationId: number): boolean {
  return (
    sql(
      db,
      `UPDATE conversations SET held_reason = NULL, held_at = NULL
       WHERE id = ? AND held_reason IS NOT NULL`,
    ).run(conversationId).changes === 1
  );
}

export function heldReason(db: Db, conversationId: number): string | null {
  const row = sql<[number], { held_reason: string | null }>(
    db,
    'SELECT held_reason FROM conversations WHERE id = ?',
  ).get(conversationId);
  return row?.held_reason ?? null;
}

/**
 * Customer texts since the last reply that answered them, and (on auto-send) since the operator
 * put the conversation on auto. A closed-hours reply (automatic, with no draft behind it) is no
 * answer: it only said that someone will.
 */
export function unansweredTexts(
  db: Db,
  args: { conversationId: number; sinceAuto: boolean },
): number {
  const { conversationId } = args;
  // Newer than both the last answer and (on auto-send) the switch to auto: two plain
  // comparisons, which mean the same on both engines (scalar max() is SQLite's alone).
  return sql<[{ conversationId: number; sinceAuto: number }], { n: number }>(
    db,
    `SELECT count(*) AS n FROM messages
     WHERE conversation_id = @conversationId AND direction = 'inbound'
       AND id > COALESCE((SELECT max(id) FROM messages
                          WHERE conversation_id = @conversationId AND direction = 'outbound'
                            AND (author <> 'auto' OR draft_id IS NOT NULL)), 0)
       AND id > CASE WHEN @sinceAuto = 1
                  THEN COALESCE((SELECT auto_after_id FROM conversations
                                 WHERE id = @conversationId), 0)
                  ELSE 0 END`,
  ).get({ conversationId, sinceAuto: args.sinceAuto ? 1 : 0 })!.n;
}

/** The operator put the conversation on auto-send: texts from now on are auto-send's to answer. */
export function markAutoSince(db: Db, conversationId: number): void {
  sql(
    db,
    `UPDATE conversations SET auto_after_id =
       (SELECT max(id) FROM messages WHERE conversation_id = ?) WHERE id = ?`,
  ).run(conversationId, conversationId);
}

/** A person (a typed reply or an approved draft) wrote to the customer at or after `since`. */
export function personRepliedSince(
  db: Db,
  args: { conversationId: number; since: number },
): boolean {
  return (
    sql<[number, number], { hit: number }>(
      db,
      `SELECT EXISTS (SELECT 1 FROM messages WHERE conversation_id = ? AND direction = 'outbound'
         AND author IN ('operator', 'draft') AND created_at >= ?) AS hit`,
    ).get(args.conversationId, args.since)!.hit === 1
  );
}

/**
 * A closed-hours reply already covers this closure: one went out since it began, or one promised
 * an opening that has not come yet (a time-zone change can move where a closure seems to begin,
 * never what the customer was told).
 */
export function closedReplyCovers(
  db: Db,
  args: { conversationId: number; periodStart: number; now: number },
): boolean {
  return (
    sql<[number, number, number], { hit: number }>(
      db,
      `SELECT EXISTS (SELECT 1 FROM closed_replies WHERE conversation_id = ?
         AND (sent_at >= ? OR period_end > ?)) AS hit`,
    ).get(args.conversationId, args.periodStart, args.now)!.hit === 1
  );
}

/** A closed-hours reply answered this customer text. */
export function closedReplyAnswered(
  db: Db,
  args: { conversationId: number; messageId: number },
): boolean {
  return (
    sql<[number, number], { hit: number }>(
      db,
      `SELECT EXISTS (SELECT 1 FROM closed_replies
         WHERE conversation_id = ? AND reply_to_message_id = ?) AS hit`,
    ).get(args.conversationId, args.messageId)!.hit === 1
  );
}

export function recordClosedReply(
  db: Db,
  args: {
    conversationId: number;
    replyToMessageId: number;
    messageId: number;
    kind: 'closed' | 'away';
    periodStart: number;
    periodEnd: number | null;
    now: number;
  },
): void {
  sql(
    db,
    `INSERT INTO closed_replies (conversation_id, reply_to_message_id, message_id, kind,
       period_start, period_end, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    args.conversationId,
    args.replyToMessageId,
    args.messageId,
    args.kind,
    args.periodStart,
    args.periodEnd,
    args.now,
  );
}
