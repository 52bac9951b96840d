/**
 * Notifications to the operator (migration 0160): one row per cause, one delivery per channel,
 * and the translation cache. Records only: the words are composed in domain/notificationText.ts.
 */
import { sql, type Db } from './database';
import { indexedBy } from './dialect';

export type NotificationKind = 'waiting' | 'handoff' | 'send-failed';

export interface NotificationRecord {
  id: number;
  cause: string;
  kind: NotificationKind;
  conversationId: number | null;
  messageId: number | null;
  detail: string;
  createdAt: number;
}

export interface DeliveryTrouble {
  notificationId: number;
  channelId: number;
  kind: NotificationKind;
  state: 'retrying' | 'failed';
  attempts: number;
  error: string;
  updatedAt: number;
}

/**
 * Records a cause once: the id of the new notification, or undefined when this cause was
 * notified before (the UNIQUE cause makes that hold across restarts).
 */
export function insertNotification(
  db: Db,
  args: Omit<NotificationRecord, 'id' | 'createdAt'> & { now: number },
): number | undefined {
  return sql<unknown[], { id: number }>(
    db,
    `INSERT INTO notifications (cause, kind, conversation_id, message_id, detail, created_at)
     VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (cause) DO NOTHING RETURNING id`,
  ).get(args.cause, args.kind, args.conversationId, args.messageId, args.detail, args.now)?.id;
}

export function insertDelivery(
  db: Db,
  args: { notificationId: number; channelId: number; now: number },
): void {
  sql(
    db,
    `INSERT INTO notification_deliveries (notification_id, channel_id, state, updated_at)
     VALUES (?, ?, 'queued', ?) ON CONFLICT DO NOTHING`,
  ).run(args.notificationId, args.channelId, args.now);
}

export function getNotification(db: Db, id: number): NotificationRecord | undefined {
  const row = sql<
    [number],
    {
      id: number;
      cause: string;
      kind: NotificationKind;
      conversation_id: number | null;
      message_id: number | null;
      detail: string;
      created_at: number;
    }
  >(
    db,
    `SELECT id, cause, kind, conversation_id, message_id, detail, created_at
     FROM notifications WHERE id = ?`,
  ).get(id);
  return (
    row && {
      id: row.id,
      cause: row.cause,
      kind: row.kind,
      conversationId: row.conversation_id,
      messageId: row.message_id,
      detail: row.detail,
      createdAt: row.created_at,
    }
  );
}

export function setDeliveryState(
  db: Db,
  args: {
    notificationId: number;
    channelId: number;
    state: 'sent' | 'retrying' | 'failed';
    attempts: number;
    error: string | null;
    now: number;
  },
): void {
  sql(
    db,
    `UPDATE notification_deliveries SET state = ?, attempts = ?, error = ?, updated_at = ?
     WHERE notification_id = ? AND channel_id = ?`,
  ).run(args.state, args.attempts, args.error, args.now, args.notificationId, args.channelId);
}

/** Deliveries retrying or given up, newest first (a walk down their partial index). */
export function listDeliveryTrouble(db: Db, limit: number): DeliveryTrouble[] {
  return sql<
    [number],
    {
      notification_id: number;
      channel_id: number;
      kind: NotificationKind;
      state: 'retrying' | 'failed';
      attempts: number;
      error: string | null;
      updated_at: number;
    }
  >(
    db,
    `SELECT d.notification_id, d.channel_id, n.kind, d.state, d.attempts, d.error, d.updated_at
     FROM notification_deliveries d ${indexedBy(db, 'notification_deliveries_trouble')}
     JOIN notifications n ON n.id = d.notification_id
     WHERE d.state IN ('retrying', 'failed') ORDER BY d.updated_at DESC LIMIT ?`,
  )
    .all(limit)
    .map((row) => ({
      notificationId: row.notification_id,
      channelId: row.channel_id,
      kind: row.kind,
      state: row.state,
      attempts: row.attempts,
      error: row.error ?? '',
      updatedAt: row.updated_at,
    }));
}

/** A channel removed: its trouble goes from Health with it. */
export function forgetChannelDeliveries(db: Db, channelId: number): void {
  sql(db, `DELETE FROM notification_deliveries WHERE channel_id = ?`).run(channelId);
}

export interface WaitingConversation {
  conversationId: number;
  lastMessageId: number;
  lastActivityAt: number;
}

/**
 * Conversations whose customer wrote last, between `after` (exclusive) and `upTo` (inclusive):
 * one range read on the partial index of conversations needing a reply (migration 0060), never a
 * scan. Each check asks only for the stretch of time that crossed the threshold since the last.
 */
export function listWaitingBetween(
  db: Db,
  args: { after: number; upTo: number; limit: number },
): WaitingConversation[] {
  return sql<
    [number, number, number],
    { id: number; last_message_id: number; last_activity_at: number }
  >(
    db,
    `SELECT id, last_message_id, last_activity_at
     FROM conversations ${indexedBy(db, 'conversations_needing_reply')}
     WHERE needs_reply = 1 AND last_activity_at > ? AND last_activity_at <= ?
       AND last_message_id IS NOT NULL
     ORDER BY last_activity_at DESC, id DESC LIMIT ?`,
  )
    .all(args.after, args.upTo, args.limit)
    .map((row) => ({
      conversationId: row.id,
      lastMessageId: row.last_message_id,
      lastActivityAt: row.last_activity_at,
    }));
}

export function getTranslation(db: Db, textHash: string, language: string): string | undefined {
  return sql<[string, string], { text: string }>(
    db,
    'SELECT text FROM translations WHERE text_hash = ? AND language = ?',
  ).get(textHash, language)?.text;
}

export function putTranslation(
  db: Db,
  args: { textHash: string; language: string; text: string; now: number },
): void {
  sql(
    db,
    `INSERT INTO translations (text_hash, language, text, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (text_hash, language) DO UPDATE SET text = excluded.text`,
  ).run(args.textHash, args.language, args.text, args.now);
}
