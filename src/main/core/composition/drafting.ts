/**
 * Drafting as the app runs it: which drafter writes (a model or the offline drafter) and the
 * drafting service around it.
 */
import type { AppConfig } from '../config';
import type { Drafter } from '../drafting/drafter';
import { createOfflineDrafter } from '../drafting/offlineDrafter';
import { createOpenAIDrafter, DEFAULT_MODEL } from '../drafting/openaiDrafter';
import { createDraftingService, type DraftingService } from '../drafting/service';
import type { SecretStore } from '../golive/secrets';
import type { Foundation } from './foundation';

export interface DraftingPart {
  readonly drafter: Drafter;
  readonly service: DraftingService;
  /** Drafts come from a model (a key or a base URL is configured). */
  readonly usesModel: boolean;
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
  });
  return { drafter, service, usesModel };
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
