/**
 * The `Embedder` on the configured OpenAI-compatible endpoint: which embeddings model it offers
 * (its model list, or SWITCHBOARD_EMBEDDING_MODEL), and the call itself (drafting/openaiSdk.ts,
 * the only file that imports `openai`). No embeddings model → null: retrieval is FTS5 alone.
 */
import { embedTexts, listModels, type ChatEndpoint } from '../drafting/openaiSdk';
import { pickEmbeddingModel, type Embedder } from './embeddings';

export async function probeEmbedder(
  endpoint: ChatEndpoint,
  preferred?: string,
): Promise<Embedder | null> {
  let models: string[];
  try {
    models = await listModels(endpoint);
  } catch {
    return null; // unreachable or no model list: FTS5 alone, and the next start asks again
  }
  const model = pickEmbeddingModel(models, preferred);
  if (!model) return null;
  return {
    model,
    async embed(texts, signal) {
      const vectors = await embedTexts(endpoint, { model, input: texts, signal });
      return vectors.map((v) => Float32Array.from(v));
    },
  };
}
