import type { AttachmentState, Channel, MediaItem } from '../../../shared/types';
import { sql, type Db } from './database';
import { jsonArrayValues } from './dialect';

/** One attachment of a message as stored (migration 0110): the facts, no words for people. */
export interface AttachmentRecord {
  messageId: number;
  position: number;
  carrierUrl: string;
  contentType: string;
  state: AttachmentState;
  sha256: string | null;
  size: number | null;
  error: string | null;
  updatedAt: number;
  /** When Twilio's copy was deleted at our request (migration 0170); null: it may still be there. */
  carrierDeletedAt: number | null;
}

interface AttachmentRow {
  message_id: number;
  position: number;
  carrier_url: string;
  content_type: string;
  state: AttachmentState;
  sha256: string | null;
  size: number | null;
  error: string | null;
  updated_at: number;
  carrier_deleted_at: number | null;
}

const columns = `message_id, position, carrier_url, content_type, state, sha256, size, error,
  updated_at, carrier_deleted_at`;

const toRecord = (row: AttachmentRow): AttachmentRecord => ({
  messageId: row.message_id,
  position: row.position,
  carrierUrl: row.carrier_url,
  contentType: row.content_type,
  state: row.state,
  sha256: row.sha256,
  size: row.size,
  error: row.error,
  updatedAt: row.updated_at,
  carrierDeletedAt: row.carrier_deleted_at,
});

/** A message's attachments, each `waiting` to be downloaded. Same transaction as the message. */
export function insertMessageMedia(
  db: Db,
  args: { messageId: number; media: readonly MediaItem[]; now: number },
): void {
  const insert = sql(
    db,
    `INSERT INTO message_media (message_id, position, carrier_url, content_type, created_at,
       updated_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  args.media.forEach((item, position) => {
    insert.run(args.messageId, position, item.url, item.contentType, args.now, args.now);
  });
}

/** The channel a message came on (its attachments' size cap), or undefined when it is gone. */
export function messageChannel(db: Db, messageId: number): Channel | undefined {
  return sql<[number], { channel: Channel }>(
    db,
    `SELECT c.channel FROM messages m JOIN conversations c ON c.id = m.conversation_id
     WHERE m.id = ?`,
  ).get(messageId)?.channel;
}

/** Attachments of one message, in the carrier's order. */
export function listMessageMedia(db: Db, messageId: number): AttachmentRecord[] {
  return sql<[number], AttachmentRow>(
    db,
    `SELECT ${columns} FROM message_media WHERE message_id = ? ORDER BY position`,
  )
    .all(messageId)
    .map(toRecord);
}

/**
 * Attachments of several messages (one page of a thread), by message id. One statement for the
 * page; callers ask only for the messages that have media, so a page of plain texts asks nothing.
 */
export function listMediaOfMessages(
  db: Db,
  messageIds: readonly number[],
): Map<number, AttachmentRecord[]> {
  const byMessage = new Map<number, AttachmentRecord[]>();
  if (messageIds.length === 0) return byMessage;
  const rows = sql<[string], AttachmentRow>(
    db,
    `SELECT ${columns} FROM message_media
     WHERE message_id IN (${jsonArrayValues(db, '?', 'BIGINT')}) ORDER BY message_id, position`,
  ).all(JSON.stringify(messageIds));
  for (const row of rows) {
    const list = byMessage.get(row.message_id) ?? [];
    list.push(toRecord(row));
    byMessage.set(row.message_id, list);
  }
  return byMessage;
}

/** The bytes are on disk under their hash: the attachment is kept, as the carrier served it. */
export function markMediaKept(
  db: Db,
  args: {
    messageId: number;
    position: number;
    sha256: string;
    size: number;
    contentType: string;
    now: number;
  },
): void {
  db.transaction(() => {
    sql(
      db,
      `UPDATE message_media SET state = 'kept', sha256 = ?, size = ?, content_type = ?, error = NULL,
         updated_at = ?
       WHERE message_id = ? AND position = ?`,
    ).run(args.sha256, args.size, args.contentType, args.now, args.messageId, args.position);
    messageChanged(db, args.messageId, args.now);
  })();
}

/**
 * Where an attachment that is not kept stands: still `waiting` (with why the last try failed, for
 * a retry), or given up on as `failed` or `too-large`.
 */
export function markMediaNotKept(
  db: Db,
  args: {
    messageId: number;
    position: number;
    state: Exclude<AttachmentState, 'kept'>;
    error: string;
    now: number;
  },
): void {
  db.transaction(() => {
    const changed = sql(
      db,
      `UPDATE message_media SET state = ?, error = ?, updated_at = ?
       WHERE message_id = ? AND position = ? AND state = 'waiting'`,
    ).run(args.state, args.error, args.now, args.messageId, args.position).changes;
    if (changed > 0) messageChanged(db, args.messageId, args.now);
  })();
}

/**
 * An attachment's state is part of its message as the console shows it: the message's
 * `updated_at` moves with it, so a page of messages read a moment before (and answered after the
 * pushed update) does not put the old state back (the console keeps the newer of the two).
 */
function messageChanged(db: Db, messageId: number, now: number): void {
  sql(
    db,
    'UPDATE messages SET updated_at = CASE WHEN @now > updated_at THEN @now ELSE updated_at END WHERE id = @messageId',
  ).run({ now, messageId });
}

/** A kept file's stored type, found by its hash (the console asks for `/media/<sha256>`). */
export function findKeptMedia(
  db: Db,
  sha256: string,
): { contentType: string; size: number } | undefined {
  return sql<[string], { contentType: string; size: number }>(
    db,
    `SELECT content_type AS contentType, size FROM message_media
     WHERE sha256 = ? AND state = 'kept' LIMIT 1`,
  ).get(sha256);
}

/** One attachment, or undefined when its message is gone (retention). */
export function getMessageMedia(
  db: Db,
  messageId: number,
  position: number,
): AttachmentRecord | undefined {
  const row = sql<[number, number], AttachmentRow>(
    db,
    `SELECT ${columns} FROM message_media WHERE message_id = ? AND position = ?`,
  ).get(messageId, position);
  return row && toRecord(row);
}

/** Twilio's copy of a kept attachment is gone at our request: the console says so. */
export function markCarrierCopyDeleted(
  db: Db,
  args: { messageId: number; position: number; now: number },
): void {
  db.transaction(() => {
    const changed = sql(
      db,
      `UPDATE message_media SET carrier_deleted_at = ?, updated_at = ?
       WHERE message_id = ? AND position = ? AND carrier_deleted_at IS NULL`,
    ).run(args.now, args.now, args.messageId, args.position).changes;
    if (changed > 0) messageChanged(db, args.messageId, args.now);
  })();
}

/**
 * Every hash a row names as kept, with its size: what the media folder must hold (the tidy-up
 * sweep) and what a backup carries (read from the backup's own snapshot).
 */
export function listKeptMediaFiles(db: Db): Array<{ sha256: string; size: number }> {
  return sql<[], { sha256: string; size: number }>(
    db,
    `SELECT sha256, MAX(size) AS size FROM message_media
     WHERE state = 'kept' AND sha256 IS NOT NULL GROUP BY sha256`,
  ).all();
}
