/**
 * Read-only queries behind exports. They run on a reader connection of their own (see
 * `openExportReader`) inside one read transaction, so a long export streams a consistent snapshot
 * with `iterate()` while the app keeps writing on its main connection (WAL lets both proceed).
 */
import { engineOf, openReadConnection, sql, type Db, type Engine } from './database';
import { jsonArrayValues, jsonObjectArray } from './dialect';

/** Exports read on their own connection: read-only on the SQLite file, or to a hub's PostgreSQL. */
export const openExportReader = (location: string): Db => openReadConnection(location);

export interface ExportFilter {
  /** Inclusive lower bound, ms since the epoch. */
  from: number | null;
  /** Exclusive upper bound, ms since the epoch. */
  to: number | null;
  /** Only these contacts (null: everyone). */
  contactIds: number[] | null;
}

type Params = { from: number | null; to: number | null; contactIds: string | null };

const params = (f: ExportFilter): Params => ({
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

/** A message with its kept attachments: JSON `[{sha256, contentType}]` in the carrier's order. */
export interface MessageWithMediaExportRow extends MessageExportRow {
  kept_media: string;
}

/**
 * A transcript's message with every attachment (kept or not): JSON
 * `[{sha256, contentType, size, state}]` in the carrier's order. Never the carrier's URL.
 */
export interface TranscriptExportRow extends MessageExportRow {
  all_media: string;
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

export interface AuditExportRow {
  id: number;
  at: number;
  actor: string;
  action: string;
  subject_type: string | null;
  subject_id: number | null;
  details: string;
}

/** Rows of the tabular exports, by kind; a transcript is one conversation's messages. */
export interface ExportRows {
  messages: MessageExportRow;
  messagesWithMedia: MessageWithMediaExportRow;
  conversations: ConversationExportRow;
  webhookLog: WebhookLogExportRow;
  auditLog: AuditExportRow;
  transcript: TranscriptExportRow;
}

interface Source {
  columns: string;
  /** FROM … WHERE …, with the named parameters of `Params` (and @conversationId for a transcript). */
  from: string;
  order: string;
  /** The logs have no contact: only the dates filter them. */
  byContact: boolean;
}

/** A message with its contact, as messages exports and transcripts write it. */
const messageColumns = `m.id, m.conversation_id, m.created_at, m.direction, m.author,
  c.name AS contact_name, c.address AS contact_number, m.from_address, m.to_address,
  m.body, m.media, m.status, m.error_code, m.num_segments, m.provider_sid`;

function sourcesOn(db: Db): Record<keyof ExportRows, Source> {
  const contacts = jsonArrayValues(db, '@contactIds', 'BIGINT');
  const messagesFrom = `
  FROM messages m
  JOIN conversations v ON v.id = m.conversation_id
  JOIN contacts c ON c.id = v.contact_id
  WHERE (CAST(@from AS BIGINT) IS NULL OR m.created_at >= @from)
    AND (CAST(@to AS BIGINT) IS NULL OR m.created_at < @to)
    AND (CAST(@contactIds AS TEXT) IS NULL OR v.contact_id IN (${contacts}))`;
  const mediaOf = (fields: Record<string, string>, kept: boolean) =>
    jsonObjectArray(db, {
      fields,
      from: `FROM message_media WHERE message_id = m.id${kept ? " AND state = 'kept'" : ''}`,
      order: 'position',
    });
  return {
    messages: { columns: messageColumns, from: messagesFrom, order: 'm.id', byContact: true },
    // Only when the operator asked for the attachments: one small lookup per message, by its key.
    messagesWithMedia: {
      columns: `${messageColumns},
      ${mediaOf({ sha256: 'sha256', contentType: 'content_type' }, true)} AS kept_media`,
      from: messagesFrom,
      order: 'm.id',
      byContact: true,
    },
    conversations: {
      columns: `v.id, c.name AS contact_name, c.address AS contact_number, c.tags AS contact_tags,
      v.channel, v.business_number, v.state, v.category, v.priority, v.unread_count,
      v.created_at, v.last_activity_at,
      (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = v.id) AS message_count`,
      // A conversation is in range when its life [created_at, last_activity_at] overlaps the range.
      from: `
      FROM conversations v
      JOIN contacts c ON c.id = v.contact_id
      WHERE (CAST(@from AS BIGINT) IS NULL OR v.last_activity_at >= @from)
        AND (CAST(@to AS BIGINT) IS NULL OR v.created_at < @to)
        AND (CAST(@contactIds AS TEXT) IS NULL OR v.contact_id IN (${contacts}))`,
      order: 'v.id',
      byContact: true,
    },
    webhookLog: {
      columns: `id, received_at, route, method, headers, raw_body, signature, status_code, outcome,
      message_sid`,
      from: `FROM webhook_log
      WHERE (CAST(@from AS BIGINT) IS NULL OR received_at >= @from)
        AND (CAST(@to AS BIGINT) IS NULL OR received_at < @to)`,
      order: 'id',
      byContact: false,
    },
    auditLog: {
      columns: 'id, at, actor, action, subject_type, subject_id, details',
      from: `FROM audit_log
      WHERE (CAST(@from AS BIGINT) IS NULL OR at >= @from) AND (CAST(@to AS BIGINT) IS NULL OR at < @to)`,
      order: 'id',
      byContact: false,
    },
    // One conversation's messages: the filter's contacts do not apply.
    transcript: {
      // A transcript is one conversation: one small lookup per message, by its key.
      columns: `${messageColumns},
      ${mediaOf({ sha256: 'sha256', contentType: 'content_type', size: 'size', state: 'state' }, false)} AS all_media`,
      from: `${messagesFrom} AND m.conversation_id = @conversationId`,
      order: 'm.conversation_id, m.id',
      byContact: false,
    },
  };
}

/** The texts per engine, built once each (the statement cache keys on them). */
const sourcesByEngine = new Map<Engine, Record<keyof ExportRows, Source>>();
function sources(db: Db): Record<keyof ExportRows, Source> {
  const engine = engineOf(db);
  let found = sourcesByEngine.get(engine);
  if (!found) {
    found = sourcesOn(db);
    sourcesByEngine.set(engine, found);
  }
  return found;
}

function bind(db: Db, what: keyof ExportRows, filter: ExportFilter, conversationId: number | null) {
  const source = sources(db)[what];
  const values = {
    ...params(filter),
    ...(source.byContact ? {} : { contactIds: null }),
    ...(what === 'transcript' ? { conversationId } : {}),
  };
  return { source, values };
}

/**
 * How many rows an export will write (for progress). Call it and `iterateExportRows` inside one
 * `beginSnapshot`, so both see the same rows. `conversationId` is the transcript's conversation.
 */
export function countExportRows(
  db: Db,
  what: keyof ExportRows,
  filter: ExportFilter,
  conversationId: number | null = null,
): number {
  const { source, values } = bind(db, what, filter, conversationId);
  return sql<[typeof values], { n: number }>(db, `SELECT COUNT(*) AS n ${source.from}`).get(values)!
    .n;
}

export function iterateExportRows<K extends keyof ExportRows>(
  db: Db,
  what: K,
  filter: ExportFilter,
  conversationId: number | null = null,
): IterableIterator<ExportRows[K]> {
  const { source, values } = bind(db, what, filter, conversationId);
  return sql<[typeof values], ExportRows[K]>(
    db,
    `SELECT ${source.columns} ${source.from} ORDER BY ${source.order}`,
  ).iterate(values);
}

/** Every message in the filter, oldest first (bench/scale reads them so). */
export const iterateMessagesForExport = (
  db: Db,
  filter: ExportFilter,
): IterableIterator<MessageExportRow> => iterateExportRows(db, 'messages', filter);

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

/** Runs `work` inside one read transaction: counts and rows come from the same snapshot. */
export function beginSnapshot(db: Db): () => void {
  if (engineOf(db) === 'postgres') {
    // READ COMMITTED would let rows committed between the count and the rows in. The cursor that
    // streams the rows commits this transaction when it ends; a second COMMIT only warns.
    db.exec('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    return () => void db.exec('COMMIT');
  }
  db.exec('BEGIN');
  return () => {
    if (db.inTransaction) db.exec('COMMIT');
  };
}
