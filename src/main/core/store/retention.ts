/**
 * Retention: conversations whose last activity is older than a cutoff, with everything that hangs
 * off them. Contacts stay (they are the address book, not history). A conversation with a message
 * still waiting to go out (pending, scheduled) is never deleted.
 */
import { sql, type Db } from './database';
import { jsonArrayValues } from './dialect';

const expired = `
  SELECT v.id FROM conversations v
  WHERE v.last_activity_at < @cutoff
    AND NOT EXISTS (
      SELECT 1 FROM messages m
      WHERE m.conversation_id = v.id AND m.status IN ('pending', 'scheduled'))`;

export function countExpired(db: Db, cutoff: number): { conversations: number; messages: number } {
  return sql<[{ cutoff: number }], { conversations: number; messages: number }>(
    db,
    `SELECT
       (SELECT COUNT(*) FROM (${expired}) e) AS conversations,
       (SELECT COUNT(*) FROM messages WHERE conversation_id IN (${expired})) AS messages`,
  ).get({ cutoff })!;
}

/** What one slice deleted; `unreferencedMedia`: hashes of kept files no message refers to now. */
export interface ExpiredSlice {
  conversations: number;
  messages: number;
  unreferencedMedia: string[];
}

/**
 * Deletes up to `limit` expired conversations (oldest first); run it inside a transaction. Their
 * attachments' rows go with the messages (ON DELETE CASCADE); the hashes of the kept files that no
 * remaining row shares are answered, for the caller to delete once the slice is committed.
 */
export function deleteExpired(db: Db, cutoff: number, limit: number): ExpiredSlice {
  const p = { cutoff, limit };
  sql(db, `CREATE TEMP TABLE IF NOT EXISTS retention_doomed (id INTEGER PRIMARY KEY)`).run();
  sql(db, `DELETE FROM retention_doomed`).run();
  sql(
    db,
    `INSERT INTO retention_doomed (id) ${expired} ORDER BY v.last_activity_at LIMIT @limit`,
  ).run(p);
  const inDoomed = `conversation_id IN (SELECT id FROM retention_doomed)`;
  // By SID, through its index: an event's message_id is only ever set to the message with that SID,
  // and matching on message_id (not indexed) read every status callback ever stored.
  sql(
    db,
    `DELETE FROM message_events WHERE message_sid IN
       (SELECT provider_sid FROM messages WHERE ${inDoomed} AND provider_sid IS NOT NULL)`,
  ).run();
  sql(db, `DELETE FROM drafts WHERE ${inDoomed}`).run();
  // A retry points at the message it retries; clear those links first so order never matters.
  sql(db, `UPDATE messages SET retry_of = NULL WHERE ${inDoomed} AND retry_of IS NOT NULL`).run();
  // Files are shared by hash: note the doomed messages' files, then keep those still referenced.
  const doomedMedia = sql<[], { sha256: string }>(
    db,
    `SELECT DISTINCT sha256 FROM message_media
     WHERE sha256 IS NOT NULL AND message_id IN (SELECT id FROM messages WHERE ${inDoomed})`,
  )
    .all()
    .map((row) => row.sha256);
  const messages = sql(db, `DELETE FROM messages WHERE ${inDoomed}`).run().changes;
  const unreferencedMedia =
    doomedMedia.length === 0
      ? []
      : sql<[string], { sha256: string }>(
          db,
          `SELECT d.value AS sha256 FROM (${jsonArrayValues(db, '?', 'TEXT')}) d
           WHERE NOT EXISTS (SELECT 1 FROM message_media WHERE sha256 = d.value)
             -- a picture the operator attached elsewhere and has not sent yet stays too
             AND NOT EXISTS (SELECT 1 FROM staged_media WHERE sha256 = d.value)`,
        )
          .all(JSON.stringify(doomedMedia))
          .map((row) => row.sha256);
  const conversations = sql(
    db,
    `DELETE FROM conversations WHERE id IN (SELECT id FROM retention_doomed)`,
  ).run().changes;
  sql(db, `DELETE FROM retention_doomed`).run();
  return { conversations, messages, unreferencedMedia };
}
