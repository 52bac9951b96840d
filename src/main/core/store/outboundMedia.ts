import { mediaPath } from '../../../shared/types';
import { sql, type Db } from './database';
import { jsonArrayValues } from './dialect';

/**
 * What the operator sends (migration 0130): attachments staged in a composer, moved to
 * `message_media` as outbound rows when their message is queued, and the short-lived tokens
 * Twilio fetches them with. Facts only; the words are in `domain/`.
 */
export interface StagedMediaRecord {
  id: number;
  conversationId: number;
  sha256: string;
  contentType: string;
  size: number;
  createdAt: number;
}

interface StagedRow {
  id: number;
  conversation_id: number;
  sha256: string;
  content_type: string;
  size: number;
  created_at: number;
}

const toStaged = (row: StagedRow): StagedMediaRecord => ({
  id: row.id,
  conversationId: row.conversation_id,
  sha256: row.sha256,
  contentType: row.content_type,
  size: row.size,
  createdAt: row.created_at,
});

export function insertStagedMedia(
  db: Db,
  args: { conversationId: number; sha256: string; contentType: string; size: number; now: number },
): StagedMediaRecord {
  const row = sql<unknown[], StagedRow>(
    db,
    `INSERT INTO staged_media (conversation_id, sha256, content_type, size, created_at)
     VALUES (?, ?, ?, ?, ?) RETURNING *`,
  ).get(args.conversationId, args.sha256, args.contentType, args.size, args.now);
  return toStaged(row!);
}

/** A conversation's attachments waiting in its composer, oldest first. */
export function listStagedMedia(db: Db, conversationId: number): StagedMediaRecord[] {
  return sql<[number], StagedRow>(
    db,
    'SELECT * FROM staged_media WHERE conversation_id = ? ORDER BY id',
  )
    .all(conversationId)
    .map(toStaged);
}

/** Removes one staged attachment of that conversation; false when there was none. */
export function deleteStagedMedia(db: Db, args: { conversationId: number; id: number }): boolean {
  return (
    sql(db, 'DELETE FROM staged_media WHERE id = ? AND conversation_id = ?').run(
      args.id,
      args.conversationId,
    ).changes > 0
  );
}

/** The staged attachments with these ids in that conversation, in the order asked. */
export function findStagedMedia(
  db: Db,
  args: { conversationId: number; ids: readonly number[] },
): StagedMediaRecord[] {
  if (args.ids.length === 0) return [];
  const rows = sql<[number, string], StagedRow>(
    db,
    `SELECT * FROM staged_media
     WHERE conversation_id = ? AND id IN (${jsonArrayValues(db, '?', 'BIGINT')})`,
  ).all(args.conversationId, JSON.stringify(args.ids));
  const byId = new Map(rows.map((row) => [row.id, toStaged(row)]));
  return args.ids.flatMap((id) => byId.get(id) ?? []);
}

export interface OutboundItem {
  sha256: string;
  contentType: string;
  size: number;
}

/**
 * An outbound message's attachments, `kept` from the start, and its `media` JSON (the flag that
 * tells a page of messages which ones have attachments to read), in the queueing transaction.
 * The JSON names the laptop's copy (`/media/<sha256>`): a carrier URL exists only per attempt.
 */
export function insertOutboundMedia(
  db: Db,
  args: { messageId: number; items: readonly OutboundItem[]; now: number },
): void {
  if (args.items.length === 0) return;
  const insert = sql(
    db,
    `INSERT INTO message_media (message_id, position, carrier_url, content_type, state, sha256,
       size, direction, created_at, updated_at)
     VALUES (?, ?, '', ?, 'kept', ?, ?, 'outbound', ?, ?)`,
  );
  args.items.forEach((item, position) => {
    insert.run(
      args.messageId,
      position,
      item.contentType,
      item.sha256,
      item.size,
      args.now,
      args.now,
    );
  });
  const media = args.items.map((item) => ({
    url: mediaPath(item.sha256),
    contentType: item.contentType,
  }));
  sql(db, 'UPDATE messages SET media = ? WHERE id = ?').run(JSON.stringify(media), args.messageId);
}

/** Staged rows leave the composer once their message is queued (same transaction). */
export function deleteStagedMediaByIds(db: Db, ids: readonly number[]): void {
  if (ids.length === 0) return;
  sql(db, `DELETE FROM staged_media WHERE id IN (${jsonArrayValues(db, '?', 'BIGINT')})`).run(
    JSON.stringify(ids),
  );
}

/** An outbound message's attachments, in order (a resend carries the same ones). */
export function listOutboundMedia(db: Db, messageId: number): OutboundItem[] {
  return sql<[number], OutboundItem>(
    db,
    `SELECT sha256, content_type AS contentType, size FROM message_media
     WHERE message_id = ? AND direction = 'outbound' AND state = 'kept' ORDER BY position`,
  ).all(messageId);
}

/**
 * This attempt's tokens (their hashes) for a message's items, until `until`. An earlier
 * attempt's tokens are replaced, so only the newest links work.
 */
export function setServeTokens(
  db: Db,
  args: { messageId: number; tokenHashes: readonly string[]; until: number },
): void {
  const update = sql(
    db,
    `UPDATE message_media SET serve_token_hash = ?, serve_until = ?
     WHERE message_id = ? AND position = ? AND direction = 'outbound'`,
  );
  db.transaction(() => {
    args.tokenHashes.forEach((hash, position) => {
      update.run(hash, args.until, args.messageId, position);
    });
  })();
}

export interface ServableMedia {
  messageId: number;
  sha256: string;
  contentType: string;
  size: number;
  serveUntil: number;
  messageStatus: string;
}

/** The item a token (by its hash) opens, with its message's status; undefined when none. */
export function findServableMedia(db: Db, tokenHash: string): ServableMedia | undefined {
  return sql<[string], ServableMedia>(
    db,
    `SELECT mm.message_id AS messageId, mm.sha256, mm.content_type AS contentType, mm.size,
       mm.serve_until AS serveUntil, m.status AS messageStatus
     FROM message_media mm JOIN messages m ON m.id = mm.message_id
     WHERE mm.serve_token_hash = ? AND mm.direction = 'outbound' AND mm.state = 'kept'`,
  ).get(tokenHash);
}

/** A staged file's type by its hash (its preview is served like a kept attachment). */
export function findStagedByHash(
  db: Db,
  sha256: string,
): { contentType: string; size: number } | undefined {
  return sql<[string], { contentType: string; size: number }>(
    db,
    'SELECT content_type AS contentType, size FROM staged_media WHERE sha256 = ? LIMIT 1',
  ).get(sha256);
}

/** Whether any attachment row (sent, received or staged) still names this file. */
export function isMediaReferenced(db: Db, sha256: string): boolean {
  return (
    sql<[string, string], { one: 1 }>(
      db,
      `SELECT 1 AS one WHERE EXISTS (SELECT 1 FROM message_media WHERE sha256 = ?)
         OR EXISTS (SELECT 1 FROM staged_media WHERE sha256 = ?)`,
    ).get(sha256, sha256) !== undefined
  );
}

/** A staged attachment of that conversation, by id (removing it may free its file). */
export function getStagedMedia(
  db: Db,
  args: { conversationId: number; id: number },
): StagedMediaRecord | undefined {
  return findStagedMedia(db, { conversationId: args.conversationId, ids: [args.id] })[0];
}
