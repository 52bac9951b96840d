/**
 * Full-text search over message bodies: FTS5 (`messages_fts`) on SQLite, here; a tsvector per
 * message on PostgreSQL (`searchPostgres.ts`). Both find the same messages for the same words
 * (the same rules: accents and case folded, each word a phrase of its tokens, the last one a
 * prefix), in the same order, and the snippet is built in TypeScript from the body for both
 * (`searchText.ts`), so a hit reads the same on a laptop and on a hub.
 */
import type { Direction, SearchHit } from '../../../shared/types';
import { contactView } from './contacts';
import { engineOf, sql, withoutFsync, type Db } from './database';
import { postgresHits, toTsQueryText } from './searchPostgres';
import { buildSnippet, ftsPhrase, searchTerms } from './searchText';

/** The longest prefix with its own index (`prefix='1 2 3'`, migration 0070). */
const INDEXED_PREFIX_CHARS = 3;
/** A contact with at most this many messages is searched message by message (see below). */
const CONTACT_PROBE_MAX = 200;

/**
 * Turns what the operator typed into an FTS5 query that cannot be a syntax error or an operator:
 * every word is quoted as a phrase (so AND, NEAR, -, ", *, : mean nothing special), words are
 * ANDed, and the last one matches as a prefix, so results follow the typing. Returns null when
 * nothing searchable is left (only punctuation).
 */
export function toFtsQuery(text: string): string | null {
  const terms = searchTerms(text);
  return terms.length === 0 ? null : ftsQueryOf(terms);
}

/** The FTS5 query for terms already split (`searchTerms`): FTS5's twin of `toTsQueryText`. */
function ftsQueryOf(terms: string[]): string {
  return terms.map((term, index) => ftsPhrase(term, index === terms.length - 1)).join(' ');
}

/**
 * Whether the prefix the search ends with has its own index (migration 0070: one to three
 * letters), so FTS5 reads one doclist for it instead of merging those of every word it starts.
 * The prefix is the last token of the last word ("don't" ends with the token "t").
 */
function endsWithIndexedPrefix(text: string): boolean {
  const token =
    searchTerms(text)
      .at(-1)
      ?.match(/[\p{L}\p{N}]+/gu)
      ?.at(-1) ?? '';
  return [...token].length <= INDEXED_PREFIX_CHARS;
}

export interface HitRow {
  message_id: number;
  conversation_id: number;
  direction: Direction;
  created_at: number;
  body: string;
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
 * batch instead of one per message. Every reader of `messages_fts` has it called first (by its
 * caller on the writer connection, since the readers are pure reads); the app also
 * runs it shortly after each batch of webhooks so the backlog stays small. The index is derived
 * from the messages and the backlog is durable, so this commit need not wait for the disk.
 * Returns how many messages it indexed.
 */
export function indexSearchBacklog(db: Db): number {
  // PostgreSQL keeps each message's tsvector in the insert's own transaction (a trigger): no
  // backlog there.
  if (engineOf(db) === 'postgres') return 0;
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

/**
 * The filters as SQL parameters; a NULL switches its condition off. `match` is the engine's own
 * query text (FTS5 or tsquery). `lo`/`hi` bound the message id
 * (the FTS5 rowid), which FTS5 turns into a seek instead of a walk. FTS5 uses a rowid bound only
 * when its value is an INTEGER, and better-sqlite3 binds every JS number as a REAL: hence the
 * CASTs in the SQL (without them the bounds are silently ignored, measured 90 ms vs 0.1 ms).
 */
export interface HitParams {
  match: string;
  limit: number;
  lo: number;
  hi: number;
  contactId: number | null;
  from: number | null;
  to: number | null;
  direction: Direction | null;
  status: string | null;
  category: string | null;
  tag: string | null;
}

/**
 * The hits among the messages `rowids` selects, with the filters. Conditions are checked in the
 * cheapest place: the contact filter on the rowid alone, before any join (its message ids are one
 * small set, built once per query), then the message's own columns, then the contact's tags.
 * The body is read for the rows returned only, and their snippets built from it (`buildSnippet`).
 */
const hitsSql = (rowids: string) => `
  SELECT m.id AS message_id, m.conversation_id, m.direction, m.created_at,
         m.body,
         k.id AS contact_id, k.address, k.name, k.opted_out, k.opted_out_at
  FROM messages_fts
  JOIN messages m ON m.id = messages_fts.rowid
  JOIN conversations c ON c.id = m.conversation_id
  JOIN contacts k ON k.id = c.contact_id
  WHERE messages_fts MATCH @match
    AND ${rowids}
    AND (@contactId IS NULL OR +messages_fts.rowid IN (
          SELECT cm.id FROM conversations cc JOIN messages cm ON cm.conversation_id = cc.id
          WHERE cc.contact_id = @contactId))
    AND (@from IS NULL OR m.created_at >= @from)
    AND (@to IS NULL OR m.created_at < @to)
    AND (@direction IS NULL OR m.direction = @direction)
    AND (@status IS NULL OR m.status = @status)
    AND (@category IS NULL OR m.category = @category)
    AND (@tag IS NULL OR EXISTS (SELECT 1 FROM json_each(k.tags) WHERE value = @tag))`;

/**
 * Walks the index newest first within [lo, hi] and stops at LIMIT, so a common word costs as
 * much as a rare one: no sort over every match, hence snippets only for the rows returned.
 */
const WALK_SQL = `${hitsSql('messages_fts.rowid >= CAST(@lo AS INTEGER) AND messages_fts.rowid <= CAST(@hi AS INTEGER)')}
  ORDER BY messages_fts.rowid DESC
  LIMIT @limit`;

/**
 * One message, if it is a hit. Without ORDER BY on purpose: FTS5 seeks a rowid in ascending order
 * in a few µs, in descending order it steps back page by page (20–600 µs at 1,000,000 messages).
 */
const PROBE_SQL = hitsSql('messages_fts.rowid = CAST(@lo AS INTEGER)');

/** Message ids never exceed this (SQLite's rowids are 64-bit, JS numbers exact to 2^53). */
const MAX_ID = Number.MAX_SAFE_INTEGER;

/**
 * The smallest message id stored at or after `at` (ms), or MAX_ID + 1 when there is none: a
 * binary search over ids, which works because `created_at` grows with the id (see
 * `searchMessages`). About 20 primary-key lookups at 1,000,000 messages; messages has no index
 * on created_at, and one would cost every insert.
 */
function firstIdStoredFrom(db: Db, at: number): number {
  const next = sql<[number], { id: number; created_at: number }>(
    db,
    'SELECT id, created_at FROM messages WHERE id >= ? ORDER BY id LIMIT 1',
  );
  const last =
    sql<[], { id: number | null }>(db, 'SELECT max(id) AS id FROM messages').get()?.id ?? null;
  if (last === null) return MAX_ID + 1;
  // "The first message at or after id x was stored at or after `at`" is false, then true as x
  // grows: find the first x where it holds.
  const holds = (x: number) => (next.get(x)?.created_at ?? at) >= at;
  let lo = 0;
  let hi = last + 1;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (holds(mid)) hi = mid;
    else lo = mid + 1;
  }
  return next.get(lo)?.id ?? MAX_ID + 1;
}

/** The id range a contact's messages span, or null when the contact has none. */
function contactIdRange(db: Db, contactId: number): { lo: number; hi: number } | null {
  const row = sql<[number], { lo: number | null; hi: number | null }>(
    db,
    `SELECT min((SELECT min(id) FROM messages WHERE conversation_id = c.id)) AS lo,
            max((SELECT max(id) FROM messages WHERE conversation_id = c.id)) AS hi
     FROM conversations c WHERE c.contact_id = ?`,
  ).get(contactId);
  const lo = row?.lo ?? null;
  const hi = row?.hi ?? null;
  return lo === null || hi === null ? null : { lo, hi };
}

/**
 * Messages matching `query`, newest first (an operator looks for a recent exchange first).
 *
 * A pure read, so it can run on a read-only connection: **callers index the search backlog first**
 * (`indexSearchBacklog` on the writer connection, as the `search:messages` handler does), or the
 * newest messages are not found yet.
 *
 * Newest first is message id order, descending: `created_at` is "when we stored it", set from the
 * clock by the same insert that takes the next id (inbound: `storeInboundMessage` inside the
 * group commit, webhook and catch-up alike; outbound: `queueOutboundMessage` in the operator's or
 * drafter's transaction), and nothing stores a message with an earlier date. So id order is
 * created_at order (ties broken by id, as before), and the index can be walked in its own rowid
 * order and stopped at LIMIT instead of sorting every match: at 1,000,000 messages a common word
 * took seconds and now takes about a millisecond (bench/search/run.ts). Only a clock set
 * backwards between two messages could make them disagree: newest first is then the order they
 * really arrived in, and a date filter, which finds its id range by binary search, may leave out
 * a message stored during the jump (it never lets in one outside the dates: those are checked).
 */
export function searchMessages(
  db: Db,
  args: { query: string; limit: number } & SearchFilters,
): SearchHit[] {
  const terms = searchTerms(args.query);
  if (terms.length === 0) return [];
  const postgres = engineOf(db) === 'postgres';
  let lo = 0;
  let hi = MAX_ID;
  // A date range is an id range (see above): FTS5 seeks to it instead of walking every newer match.
  if (args.from !== undefined) lo = firstIdStoredFrom(db, args.from);
  if (args.to !== undefined) hi = firstIdStoredFrom(db, args.to) - 1;
  if (args.contactId !== undefined) {
    const range = contactIdRange(db, args.contactId);
    if (!range) return [];
    lo = Math.max(lo, range.lo);
    hi = Math.min(hi, range.hi);
  }
  if (lo > hi) return [];
  const base: HitParams = {
    match: postgres ? toTsQueryText(terms) : ftsQueryOf(terms),
    limit: args.limit,
    lo,
    hi,
    contactId: args.contactId ?? null,
    from: args.from ?? null,
    to: args.to ?? null,
    direction: args.direction ?? null,
    status: args.status ?? null,
    category: args.category ?? null,
    tag: args.tag ?? null,
  };
  const rows = postgres ? postgresHits(db, base) : sqliteHits(db, args, base);
  return rows.map((row) => ({
    messageId: row.message_id,
    conversationId: row.conversation_id,
    direction: row.direction,
    createdAt: row.created_at,
    snippet: buildSnippet(row.body, terms),
    contact: contactView(row.contact_id, row),
  }));
}

/** The hits on SQLite: the FTS5 index walked newest first, or probed message by message. */
function sqliteHits(db: Db, args: SearchFilters & { query: string }, base: HitParams): HitRow[] {
  const { lo, hi } = base;
  // A contact with few messages, spread over years, and a short prefix ("the", "t") that most
  // messages match: walking the index newest first would step through nearly every match in
  // the contact's id range to find its few. Asking the index about each of the contact's
  // messages instead (PROBE_SQL: a seek) costs 20–100 µs each.
  // Only for a prefix with its own index: a longer one is merged from its words by FTS5 at each
  // call, and once for the walk is cheaper.
  if (args.contactId !== undefined && endsWithIndexedPrefix(args.query)) {
    const ids = sql<[number, number, number, number], { id: number }>(
      db,
      `SELECT m.id FROM conversations c JOIN messages m ON m.conversation_id = c.id
       WHERE c.contact_id = ? AND m.id BETWEEN ? AND ? ORDER BY m.id DESC LIMIT ?`,
    )
      .all(args.contactId, lo, hi, CONTACT_PROBE_MAX + 1)
      .map((row) => row.id);
    if (ids.length <= CONTACT_PROBE_MAX) {
      const probe = sql<[HitParams], HitRow>(db, PROBE_SQL);
      const rows: HitRow[] = [];
      for (const id of ids) {
        // Each id is one of the contact's messages already: no need for the contact's set.
        rows.push(...probe.all({ ...base, lo: id, hi: id, contactId: null }));
        if (rows.length === base.limit) break;
      }
      return rows;
    }
  }
  return sql<[HitParams], HitRow>(db, WALK_SQL).all(base);
}
