/**
 * Drafting as the app runs it: which drafter writes (a model or the offline drafter) and the
 * drafting service around it.
 */
import type { AppConfig } from '../config';
import type { Drafter } from '../drafting/drafter';
import { createOfflineDrafter } from '../drafting/offlineDrafter';
import { createOpenAIDrafter, DEFAULT_MODEL } from '../drafting/openaiDrafter';
import { KNOWLEDGE_TOKEN_BUDGET } from '../drafting/prompt';
import { createDraftingService, type DraftingService } from '../drafting/service';
import type { SecretStore } from '../golive/secrets';
import { seedDemoKnowledge } from '../knowledge/demo';
import type { Embedder } from '../knowledge/embeddings';
import { probeEmbedder } from '../knowledge/openaiEmbedder';
import { createKnowledgeService, type KnowledgeService } from '../knowledge/service';
import { ReaderFailed } from '../threads/readerPool';
import { Refusal } from '../domain/refusal';
import { readDraftingSettings } from '../drafting/settings';
import type { Foundation } from './foundation';

export interface DraftingPart {
  readonly drafter: Drafter;
  readonly service: DraftingService;
  /** Drafts come from a model (a key or a base URL is configured). */
  readonly usesModel: boolean;
  /** The business's knowledge: Settings → Knowledge, retrieval into drafts, the claim check. */
  readonly knowledge: KnowledgeService;
}

/** The knowledge service as the app runs it: documents parsed on a thread, embeddings if offered. */
function createKnowledge(base: Foundation, usesModel: boolean): KnowledgeService {
  const { config, db } = base;
  let embedder: Promise<Embedder | null> | undefined;
  const knowledge = createKnowledgeService({
    db,
    now: base.now,
    logger: base.logger.child({ name: 'knowledge' }),
    profile: () => readDraftingSettings(db, { demo: base.mode === 'demo' }).profile,
    // A big PDF takes seconds to read: on a thread of its own, never the one answering Twilio.
    parse: (args) =>
      base.readers.task('parseDocument', args).result.catch((error: unknown) => {
        if (error instanceof ReaderFailed && error.originalName === 'Refusal') {
          throw new Refusal(error.message, 'invalid');
        }
        throw error;
      }),
    // Asked once per run: whether the endpoint offers an embeddings model.
    embedder: () =>
      (embedder ??= usesModel
        ? probeEmbedder({ apiKey: config.openai.apiKey ?? 'not-needed', baseUrl: config.openai.baseUrl, timeoutMs: 10_000 }) // prettier-ignore
        : Promise.resolve(null)),
  });
  if (base.mode === 'demo') seedDemoKnowledge(db, base.now());
  if (usesModel) void knowledge.refreshEmbeddings();
  return knowledge;
}

export function createDrafting(
  base: Foundation,
  deps: {
    /** Replaces the drafter chosen from config (tests). */
    drafter: Drafter | undefined;
    /** A job was queued (a regenerate, an auto-send). */
    onQueued: () => void;
    onMessageChanged: (messageId: number) => void;
  },
): DraftingPart {
  const { config, db, timings } = base;
  // With a key or a base URL (Ollama, LM Studio, llama.cpp need no key) drafts come from a model;
  // otherwise from the offline drafter (templates and the operator's own past replies).
  const usesModel = Boolean(config.openai.apiKey || config.openai.baseUrl);
  const drafter =
    deps.drafter ??
    (usesModel
      ? createOpenAIDrafter({ ...config.openai, timeoutMs: timings.draftTimeoutMs })
      : // Its lookup of past replies runs on the reader thread: a burst of texts never
        // starves acknowledgements.
        createOfflineDrafter(db, {
          retrieve: (args) => base.readers.query('offlineDraftData', args),
        }));
  const knowledge = createKnowledge(base, usesModel);
  const service = createDraftingService({
    db,
    events: base.events,
    logger: base.logger.child({ name: 'drafting' }),
    now: base.now,
    drafter,
    // Demo mode: the made-up business profile fills in for an empty one.
    demo: base.mode === 'demo',
    autoSendDelayMs: timings.autoSendDelayMs,
    onQueued: deps.onQueued,
    onMessageChanged: deps.onMessageChanged,
    knowledge: {
      retrieve: (args) => knowledge.retrieve({ ...args, budgetTokens: KNOWLEDGE_TOKEN_BUDGET }),
      checkClaims: knowledge.checkClaims,
      isEmpty: knowledge.isEmpty,
    },
  });
  return { drafter, service, usesModel, knowledge };
}

/** The AI endpoint the credential check asks; undefined while drafts come from the offline drafter. */
export function aiEndpoint(
  config: AppConfig,
  secrets: SecretStore,
  usesModel: boolean,
): () => { apiKey: string; baseUrl: string | undefined; model: string } | undefined {
  return () =>
    usesModel
      ? {
          apiKey: secrets.get('openaiApiKey') ?? 'not-needed',
          baseUrl: config.openai.baseUrl,
          model: config.openai.model ?? DEFAULT_MODEL,
        }
      : undefined;
}
