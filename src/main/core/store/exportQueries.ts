/**
 * Read-only queries behind exports. They run on a reader connection of their own (see
 * `openExportReader`) inside one read transaction, so a long export streams a consistent snapshot
 * with `iterate()` while the app keeps writing on its main connection (WAL lets both proceed).
 */
import { openReader, sql, type Db } from './database';

/** Exports read on their own read-only connection (see `openReader`). */
export const openExportReader = (dbPath: string): Db => openReader(dbPath);

export interface ExportFilter {
  /** Inclusive lower bound, ms since the epoch. */
  from: number | null;
  /** Exclusive upper bound, ms since the epoch. */
  to: number | null;
  /** Only these contacts (null: everyone). */
  contactIds: number[] | null;
}

const params = (f: ExportFilter) => ({
  from: f.from,
  to: f.to,
  contactIds: f.contactIds === null ? null : JSON.stringify(f.contactIds),
});

export interface MessageExportRow {
  id: number;
  conversation_id: number;
  created_at: number;
  direction: string;
  author: string;
  contact_name: string | null;
  contact_number: string;
  from_address: string;
  to_address: string;
  body: string;
  media: string;
  status: string;
  error_code: number | null;
  num_segments: number | null;
  provider_sid: string | null;
}

const messageWhere = `
  WHERE (@from IS NULL OR m.created_at >= @from)
    AND (@to IS NULL OR m.created_at < @to)
    AND (@contactIds IS NULL OR v.contact_id IN (SELECT value FROM json_each(@contactIds)))`;

export function countMessagesForExport(db: Db, filter: ExportFilter): number {
  return sql<[ReturnType<typeof params>], { n: number }>(
    db,
    `SELECT COUNT(*) AS n FROM messages m JOIN conversations v ON v.id = m.conversation_id
     ${messageWhere}`,
  ).get(params(filter))!.n;
}

export function iterateMessagesForExport(
  db: Db,
  filter: ExportFilter,
): IterableIterator<MessageExportRow> {
  return sql<[ReturnType<typeof params>], MessageExportRow>(
    db,
    `SELECT m.id, m.conversation_id, m.created_at, m.direction, m.author,
       c.name AS contact_name, c.address AS contact_number, m.from_address, m.to_address,
       m.body, m.media, m.status, m.error_code, m.num_segments, m.provider_sid
     FROM messages m
     JOIN conversations v ON v.id = m.conversation_id
     JOIN contacts c ON c.id = v.contact_id
     ${messageWhere}
     ORDER BY m.id`,
  ).iterate(params(filter));
}

export interface ConversationExportRow {
  id: number;
  contact_name: string | null;
  contact_number: string;
  contact_tags: string;
  channel: string;
  business_number: string;
  state: string;
  category: string | null;
  priority: string | null;
  unread_count: number;
  created_at: number;
  last_activity_at: number;
  message_count: number;
}

// A conversation is in range when its life [created_at, last_activity_at] overlaps the range.
const conversationWhere = `
  WHERE (@from IS NULL OR v.last_activity_at >= @from)
    AND (@to IS NULL OR v.created_at < @to)
    AND (@contactIds IS NULL OR v.contact_id IN (SELECT value FROM json_each(@contactIds)))`;

export function countConversationsForExport(db: Db, filter: ExportFilter): number {
  return sql<[ReturnType<typeof params>], { n: number }>(
    db,
    `SELECT COUNT(*) AS n FROM conversations v ${conversationWhere}`,
  ).get(params(filter))!.n;
}

export function iterateConversationsForExport(
  db: Db,
  filter: ExportFilter,
): IterableIterator<ConversationExportRow> {
  return sql<[ReturnType<typeof params>], ConversationExportRow>(
    db,
    `SELECT v.id, c.name AS contact_name, c.address AS contact_number, c.tags AS contact_tags,
       v.channel, v.business_number, v.state, v.category, v.priority, v.unread_count,
       v.created_at, v.last_activity_at,
       (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = v.id) AS message_count
     FROM conversations v
     JOIN contacts c ON c.id = v.contact_id
     ${conversationWhere}
     ORDER BY v.id`,
  ).iterate(params(filter));
}

export interface WebhookLogExportRow {
  id: number;
  received_at: number;
  route: string;
  method: string;
  headers: string;
  raw_body: string | null;
  signature: string;
  status_code: number;
  outcome: string;
  message_sid: string | null;
}

const timeWhere = (column: string) =>
  `WHERE (@from IS NULL OR ${column} >= @from) AND (@to IS NULL OR ${column} < @to)`;

export function countWebhookLogForExport(db: Db, filter: ExportFilter): number {
  return sql<[ReturnType<typeof params>], { n: number }>(
    db,
    `SELECT COUNT(*) AS n FROM webhook_log ${timeWhere('received_at')}`,
  ).get({ ...params(filter), contactIds: null })!.n;
}

export function iterateWebhookLogForExport(
  db: Db,
  filter: ExportFilter,
): IterableIterator<WebhookLogExportRow> {
  return sql<[ReturnType<typeof params>], WebhookLogExportRow>(
    db,
    `SELECT id, received_at, route, method, headers, raw_body, signature, status_code, outcome,
       message_sid
     FROM webhook_log ${timeWhere('received_at')} ORDER BY id`,
  ).iterate({ ...params(filter), contactIds: null });
}

export interface AuditExportRow {
  id: number;
  at: number;
  actor: string;
  action: string;
  subject_type: string | null;
  subject_id: number | null;
  details: string;
}

export function countAuditForExport(db: Db, filter: ExportFilter): number {
  return sql<[ReturnType<typeof params>], { n: number }>(
    db,
    `SELECT COUNT(*) AS n FROM audit_log ${timeWhere('at')}`,
  ).get({ ...params(filter), contactIds: null })!.n;
}

export function iterateAuditForExport(
  db: Db,
  filter: ExportFilter,
): IterableIterator<AuditExportRow> {
  return sql<[ReturnType<typeof params>], AuditExportRow>(
    db,
    `SELECT id, at, actor, action, subject_type, subject_id, details
     FROM audit_log ${timeWhere('at')} ORDER BY id`,
  ).iterate({ ...params(filter), contactIds: null });
}

export interface TranscriptHeader {
  id: number;
  contact_name: string | null;
  contact_number: string;
  channel: string;
  business_number: string;
}

export function getTranscriptHeader(db: Db, conversationId: number): TranscriptHeader | undefined {
  return sql<[number], TranscriptHeader>(
    db,
    `SELECT v.id, c.name AS contact_name, c.address AS contact_number, v.channel, v.business_number
     FROM conversations v JOIN contacts c ON c.id = v.contact_id WHERE v.id = ?`,
  ).get(conversationId);
}

/** One conversation's messages for a transcript (the filter's contacts do not apply). */
export function countTranscriptMessages(
  db: Db,
  conversationId: number,
  filter: ExportFilter,
): number {
  return sql<[ReturnType<typeof params> & { conversationId: number }], { n: number }>(
    db,
    `SELECT COUNT(*) AS n FROM messages m JOIN conversations v ON v.id = m.conversation_id
     ${messageWhere} AND m.conversation_id = @conversationId`,
  ).get({ ...params(filter), contactIds: null, conversationId })!.n;
}

export function iterateTranscriptMessages(
  db: Db,
  conversationId: number,
  filter: ExportFilter,
): IterableIterator<MessageExportRow> {
  return sql<[ReturnType<typeof params> & { conversationId: number }], MessageExportRow>(
    db,
    `SELECT m.id, m.conversation_id, m.created_at, m.direction, m.author,
       c.name AS contact_name, c.address AS contact_number, m.from_address, m.to_address,
       m.body, m.media, m.status, m.error_code, m.num_segments, m.provider_sid
     FROM messages m
     JOIN conversations v ON v.id = m.conversation_id
     JOIN contacts c ON c.id = v.contact_id
     ${messageWhere} AND m.conversation_id = @conversationId
     ORDER BY m.conversation_id, m.id`,
  ).iterate({ ...params(filter), contactIds: null, conversationId });
}

/** Runs `work` inside one read transaction: counts and rows come from the same snapshot. */
export function beginSnapshot(db: Db): () => void {
  db.exec('BEGIN');
  return () => {
    if (db.inTransaction) db.exec('COMMIT');
  };
}
