/**
 * Repository functions for the send path: outbound rows from "decided" to "accepted by the
 * carrier", and the bookkeeping that makes a crash between the two harmless.
 */
import type { Channel, MessageStatus } from '../../../shared/types';
import { byEngine, sql, type Db } from './database';

export interface SendableMessage {
  id: number;
  conversationId: number;
  contactId: number;
  contactOptedOut: boolean;
  /** The conversation's channel: the send job re-checks a channel's service window with it. */
  channel: Channel;
  from: string;
  to: string;
  body: string;
  status: MessageStatus;
  sid: string | null;
  sendStartedAt: number | null;
  sendAttempts: number;
  /** Attachments go with it (their rows are read only then: a plain text costs nothing more). */
  hasMedia: boolean;
  /** A WhatsApp template: sent as ContentSid + ContentVariables instead of the body. */
  content: { sid: string; variables: Record<string, string> } | null;
}

export function getSendableMessage(db: Db, id: number): SendableMessage | undefined {
  const row = sql<
    [number],
    {
      id: number;
      conversation_id: number;
      contact_id: number;
      opted_out: number;
      channel: Channel;
      from_address: string;
      to_address: string;
      body: string;
      status: MessageStatus;
      provider_sid: string | null;
      send_started_at: number | null;
      send_attempts: number;
      has_media: number;
      content_sid: string | null;
      content_variables: string | null;
    }
  >(
    db,
    `SELECT m.id, m.conversation_id, c.contact_id, k.opted_out, c.channel, m.from_address, m.to_address,
            m.body, m.status, m.provider_sid, m.send_started_at, m.send_attempts,
            m.media <> '[]' AS has_media, m.content_sid, m.content_variables
     FROM messages m
     JOIN conversations c ON c.id = m.conversation_id
     JOIN contacts k ON k.id = c.contact_id
     WHERE m.id = ? AND m.direction = 'outbound'`,
  ).get(id);
  return (
    row && {
      id: row.id,
      conversationId: row.conversation_id,
      contactId: row.contact_id,
      contactOptedOut: row.opted_out === 1,
      channel: row.channel,
      from: row.from_address,
      to: row.to_address,
      body: row.body,
      status: row.status,
      sid: row.provider_sid,
      sendStartedAt: row.send_started_at,
      sendAttempts: row.send_attempts,
      hasMedia: row.has_media === 1,
      content: row.content_sid
        ? {
            sid: row.content_sid,
            variables: JSON.parse(row.content_variables ?? '{}') as Record<string, string>,
          }
        : null,
    }
  );
}

/** Where a reply in this conversation goes, and whether it may. */
export interface ReplyRoute {
  conversationId: number;
  contactId: number;
  channel: Channel;
  /** The customer's address as the carrier wants it (`domain/channels.ts carrierAddress`). */
  to: string;
  /** The business's sender, in the same form. */
  from: string;
  optedOut: boolean;
}

/** A conversation's two ends as stored: E.164 numbers, before the channel's address form. */
export interface ReplyEnds {
  conversationId: number;
  contactId: number;
  channel: Channel;
  address: string;
  businessNumber: string;
  optedOut: boolean;
}

export function getReplyEnds(db: Db, conversationId: number): ReplyEnds | undefined {
  const row = sql<
    [number],
    {
      id: number;
      contact_id: number;
      address: string;
      channel: Channel;
      business_number: string;
      opted_out: number;
    }
  >(
    db,
    `SELECT c.id, c.contact_id, k.address, c.channel, c.business_number, k.opted_out
     FROM conversations c JOIN contacts k ON k.id = c.contact_id WHERE c.id = ?`,
  ).get(conversationId);
  return (
    row && {
      conversationId: row.id,
      contactId: row.contact_id,
      channel: row.channel,
      address: row.address,
      businessNumber: row.business_number,
      optedOut: row.opted_out === 1,
    }
  );
}

/**
 * Committed before the request leaves: from here on, a later attempt must first ask the carrier
 * whether this message already went out.
 */
export function markSendStarted(db: Db, id: number, now: number): void {
  sql(
    db,
    `UPDATE messages SET send_started_at = ?, send_attempts = send_attempts + 1,
       status = CASE WHEN status = 'scheduled' THEN 'pending' ELSE status END, updated_at = ?
     WHERE id = ? AND provider_sid IS NULL`,
  ).run(now, now, id);
}

/** The carrier accepted the message: keep its SID (once) and clear any earlier error. */
export function adoptProviderSid(
  db: Db,
  args: { id: number; sid: string; status: MessageStatus; now: number },
): boolean {
  return (
    sql(
      db,
      `UPDATE messages SET provider_sid = ?, status = ?, error_code = NULL, error_message = NULL,
         updated_at = ?
       WHERE id = ? AND provider_sid IS NULL`,
    ).run(args.sid, args.status, args.now, args.id).changes === 1
  );
}

/**
 * Records why a send did not go through. `final` marks the message failed; otherwise it stays
 * pending (a retry is coming) and the error is shown meanwhile.
 */
export function recordSendError(
  db: Db,
  args: { id: number; code: number | null; message: string; final: boolean; now: number },
): void {
  sql(
    db,
    `UPDATE messages SET error_code = ?, error_message = ?,
       status = CASE WHEN ? = 1 THEN 'failed' ELSE status END, updated_at = ?
     WHERE id = ? AND provider_sid IS NULL`,
  ).run(args.code, args.message, args.final ? 1 : 0, args.now, args.id);
}

/** SIDs of every outbound message we already hold to this address (for reconciliation). */
export function knownOutboundSids(db: Db, to: string): Set<string> {
  return new Set(
    sql<[string], { provider_sid: string }>(
      db,
      `SELECT provider_sid FROM messages
       WHERE direction = 'outbound' AND to_address = ? AND provider_sid IS NOT NULL`,
    )
      .all(to)
      .map((r) => r.provider_sid),
  );
}

/** The operator's "send again" on a message that never reached the carrier. */
export function resetForManualRetry(db: Db, id: number, now: number): number | undefined {
  return sql<[number, number], { manual_retries: number }>(
    db,
    `UPDATE messages SET status = 'pending', error_code = NULL, error_message = NULL,
       manual_retries = manual_retries + 1, updated_at = ?
     WHERE id = ? AND direction = 'outbound' AND provider_sid IS NULL
       AND status IN ('pending', 'failed')
     RETURNING manual_retries`,
  ).get(now, id)?.manual_retries;
}

/** Cancels a conversation's scheduled messages (the customer wrote first); returns their ids. */
export function cancelScheduledInConversation(
  db: Db,
  conversationId: number,
  now: number,
): number[] {
  // Called for every inbound message and almost always finds nothing. Inside a write transaction
  // an UPDATE that changes nothing still costs ~15 µs (a statement journal is opened for it); the
  // read costs ~1 µs, so look first.
  const scheduled = sql<[number], { id: number }>(
    db,
    `SELECT id FROM messages WHERE conversation_id = ? AND status = 'scheduled' LIMIT 1`,
  ).get(conversationId);
  if (!scheduled) return [];
  return sql<[number, number], { id: number }>(
    db,
    `UPDATE messages SET status = 'canceled', updated_at = ?
     WHERE conversation_id = ? AND status = 'scheduled' RETURNING id`,
  )
    .all(now, conversationId)
    .map((r) => r.id);
}

export function cancelScheduledMessage(db: Db, id: number, now: number): boolean {
  return (
    sql(
      db,
      `UPDATE messages SET status = 'canceled', updated_at = ? WHERE id = ? AND status = 'scheduled'`,
    ).run(now, id).changes === 1
  );
}

/** Outbound messages the carrier accepted whose fate we do not know yet (for catch-up). */
export function listUnsettledOutbound(
  db: Db,
  args: { since: number; limit: number },
): Array<{ id: number; sid: string }> {
  return sql<[number, number], { id: number; provider_sid: string }>(
    db,
    `SELECT id, provider_sid FROM messages
     WHERE direction = 'outbound' AND provider_sid IS NOT NULL AND created_at >= ?
       AND status IN ('accepted', 'queued', 'sending', 'sent')
     ORDER BY id LIMIT ?`,
  )
    .all(args.since, args.limit)
    .map((r) => ({ id: r.id, sid: r.provider_sid }));
}

/**
 * When the newest inbound message was stored (catch-up lists the carrier's messages since). Ids
 * grow with the time of storing, so this walks back from the newest message to the first inbound
 * one instead of reading every inbound message's time (a scan of 500,000 rows at start, at
 * 1,000,000 messages).
 */
export function newestInboundAt(db: Db): number | null {
  return (
    sql<[], { at: number | null }>(
      db,
      // SQLite's unary + keeps its planner off the (direction, status) index, which it would read
      // whole and sort; the table in id order stops at the first inbound message from the end.
      // PostgreSQL has no such operator on text, and walks the primary key backwards by itself.
      byEngine(db, {
        sqlite: `SELECT created_at AS at FROM messages WHERE +direction = 'inbound' ORDER BY id DESC LIMIT 1`,
        postgres: `SELECT created_at AS at FROM messages WHERE direction = 'inbound' ORDER BY id DESC LIMIT 1`,
      }),
    ).get()?.at ?? null
  );
}
