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
import { rawTokens } from './searchText';

/**
 * The search terms as tsquery text: each term a phrase of its tokens (`'don' <-> 't'`), the last
 * term's last token a prefix (`:*`), terms ANDed. Tokens hold only letters, digits and marks, so
 * no quote or operator can get in. Case and accents are folded by the database (`search_fold`),
 * with the same function that built the index.
 */
export function toTsQueryText(terms: string[]): string {
  return terms
    .map((term, index) => {
      const tokens = rawTokens(term)
        .filter((token) => /[\p{L}\p{N}]/u.test(token))
        .map((token) => `'${token}'`);
      const prefix = index === terms.length - 1 ? ':*' : '';
      return `(${tokens.join(' <-> ')}${prefix})`;
    })
    .join(' & ');
}

/**
 * Newest first within [lo, hi], stopped at LIMIT. The planner picks the GIN index (rare words) or
 * a walk down the primary key that stops at LIMIT (common words). Parameters that may be NULL are
 * cast where they are first used: PostgreSQL cannot type a bare `$n IS NULL`.
 */
const HITS_SQL = `
  SELECT m.id AS message_id, m.conversation_id, m.direction, m.created_at, m.body,
         k.id AS contact_id, k.address, k.name, k.opted_out, k.opted_out_at
  FROM messages m
  JOIN conversations c ON c.id = m.conversation_id
  JOIN contacts k ON k.id = c.contact_id
  WHERE m.search_vector @@ to_tsquery('simple', search_fold(CAST(@match AS TEXT)))
    AND m.id >= CAST(@lo AS BIGINT) AND m.id <= CAST(@hi AS BIGINT)
    AND (CAST(@contactId AS BIGINT) IS NULL OR c.contact_id = @contactId)
    AND (CAST(@from AS BIGINT) IS NULL OR m.created_at >= @from)
    AND (CAST(@to AS BIGINT) IS NULL OR m.created_at < @to)
    AND (CAST(@direction AS TEXT) IS NULL OR m.direction = @direction)
    AND (CAST(@status AS TEXT) IS NULL OR m.status = @status)
    AND (CAST(@category AS TEXT) IS NULL OR m.category = @category)
    AND (CAST(@tag AS TEXT) IS NULL OR EXISTS (
          SELECT 1 FROM jsonb_array_elements_text(CAST(k.tags AS JSONB)) AS t(tag)
          WHERE t.tag = @tag))
  ORDER BY m.id DESC
  LIMIT @limit`;

export function postgresHits(db: Db, params: HitParams): HitRow[] {
  return sql<[HitParams], HitRow>(db, HITS_SQL).all(params);
}
