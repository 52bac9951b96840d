/**
 * -- search: what FTS5's tables (messages_fts, reply_examples_fts, knowledge_fts) are on SQLite.
 * One tsvector per message and per knowledge passage, kept by a BEFORE trigger in the writing
 * transaction (so no backlog: store/search.ts's indexSearchBacklog does nothing here) and
 * recomputed only when the text changes (a status update does not touch it), GIN-indexed.
 *
 * Words are what FTS5's `unicode61 remove_diacritics 2` makes them: `search_fold` (NFD, the
 * combining accents removed, lower case), then anything that is not a letter or digit separates
 * words, indexed with the 'simple' configuration (no stemming, no stop words), so a search finds
 * the same messages on both engines (store/searchPostgres.ts builds the queries through the same
 * `search_fold`). The reply examples need no index of their own: they are at most 5,000 messages,
 * each with its message's vector. Needs a UTF-8 database with a UTF-8 locale (not C) for letters
 * beyond ASCII to be letters.
 */
const marks = '\\u0300-\\u036f\\u1ab0-\\u1aff\\u1dc0-\\u1dff\\u20d0-\\u20ff\\ufe20-\\ufe2f';
export const baselineSearch = `
-- search
CREATE FUNCTION search_fold(input TEXT) RETURNS TEXT
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT lower(regexp_replace(normalize(input, NFD), '[${marks}]', '', 'g')) $$;
CREATE FUNCTION search_words(input TEXT) RETURNS TEXT
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT regexp_replace(search_fold(input), '[^[:alnum:]]+', ' ', 'g') $$;

ALTER TABLE messages ADD COLUMN search_vector TSVECTOR;
CREATE FUNCTION sb_message_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector := to_tsvector('simple', search_words(NEW.body));
  RETURN NEW;
END $$;
CREATE TRIGGER messages_search_vector BEFORE INSERT OR UPDATE OF body ON messages
  FOR EACH ROW EXECUTE FUNCTION sb_message_search_vector();
CREATE INDEX messages_search ON messages USING gin (search_vector);

-- Headings weigh twice the text in ranking, as bm25(knowledge_fts, 2.0, 1.0) on SQLite.
ALTER TABLE knowledge_passages ADD COLUMN search_vector TSVECTOR;
CREATE FUNCTION sb_passage_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector := setweight(to_tsvector('simple', search_words(NEW.heading)), 'A')
    || setweight(to_tsvector('simple', search_words(NEW.text)), 'B');
  RETURN NEW;
END $$;
CREATE TRIGGER knowledge_passages_search_vector BEFORE INSERT OR UPDATE OF heading, text
  ON knowledge_passages FOR EACH ROW EXECUTE FUNCTION sb_passage_search_vector();
CREATE INDEX knowledge_passages_search ON knowledge_passages USING gin (search_vector);
`;
