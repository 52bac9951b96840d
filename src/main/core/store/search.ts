/**
 * Full-text search over message bodies (the `messages_fts` FTS5 index). FTS5 is the one
 * SQLite-specific part of the store, so its query syntax and snippet markers stay in this file.
 */
import type { Direction, SearchHit, SnippetPart } from '../../../shared/types';
import { sql, withoutFsync, type Db } from './database';

// Control characters cannot be typed into a text message, so they are safe snippet markers.
const MARK_START = '\u0001';
const MARK_END = '\u0002';
const MAX_TERMS = 12;

/**
 * Turns what the operator typed into an FTS5 query that cannot be a syntax error or an operator:
 * every word is quoted as a phrase (so AND, NEAR, -, ", *, : mean nothing special), words are
 * ANDed, and the last one matches as a prefix, so results follow the typing. Returns null when
 * nothing searchable is left (only punctuation).
 */
export function toFtsQuery(text: string): string | null {
  const terms = text
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f]/g, ' ') // eslint-disable-line no-control-regex -- stripping them is the point
    .split(/\s+/)
    .filter((term) => /[\p{L}\p{N}]/u.test(term))
    .slice(0, MAX_TERMS);
  if (terms.length === 0) return null;
  return terms
    .map((term, index) => {
      const phrase = `"${term.replace(/"/g, '""')}"`;
      return index === terms.length - 1 ? `${phrase}*` : phrase;
    })
    .join(' ');
}

/** "…are you \u0001open\u0002 on…" → plain and matched parts, for the UI to mark up. */
export function snippetParts(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  for (const piece of snippet.split(new RegExp(`(${MARK_START}[^${MARK_END}]*${MARK_END})`))) {
    if (piece === '') continue;
    const match = piece.startsWith(MARK_START);
    parts.push({ text: match ? piece.slice(1, -1) : piece, match });
  }
  return parts;
}

interface HitRow {
  message_id: number;
  conversation_id: number;
  direction: Direction;
  created_at: number;
  snippet: string;
  contact_id: number;
  address: string;
  name: string | null;
  opted_out: number;
  opted_out_at: number | null;
}

/** Narrowing a search; every field is optional and they combine with AND. */
export interface SearchFilters {
  contactId?: number | undefined;
  /** created_at range: from inclusive, to exclusive (ms). */
  from?: number | undefined;
  to?: number | undefined;
  direction?: Direction | undefined;
  status?: string | undefined;
  category?: string | undefined;
  tag?: string | undefined;
}

/**
 * Indexes the messages stored since the last call (migration 0050): one FTS5 write for a whole
 * batch instead of one per message. Every reader of `messages_fts` calls it first; the app also
 * runs it shortly after each batch of webhooks so the backlog stays small. The index is derived
 * from the messages and the backlog is durable, so this commit need not wait for the disk.
 * Returns how many messages it indexed.
 */
export function indexSearchBacklog(db: Db): number {
  if (!sql(db, 'SELECT 1 FROM search_backlog LIMIT 1').get()) return 0;
  const index = () => {
    sql(
      db,
      `INSERT INTO messages_fts (rowid, body)
       SELECT m.id, m.body FROM search_backlog b JOIN messages m ON m.id = b.message_id`,
    ).run();
    return sql(db, 'DELETE FROM search_backlog').run().changes;
  };
  return withoutFsync(db, () => db.transaction(index)());
}

/** Messages matching `query`, newest first (an operator looks for a recent exchange first). */
export function searchMessages(
  db: Db,
  args: { query: string; limit: number } & SearchFilters,
): SearchHit[] {
  const match = toFtsQuery(args.query);
  if (match === null) return [];
  indexSearchBacklog(db);
  // One statement for every filter combination: a NULL parameter switches its condition off,
  // and the MATCH still drives the plan.
  const rows = sql<unknown[], HitRow>(
    db,
    `SELECT m.id AS message_id, m.conversation_id, m.direction, m.created_at,
            snippet(messages_fts, 0, char(1), char(2), '…', 16) AS snippet,
            k.id AS contact_id, k.address, k.name, k.opted_out, k.opted_out_at
     FROM messages_fts
     JOIN messages m ON m.id = messages_fts.rowid
     JOIN conversations c ON c.id = m.conversation_id
     JOIN contacts k ON k.id = c.contact_id
     WHERE messages_fts MATCH @match
       AND (@contactId IS NULL OR k.id = @contactId)
       AND (@from IS NULL OR m.created_at >= @from)
       AND (@to IS NULL OR m.created_at < @to)
       AND (@direction IS NULL OR m.direction = @direction)
       AND (@status IS NULL OR m.status = @status)
       AND (@category IS NULL OR m.category = @category)
       AND (@tag IS NULL OR EXISTS (SELECT 1 FROM json_each(k.tags) WHERE value = @tag))
     ORDER BY m.created_at DESC, m.id DESC
     LIMIT @limit`,
  ).all({
    match,
    limit: args.limit,
    contactId: args.contactId ?? null,
    from: args.from ?? null,
    to: args.to ?? null,
    direction: args.direction ?? null,
    status: args.status ?? null,
    category: args.category ?? null,
    tag: args.tag ?? null,
  });
  return rows.map((row) => ({
    messageId: row.message_id,
    conversationId: row.conversation_id,
    direction: row.direction,
    createdAt: row.created_at,
    snippet: snippetParts(row.snippet),
    contact: {
      id: row.contact_id,
      address: row.address,
      name: row.name,
      optedOut: row.opted_out === 1,
      optedOutAt: row.opted_out_at,
    },
  }));
}
