/**
 * Message search on PostgreSQL: the `search_vector` tsvector each message carries (kept by a
 * trigger in the insert's own transaction, GIN-indexed; the `-- search` section of
 * `postgres/baseline.ts`). It finds what FTS5 finds on SQLite: both sides go through the same
 * SQL function `search_fold` (NFD, combining accents removed, lower case) and split words on
 * anything that is not a letter or a digit, with the 'simple' configuration (no stemming, no stop
 * words: "the" and "to" are searchable, "books" does not find "book", as with FTS5).
 */
import type { Db } from './database';
import { sql } from './database';
import type { HitParams, HitRow } from './search';
import { tsPhrase } from './searchText';

/**
 * The search terms as tsquery text: each term a phrase of its tokens, the last term a prefix,
 * terms ANDed (`tsPhrase`).
 */
export function toTsQueryText(terms: string[]): string {
  return terms.map((term, index) => tsPhrase(term, index === terms.length - 1)).join(' & ');
}

/**
 * The hits newest first within [lo, hi], stopped at LIMIT, found one of two ways (`how`): `walk`
 * steps down the messages (the primary key, or a contact's conversations) and tests each one's
 * tsvector, cheap when matches are common (the first keystrokes: "t" matches most messages);
 * `index` asks the GIN index for every match, then keeps the newest, cheap when they are rare.
 * `ts_match_vq` is `@@` spelled as a function, which no index serves: so the walk stays a walk
 * whatever the plan cache decides for a prepared statement with unknown parameters. Parameters
 * that may be NULL are cast where they are first used (PostgreSQL cannot type `$n IS NULL`).
 */
const hitsSql = (how: 'walk' | 'index', contact: boolean) => `
  SELECT m.id AS message_id, m.conversation_id, m.direction, m.created_at, m.body,
         k.id AS contact_id, k.address, k.name, k.opted_out, k.opted_out_at
  FROM conversations c
  JOIN messages m ON m.conversation_id = c.id
  JOIN contacts k ON k.id = c.contact_id
  ${how === 'walk' ? WALK_MATCH : INDEX_MATCH}
    AND ${contact ? 'c.contact_id = CAST(@contactId AS BIGINT)' : 'CAST(@contactId AS BIGINT) IS NULL'}
    AND (CAST(@from AS BIGINT) IS NULL OR m.created_at >= @from)
    AND (CAST(@to AS BIGINT) IS NULL OR m.created_at < @to)
    AND (CAST(@direction AS TEXT) IS NULL OR m.direction = @direction)
    AND (CAST(@status AS TEXT) IS NULL OR m.status = @status)
    AND (CAST(@category AS TEXT) IS NULL OR m.category = @category)
    AND (CAST(@tag AS TEXT) IS NULL OR EXISTS (
          SELECT 1 FROM jsonb_array_elements_text(CAST(k.tags AS JSONB)) AS t(tag)
          WHERE t.tag = @tag))
  ORDER BY ${how === 'walk' ? 'm.id' : 'm.id + 0'} DESC
  LIMIT @limit`;

// The query is folded once (a join), then tested on each message walked, newest first.
const WALK_MATCH = `CROSS JOIN to_tsquery('simple', search_fold(CAST(@match AS TEXT))) AS q
  WHERE ts_match_vq(m.search_vector, q)
    AND m.id >= CAST(@lo AS BIGINT) AND m.id <= CAST(@hi AS BIGINT)`;

// Only the GIN index can serve this: the id range and the order are written as expressions
// (`m.id + 0`), so no plan walks the primary key instead, however it guesses the parameters.
const INDEX_MATCH = `WHERE m.search_vector @@ to_tsquery('simple', search_fold(CAST(@match AS TEXT)))
    AND m.id + 0 >= CAST(@lo AS BIGINT) AND m.id + 0 <= CAST(@hi AS BIGINT)`;

/** How many of the newest messages are walked before the index is asked for older matches. */
const WALK_FIRST = 2_000;

/**
 * A contact's messages (at most some thousands, even for the busiest) are walked. Otherwise the
 * newest WALK_FIRST messages of the range are walked first: a common word or a short prefix
 * fills the page there (measured at 20,000 messages: "t" 178 ms through the index, 0.3 ms
 * walked); a rarer one leaves room, and the index finds the rest among the older messages. Both
 * parts are newest first and disjoint, so together they are the same page as one query.
 */
export function postgresHits(db: Db, params: HitParams): HitRow[] {
  const run = (how: 'walk' | 'index', p: HitParams) =>
    sql<[HitParams], HitRow>(db, hitsSql(how, p.contactId !== null)).all(p);
  if (params.contactId !== null) return run('walk', params);
  const newest = sql<[], { id: number | null }>(db, 'SELECT MAX(id) AS id FROM messages').get()?.id;
  const hi = Math.min(params.hi, newest ?? 0);
  const split = Math.max(params.lo, hi - WALK_FIRST + 1);
  const recent = run('walk', { ...params, lo: split, hi });
  if (recent.length >= params.limit || split <= params.lo) return recent;
  const older = run('index', { ...params, hi: split - 1, limit: params.limit - recent.length });
  return [...recent, ...older];
}
