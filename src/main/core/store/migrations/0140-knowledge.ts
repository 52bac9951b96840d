import type { Migration } from './types';

/**
 * The business's knowledge (issue 17): what the operator teaches drafts. A `knowledge_sources`
 * row is one thing the operator added (a fact, the price list, a policy, a document, a web page),
 * kept as entered in `content` (JSON) so it can be edited and re-imported; its `knowledge_passages`
 * are what retrieval finds (a heading and a bounded piece of text, one language each), indexed by
 * `knowledge_fts` (FTS5, kept by triggers) and, when the AI endpoint offers embeddings, by vectors
 * in `knowledge_embeddings`, cached per (model, passage hash): a change of model re-embeds, an
 * unchanged passage is never embedded twice, and a vector outlives a re-import of the same text.
 *
 * Drafts record the passages they were based on (`knowledge`, a JSON snapshot, so "Based on" still
 * opens after the source changed) and the unsupported claims found when they were written
 * (`claims`, JSON). Both default to '[]', so drafts from before it read as "based on nothing".
 */
export const migration0140: Migration = {
  version: 140,
  name: 'knowledge',
  up(db) {
    db.exec(`
      CREATE TABLE knowledge_sources (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('fact', 'prices', 'policy', 'document', 'webpage')),
        title TEXT NOT NULL,
        content TEXT NOT NULL,              -- JSON, as the operator entered or imported it
        origin TEXT,                        -- a document's file name, a web page's address
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE knowledge_passages (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES knowledge_sources(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        language TEXT,                      -- ISO 639-1 of a translation; NULL = the source's own
        heading TEXT NOT NULL,
        text TEXT NOT NULL,
        hash TEXT NOT NULL                  -- SHA-256 of heading and text: the embedding cache key
      );
      CREATE INDEX knowledge_passages_by_source ON knowledge_passages (source_id, position);
      CREATE VIRTUAL TABLE knowledge_fts USING fts5(
        heading, text, content='knowledge_passages', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
      );
      CREATE TRIGGER knowledge_passages_ai AFTER INSERT ON knowledge_passages BEGIN
        INSERT INTO knowledge_fts (rowid, heading, text) VALUES (new.id, new.heading, new.text);
      END;
      CREATE TRIGGER knowledge_passages_ad AFTER DELETE ON knowledge_passages BEGIN
        INSERT INTO knowledge_fts (knowledge_fts, rowid, heading, text)
          VALUES ('delete', old.id, old.heading, old.text);
      END;
      CREATE TABLE knowledge_embeddings (
        model TEXT NOT NULL,
        hash TEXT NOT NULL,
        vector BLOB NOT NULL,               -- float32, little-endian
        created_at INTEGER NOT NULL,
        PRIMARY KEY (model, hash)
      ) WITHOUT ROWID;
      ALTER TABLE drafts ADD COLUMN knowledge TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE drafts ADD COLUMN claims TEXT NOT NULL DEFAULT '[]';
    `);
  },
};
