/**
 * The business's knowledge (migration 0140): sources as the operator entered them, their passages
 * (FTS5 `knowledge_fts` on SQLite, a tsvector column on PostgreSQL; both kept by triggers), and
 * the embedding cache per (model, passage hash).
 * Words for people live in `knowledge/`; here are records.
 */
import type { KnowledgeKind } from '../../../shared/knowledge';
import { engineOf, sql, type Db } from './database';
import { anyOfWords } from './searchText';

export interface KnowledgeSourceRow {
  id: number;
  kind: KnowledgeKind;
  title: string;
  content: string;
  origin: string | null;
  created_at: number;
  updated_at: number;
  passages: number;
}

export interface NewPassage {
  language: string | null;
  heading: string;
  text: string;
  hash: string;
}

export interface PassageRecord extends NewPassage {
  id: number;
  sourceId: number;
  sourceTitle: string;
  kind: KnowledgeKind;
  position: number;
}

/** A source and its passages, in one transaction: all of it or nothing. */
export function insertKnowledgeSource(
  db: Db,
  args: {
    kind: KnowledgeKind;
    title: string;
    content: unknown;
    origin: string | null;
    passages: NewPassage[];
    now: number;
  },
): number {
  return db.transaction(() => {
    const id = sql<unknown[], { id: number }>(
      db,
      `INSERT INTO knowledge_sources (kind, title, content, origin, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
    ).get(args.kind, args.title, JSON.stringify(args.content), args.origin, args.now, args.now)!.id; // prettier-ignore
    insertPassages(db, id, args.passages);
    return id;
  })();
}

/** Replaces a source's content and passages (an edit or a re-import); false when it is gone. */
export function replaceKnowledgeSource(
  db: Db,
  args: {
    id: number;
    title: string;
    content: unknown;
    origin: string | null;
    passages: NewPassage[];
    now: number;
  },
): boolean {
  return db.transaction(() => {
    const changed = sql(
      db,
      `UPDATE knowledge_sources SET title = ?, content = ?, origin = ?, updated_at = ? WHERE id = ?`,
    ).run(args.title, JSON.stringify(args.content), args.origin, args.now, args.id).changes;
    if (changed !== 1) return false;
    sql(db, 'DELETE FROM knowledge_passages WHERE source_id = ?').run(args.id);
    insertPassages(db, args.id, args.passages);
    return true;
  })();
}

function insertPassages(db: Db, sourceId: number, passages: NewPassage[]): void {
  const insert = sql(
    db,
    `INSERT INTO knowledge_passages (source_id, position, language, heading, text, hash)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  passages.forEach((p, position) =>
    insert.run(sourceId, position, p.language, p.heading, p.text, p.hash),
  );
}

export function deleteKnowledgeSource(db: Db, id: number): boolean {
  return sql(db, 'DELETE FROM knowledge_sources WHERE id = ?').run(id).changes === 1;
}

const sourceColumns = `s.id, s.kind, s.title, s.content, s.origin, s.created_at, s.updated_at,
  (SELECT count(*) FROM knowledge_passages p WHERE p.source_id = s.id) AS passages`;

/** Newest change first. */
export function listKnowledgeSources(db: Db): KnowledgeSourceRow[] {
  return sql<[], KnowledgeSourceRow>(
    db,
    `SELECT ${sourceColumns} FROM knowledge_sources s ORDER BY s.updated_at DESC, s.id DESC`,
  ).all();
}

export function getKnowledgeSource(db: Db, id: number): KnowledgeSourceRow | undefined {
  return sql<[number], KnowledgeSourceRow>(
    db,
    `SELECT ${sourceColumns} FROM knowledge_sources s WHERE s.id = ?`,
  ).get(id);
}

/** Whether the business has taught anything at all (one step down the primary key). */
export function hasKnowledge(db: Db): boolean {
  return sql<[], { any: number }>(db, 'SELECT EXISTS (SELECT 1 FROM knowledge_sources) AS "any"').get()!.any === 1; // prettier-ignore
}

/** How many sources there are and when one last changed: the knowledge's version, cheaply. */
export function knowledgeVersion(db: Db): string {
  const row = sql<[], { n: number; at: number | null; p: number | null }>(
    db,
    `SELECT count(*) AS n, max(updated_at) AS at, (SELECT max(id) FROM knowledge_passages) AS p
     FROM knowledge_sources`,
  ).get()!;
  return `${row.n}:${row.at ?? 0}:${row.p ?? 0}`;
}

interface PassageRow {
  id: number;
  source_id: number;
  source_title: string;
  kind: KnowledgeKind;
  position: number;
  language: string | null;
  heading: string;
  text: string;
  hash: string;
}

const passageColumns = `p.id, p.source_id, s.title AS source_title, s.kind, p.position, p.language,
  p.heading, p.text, p.hash`;

const toPassage = (r: PassageRow): PassageRecord => ({
  id: r.id,
  sourceId: r.source_id,
  sourceTitle: r.source_title,
  kind: r.kind,
  position: r.position,
  language: r.language,
  heading: r.heading,
  text: r.text,
  hash: r.hash,
});

/**
 * Passages holding any of `words` (each as a prefix: "sunday" finds "Sundays"), best first
 * (`rank`: lower is better). SQLite: FTS5's BM25 with the heading weighing twice the text;
 * PostgreSQL: `ts_rank` over the passage's tsvector, heading (weight A) twice the text (B). The
 * two rank alike but not identically: the same passages, the order may differ among close ones.
 */
export function searchKnowledgePassages(
  db: Db,
  args: { words: string[]; limit: number },
): Array<PassageRecord & { rank: number }> {
  const engine = engineOf(db);
  const match = anyOfWords(engine, args.words, true);
  if (match === null) return [];
  return sql<[string, number], PassageRow & { rank: number }>(
    db,
    engine === 'sqlite'
      ? `SELECT ${passageColumns}, bm25(knowledge_fts, 2.0, 1.0) AS rank
         FROM knowledge_fts
         JOIN knowledge_passages p ON p.id = knowledge_fts.rowid
         JOIN knowledge_sources s ON s.id = p.source_id
         WHERE knowledge_fts MATCH ? ORDER BY rank LIMIT ?`
      : `SELECT ${passageColumns},
                -ts_rank(CAST('{0, 0, 0.5, 1}' AS REAL[]), p.search_vector, q) AS rank
         FROM knowledge_passages p
         JOIN knowledge_sources s ON s.id = p.source_id
         CROSS JOIN to_tsquery('simple', search_fold(CAST(? AS TEXT))) AS q
         WHERE p.search_vector @@ q ORDER BY rank, p.id LIMIT ?`,
  )
    .all(match, args.limit)
    .map((r) => ({ ...toPassage(r), rank: r.rank }));
}

export function getKnowledgePassage(db: Db, id: number): PassageRecord | undefined {
  const row = sql<[number], PassageRow>(
    db,
    `SELECT ${passageColumns} FROM knowledge_passages p
     JOIN knowledge_sources s ON s.id = p.source_id WHERE p.id = ?`,
  ).get(id);
  return row && toPassage(row);
}

/** Every passage (embedding search and the claim check read them all; a business has hundreds). */
export function listKnowledgePassages(db: Db): PassageRecord[] {
  return sql<[], PassageRow>(
    db,
    `SELECT ${passageColumns} FROM knowledge_passages p
     JOIN knowledge_sources s ON s.id = p.source_id ORDER BY p.source_id, p.position`,
  )
    .all()
    .map(toPassage);
}

/** The cached vectors of `model`, by passage hash. */
export function getEmbeddings(db: Db, model: string): Map<string, Float32Array> {
  const rows = sql<[string], { hash: string; vector: Buffer }>(
    db,
    'SELECT hash, vector FROM knowledge_embeddings WHERE model = ?',
  ).all(model);
  return new Map(
    rows.map((r) => [
      r.hash,
      new Float32Array(r.vector.buffer.slice(r.vector.byteOffset, r.vector.byteOffset + r.vector.byteLength)), // prettier-ignore
    ]),
  );
}

export function putEmbeddings(
  db: Db,
  args: { model: string; vectors: Array<{ hash: string; vector: Float32Array }>; now: number },
): void {
  const insert = sql(
    db,
    `INSERT INTO knowledge_embeddings (model, hash, vector, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (model, hash) DO NOTHING`,
  );
  db.transaction(() => {
    for (const v of args.vectors) {
      insert.run(args.model, v.hash, Buffer.from(v.vector.buffer, v.vector.byteOffset, v.vector.byteLength), args.now); // prettier-ignore
    }
  })();
}

/** What a finished draft was based on and which claims in it nothing supports (JSON records). */
export function recordDraftKnowledge(
  db: Db,
  args: { draftId: number; knowledge: unknown[]; claims: unknown[] },
): void {
  sql(db, 'UPDATE drafts SET knowledge = ?, claims = ? WHERE id = ?').run(
    JSON.stringify(args.knowledge),
    JSON.stringify(args.claims),
    args.draftId,
  );
}
