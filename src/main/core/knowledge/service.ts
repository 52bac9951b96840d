/**
 * The knowledge service: what the `knowledge:*` commands and drafting talk to. Adds, edits,
 * imports (all or nothing: the text is read and cut into passages before one transaction stores
 * the source with them), deletes; keeps embeddings up to date in the background; retrieves for
 * drafts; and checks a draft's claims against the knowledge, the profile and the conversation.
 */
import type { KnowledgeContent, KnowledgeKind, UnsupportedClaim } from '../../../shared/knowledge';
import type { BusinessProfile } from '../../../shared/types';
import { supportedKeys, unsupportedClaims } from '../domain/claims';
import { Refusal } from '../domain/refusal';
import { detectLanguage } from '../drafting/language';
import type { Logger } from '../log';
import type { Db } from '../store/database';
import { recentThread } from '../store/draftContext';
import {
  deleteKnowledgeSource,
  getKnowledgeSource,
  insertKnowledgeSource,
  hasKnowledge,
  knowledgeVersion,
  listKnowledgePassages,
  replaceKnowledgeSource,
  type NewPassage,
} from '../store/knowledge';
import { embedMissing, type Embedder } from './embeddings';
import { parseDocument } from './parse';
import { passagesFor } from './passages';
import { coversMessage, retrieveKnowledge, type RetrieveArgs } from './retrieval';
import { fetchWebPage } from './webPage';

export interface KnowledgeServiceDeps {
  db: Db;
  now: () => number;
  logger: Logger;
  profile: () => BusinessProfile;
  /** Reads a document's text; the app runs it on a thread of its own (big PDFs). */
  parse?: (args: { fileName: string; data: Uint8Array }) => Promise<string>;
  /** For web pages (tests pass a local server's; the default is the global fetch). */
  fetch?: typeof fetch;
  /** The endpoint's embeddings model, probed once; null = FTS5 alone. */
  embedder: () => Promise<Embedder | null>;
}

export type KnowledgeService = ReturnType<typeof createKnowledgeService>;

export function createKnowledgeService(deps: KnowledgeServiceDeps) {
  const { db, now, logger } = deps;
  const parse = deps.parse ?? parseDocument;
  let claimCache: { version: string; keys: Set<string> } | undefined;
  let embedding: Promise<void> = Promise.resolve();
  const stopping = new AbortController();

  /** Facts carry the language they are written in, so a customer in another one is not misled. */
  async function withLanguages(kind: KnowledgeKind, passages: NewPassage[]) {
    if (kind !== 'fact') return passages;
    return Promise.all(
      passages.map(
        async (p) =>
        p.language ? p : { ...p, language: (await detectLanguage(`${p.heading} ${p.text}`))?.language ?? null }, // prettier-ignore
      ),
    );
  }

  /** Embeds new passages after a change, one run at a time, never failing the change itself. */
  function refreshEmbeddings(): Promise<void> {
    embedding = embedding.then(async () => {
      if (stopping.signal.aborted) return;
      const embedder = await deps.embedder();
      if (!embedder || stopping.signal.aborted) return;
      try {
        const count = await embedMissing(db, embedder, now, stopping.signal);
        if (count > 0) logger.info({ count, model: embedder.model }, 'knowledge passages embedded');
      } catch (error) {
        if (stopping.signal.aborted) return; // shutting down: what is missing is embedded next start
        logger.warn({ err: error, model: embedder.model }, 'embedding knowledge failed; FTS5 alone until the next change'); // prettier-ignore
      }
    });
    return embedding;
  }

  async function store(args: {
    id?: number | undefined;
    kind: KnowledgeKind;
    title: string;
    content: KnowledgeContent;
    origin: string | null;
  }): Promise<number> {
    const passages = await withLanguages(args.kind, passagesFor(args.kind, args.title, args.content)); // prettier-ignore
    if (passages.length === 0) throw new Refusal('There is no text in it to learn from.', 'invalid'); // prettier-ignore
    const record = { ...args, passages, now: now() };
    let id: number;
    if (args.id !== undefined) {
      const existing = getKnowledgeSource(db, args.id);
      if (!existing) throw new Refusal('That entry no longer exists. Add it again.');
      if (existing.kind !== args.kind) throw new Refusal('An entry keeps its kind; add a new one instead.', 'invalid'); // prettier-ignore
      replaceKnowledgeSource(db, { ...record, id: args.id });
      id = args.id;
    } else {
      id = insertKnowledgeSource(db, record);
    }
    void refreshEmbeddings();
    return id;
  }

  const titleFrom = (given: string | undefined, fallback: string) =>
    given && given.trim() ? given.trim() : fallback;

  return {
    store,
    refreshEmbeddings,

    async importFile(args: {
      fileName: string;
      data: Uint8Array;
      title?: string | undefined;
      replaceId?: number | undefined;
    }) {
      // prettier-ignore
      const text = await parse({ fileName: args.fileName, data: args.data });
      const base = args.fileName.replace(/^.*[\\/]/, '');
      return store({
        id: args.replaceId,
        kind: 'document',
        title: titleFrom(args.title, base.replace(/\.[^.]+$/, '')),
        content: { text },
        origin: base,
      });
    },

    async importUrl(args: {
      url: string;
      title?: string | undefined;
      replaceId?: number | undefined;
    }) {
      // prettier-ignore
      const page = await fetchWebPage(args.url, deps.fetch ?? fetch);
      return store({
        id: args.replaceId,
        kind: 'webpage',
        title: titleFrom(args.title, page.title ?? new URL(args.url).host),
        content: { text: page.text },
        origin: args.url,
      });
    },

    remove(id: number): void {
      if (!deleteKnowledgeSource(db, id)) throw new Refusal('That entry was already deleted.');
    },

    async retrieve(args: RetrieveArgs) {
      return retrieveKnowledge(db, await deps.embedder(), args);
    },

    /** Nothing taught yet: "not in your knowledge" says nothing then. */
    isEmpty: (): boolean => !hasKnowledge(db),

    /** Whether the knowledge covers a message (see retrieval.ts `coversMessage`). */
    async covers(args: { text: string; language: string | null }): Promise<boolean> {
      return coversMessage(db, await deps.embedder(), args);
    },

    /** The claims in `text` that neither the knowledge, the profile nor the conversation state. */
    checkClaims(conversationId: number, text: string): UnsupportedClaim[] {
      const version = knowledgeVersion(db);
      if (claimCache?.version !== version) {
        const passages = listKnowledgePassages(db).map((p) => `${p.heading}\n${p.text}`);
        claimCache = { version, keys: supportedKeys(passages) };
      }
      const supported = new Set(claimCache.keys);
      const profile = deps.profile();
      const thread = recentThread(db, { conversationId, uptoId: Number.MAX_SAFE_INTEGER, limit: 50 }); // prettier-ignore
      for (const key of supportedKeys([...Object.values(profile), ...thread.map((m) => m.body)])) {
        supported.add(key);
      }
      return unsupportedClaims(text, supported);
    },

    /** Waits for embedding work in flight (tests). */
    settled: () => embedding,

    /** Stops embedding work in flight, before the store closes. */
    close(): Promise<void> {
      stopping.abort();
      return embedding;
    },
  };
}
