import type {
  Direction,
  MediaItem,
  MessageAuthor,
  MessageStatus,
  MessageView,
} from '../../../shared/types';
import { sql, type Db } from './database';
import { listMediaOfMessages, type AttachmentRecord } from './messageMedia';

/**
 * A message as stored: the facts only. The words for people (status text, what a failure means
 * and what to do) are added by `toMessageView` in domain/messageView.ts: the store holds data,
 * the domain knows how to say it.
 */
export interface MessageRecord extends Omit<MessageView, 'statusText' | 'error' | 'attachments'> {
  /** Our own reason it has not gone out, when the carrier gave no error code. */
  errorMessage: string | null;
  /** Inbound attachments (migration 0110); empty for a message without media. */
  attachments: AttachmentRecord[];
}

/** A window of one conversation's history, as stored (see `MessagePage` for the shown one). */
export interface MessageRecordPage {
  messages: MessageRecord[];
  hasOlder: boolean;
  hasNewer: boolean;
}

interface MessageRow {
  id: number;
  conversation_id: number;
  direction: Direction;
  author: MessageAuthor;
  provider_sid: string | null;
  from_address: string;
  to_address: string;
  body: string;
  media: string;
  status: MessageStatus;
  error_code: number | null;
  error_message: string | null;
  send_attempts: number;
  retry_of: number | null;
  scheduled_for: number | null;
  language: string | null;
  created_at: number;
  updated_at: number;
  content_sid: string | null;
  template_name: string | null;
}

// The template's name is looked up only for a message sent as one (content_sid set).
const columns = `id, conversation_id, direction, author, provider_sid, from_address, to_address,
  body, media, status, error_code, error_message, send_attempts, retry_of, scheduled_for,
  language, created_at, updated_at, content_sid,
  CASE WHEN content_sid IS NULL THEN NULL ELSE
    (SELECT friendly_name FROM content_templates t WHERE t.sid = messages.content_sid) END
    AS template_name`;

const toRecord = (row: MessageRow): MessageRecord => ({
  id: row.id,
  conversationId: row.conversation_id,
  direction: row.direction,
  author: row.author,
  sid: row.provider_sid,
  from: row.from_address,
  to: row.to_address,
  body: row.body,
  media: JSON.parse(row.media) as MediaItem[],
  attachments: [],
  status: row.status,
  errorCode: row.error_code,
  errorMessage: row.error_message,
  sendAttempts: row.send_attempts,
  retryOf: row.retry_of,
  scheduledFor: row.scheduled_for,
  language: row.language,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  ...(row.content_sid ? { template: { sid: row.content_sid, name: row.template_name } } : {}),
});

export interface NewInboundMessage {
  conversationId: number;
  sid: string;
  from: string;
  to: string;
  body: string;
  media: MediaItem[];
  numSegments: number | null;
  now: number;
}

/**
 * Stores an inbound message once per provider SID. Returns the new id, or undefined when this SID
 * was already stored (a webhook retry, or a message taken in by catch-up first).
 */
export function insertInboundMessage(db: Db, m: NewInboundMessage): number | undefined {
  const row = sql<unknown[], { id: number }>(
    db,
    `INSERT INTO messages (conversation_id, direction, author, provider_sid, from_address,
       to_address, body, media, num_segments, status, created_at, updated_at)
     VALUES (?, 'inbound', 'customer', ?, ?, ?, ?, ?, ?, 'received', ?, ?)
     ON CONFLICT (provider_sid) DO NOTHING
     RETURNING id`,
  ).get(
    m.conversationId,
    m.sid,
    m.from,
    m.to,
    m.body,
    JSON.stringify(m.media),
    m.numSegments,
    m.now,
    m.now,
  );
  return row?.id;
}

export function messageSidExists(db: Db, sid: string): boolean {
  return (
    sql<[string], { one: 1 }>(db, 'SELECT 1 AS one FROM messages WHERE provider_sid = ?').get(
      sid,
    ) !== undefined
  );
}

/**
 * Fills in the attachments of the messages that have media (a customer's, or the operator's own), with one statement for them
 * all; records of plain texts (and pages of them) cost no extra statement.
 */
function withAttachments<T extends MessageRecord[]>(db: Db, records: T): T {
  const ids = records.filter((r) => r.media.length > 0).map((r) => r.id);
  if (ids.length === 0) return records;
  const byMessage = listMediaOfMessages(db, ids);
  for (const record of records) record.attachments = byMessage.get(record.id) ?? [];
  return records;
}

const oneWithAttachments = (db: Db, row: MessageRow | undefined): MessageRecord | undefined =>
  row && withAttachments(db, [toRecord(row)])[0];

export function getMessage(db: Db, id: number): MessageRecord | undefined {
  const row = sql<[number], MessageRow>(db, `SELECT ${columns} FROM messages WHERE id = ?`).get(id);
  return oneWithAttachments(db, row);
}

export function getMessageBySid(db: Db, sid: string): MessageRecord | undefined {
  const row = sql<[string], MessageRow>(
    db,
    `SELECT ${columns} FROM messages WHERE provider_sid = ?`,
  ).get(sid);
  return oneWithAttachments(db, row);
}

/**
 * One page of a conversation, always returned oldest-to-newest for display. Keyset cursors over
 * the (conversation_id, id) index, so a page 14,900 messages back costs what the newest does:
 * no cursor = the newest page; `beforeId` = the page just older; `afterId` = the page just newer.
 */
export function listMessages(
  db: Db,
  args: {
    conversationId: number;
    limit: number;
    beforeId?: number | undefined;
    afterId?: number | undefined;
  },
): MessageRecord[] {
  if (args.afterId !== undefined) {
    const newer = sql<[number, number, number], MessageRow>(
      db,
      `SELECT ${columns} FROM messages WHERE conversation_id = ? AND id > ?
       ORDER BY id ASC LIMIT ?`,
    )
      .all(args.conversationId, args.afterId, args.limit)
      .map(toRecord);
    return withAttachments(db, newer);
  }
  const rows = sql<[number, number, number], MessageRow>(
    db,
    `SELECT ${columns} FROM messages WHERE conversation_id = ? AND id < ?
     ORDER BY id DESC LIMIT ?`,
  ).all(args.conversationId, args.beforeId ?? Number.MAX_SAFE_INTEGER, args.limit);
  return withAttachments(db, rows.reverse().map(toRecord));
}

/**
 * A message of `conversationId` with up to `before` older and `after` newer neighbours, oldest
 * first, and whether history goes on beyond them (one extra row asked on each side tells).
 * Undefined when the message is not (or no longer) in that conversation.
 */
export function listMessagesAround(
  db: Db,
  args: { conversationId: number; messageId: number; before: number; after: number },
): MessageRecordPage | undefined {
  const target = sql<[number, number], MessageRow>(
    db,
    `SELECT ${columns} FROM messages WHERE id = ? AND conversation_id = ?`,
  ).get(args.messageId, args.conversationId);
  if (!target) return undefined;
  const older = listMessages(db, {
    conversationId: args.conversationId,
    limit: args.before + 1,
    beforeId: args.messageId,
  });
  const newer = listMessages(db, {
    conversationId: args.conversationId,
    limit: args.after + 1,
    afterId: args.messageId,
  });
  const hasOlder = older.length > args.before;
  const hasNewer = newer.length > args.after;
  return {
    messages: [
      ...(hasOlder ? older.slice(1) : older),
      ...withAttachments(db, [toRecord(target)]),
      ...(hasNewer ? newer.slice(0, -1) : newer),
    ],
    hasOlder,
    hasNewer,
  };
}

/** Moves a message to a new delivery status (the caller decided it is a move forward). */
export function updateMessageStatus(
  db: Db,
  args: { id: number; status: MessageStatus; errorCode: number | null; now: number },
): void {
  sql(
    db,
    `UPDATE messages SET status = ?, error_code = COALESCE(?, error_code), updated_at = ?
     WHERE id = ?`,
  ).run(args.status, args.errorCode, args.now, args.id);
}

export function countMessages(db: Db): number {
  return sql<[], { n: number }>(db, 'SELECT COUNT(*) AS n FROM messages').get()!.n;
}

export interface NewOutboundMessage {
  conversationId: number;
  author: Exclude<MessageAuthor, 'customer'>;
  from: string;
  to: string;
  body: string;
  status: MessageStatus;
  sid?: string | null;
  numSegments?: number | null;
  encoding?: string | null;
  draftId?: number | null;
  scheduledFor?: number | null;
  retryOf?: number | null;
  /** Sent as a WhatsApp template: its SID and variables (`body` is the rendered text). */
  content?: { sid: string; variables: Record<string, string> } | null;
  now: number;
}

/** Stores an outbound message; it exists before any request to the carrier is made. */
export function insertOutboundMessage(db: Db, m: NewOutboundMessage): number {
  // The template columns are named only for a template: every other insert stays the statement
  // it was before migration 0120 (older stores in tests and tools still take it).
  const template = m.content ? ', content_sid, content_variables' : '';
  const row = sql<unknown[], { id: number }>(
    db,
    `INSERT INTO messages (conversation_id, direction, author, provider_sid, from_address,
       to_address, body, num_segments, encoding, status, draft_id, scheduled_for, retry_of,
       created_at, updated_at${template})
     VALUES (?, 'outbound', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?${m.content ? ', ?, ?' : ''})
     RETURNING id`,
  ).get(
    m.conversationId,
    m.author,
    m.sid ?? null,
    m.from,
    m.to,
    m.body,
    m.numSegments ?? null,
    m.encoding ?? null,
    m.status,
    m.draftId ?? null,
    m.scheduledFor ?? null,
    m.retryOf ?? null,
    m.now,
    m.now,
    ...(m.content ? [m.content.sid, JSON.stringify(m.content.variables)] : []),
  );
  return row!.id;
}

/**
 * When the customer last wrote in this conversation, or null. Walks the conversation's messages
 * newest first on `messages_by_conversation` and stops at the first inbound one, which is nearly
 * always among the last few: asked only when a channel has a service window, never per SMS.
 */
export function lastInboundAt(db: Db, conversationId: number): number | null {
  return (
    sql<[number], { created_at: number }>(
      db,
      `SELECT created_at FROM messages
       WHERE conversation_id = ? AND direction = 'inbound' ORDER BY id DESC LIMIT 1`,
    ).get(conversationId)?.created_at ?? null
  );
}
