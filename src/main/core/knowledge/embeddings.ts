/**
 * Embeddings, when the AI endpoint offers an embeddings model: each passage's vector is cached
 * per (model, passage hash) in the store, so a change of model embeds again and an unchanged
 * passage (an edit elsewhere, a re-import of the same text) never is. The endpoint itself is
 * behind `Embedder` (knowledge/openaiEmbedder.ts builds it on drafting/openaiSdk.ts).
 */
import type { Db } from '../store/database';
import { getEmbeddings, listKnowledgePassages, putEmbeddings } from '../store/knowledge';

export interface Embedder {
  readonly model: string;
  embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[]>;
}

/** What a passage is embedded as: its heading gives the text its subject. */
export const embeddingText = (p: { heading: string; text: string }) => `${p.heading}\n${p.text}`;

const BATCH = 32;

/** Embeds every passage without a vector for the embedder's model; returns how many it did. */
export async function embedMissing(
  db: Db,
  embedder: Embedder,
  now: () => number,
  signal?: AbortSignal,
): Promise<number> {
  const cached = getEmbeddings(db, embedder.model);
  const missing = new Map<string, string>();
  for (const p of listKnowledgePassages(db)) {
    if (!cached.has(p.hash)) missing.set(p.hash, embeddingText(p));
  }
  const todo = [...missing.entries()];
  for (let i = 0; i < todo.length; i += BATCH) {
    if (signal?.aborted) break;
    const batch = todo.slice(i, i + BATCH);
    const vectors = await embedder.embed(
      batch.map(([, text]) => text),
      signal,
    );
    if (signal?.aborted) break;
    putEmbeddings(db, {
      model: embedder.model,
      vectors: batch.map(([hash], n) => ({ hash, vector: vectors[n]! })),
      now: now(),
    });
  }
  return todo.length;
}

export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** The model the endpoint offers for embeddings (an explicit choice wins), or null. */
export function pickEmbeddingModel(models: string[], preferred?: string): string | null {
  if (preferred) return models.includes(preferred) || models.length === 0 ? preferred : null;
  return (
    models.find((m) => /text-embedding-3-small/.test(m)) ??
    models.find((m) => /embed/i.test(m)) ??
    null
  );
}
