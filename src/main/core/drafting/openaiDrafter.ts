import { z } from 'zod';
import { triageCategories, urgencies } from '../../../shared/types';
import type { DraftCallbacks, DraftContext, Drafter, DraftResult } from './drafter';
import { DrafterError } from './errors';
import { completeJson, hostOf, streamChat, type ChatEndpoint } from './openaiSdk';
import { buildDraftMessages, buildTriageMessages, charactersFor } from './prompt';
import {
  buildTemplateChoiceMessages,
  parseTemplateChoice,
  type TemplateChoice,
  type TemplateChoiceRequest,
} from './templateChoice';
import type { Triage } from './triage';

export interface OpenAIDrafterOptions {
  apiKey?: string | undefined;
  baseUrl?: string | undefined;
  model?: string | undefined;
  timeoutMs?: number | undefined;
}

export const DEFAULT_MODEL = 'gpt-4o-mini';

const triageAnswer = z.object({
  category: z.enum(triageCategories),
  urgency: z.enum(urgencies),
  // Older prompts and small models may leave it out: absent is "not unsure".
  unsure: z.boolean().optional(),
});

/**
 * Drafts with any OpenAI-compatible chat endpoint (OpenAI, Ollama, LM Studio, llama.cpp server),
 * streaming tokens as they come. A stream that ends without a finish reason is a cut stream: the
 * text so far is never stored as a ready draft.
 */
export function createOpenAIDrafter(options: OpenAIDrafterOptions): Drafter {
  const endpoint: ChatEndpoint = {
    // Local servers ignore the key, but the SDK refuses an empty one.
    apiKey: options.apiKey ?? 'not-needed',
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs ?? 30_000,
  };
  const model = options.model ?? DEFAULT_MODEL;

  return {
    provider: 'openai',
    model,
    endpoint: options.baseUrl ? hostOf(options.baseUrl) : 'api.openai.com',

    async draft(context: DraftContext, callbacks: DraftCallbacks): Promise<DraftResult> {
      const maxCharacters = charactersFor(context.settings.targetSegments);
      const result = await streamChat(endpoint, {
        model,
        messages: buildDraftMessages(context),
        // Generous: about 3 characters per token, plus room for a model that runs long.
        maxTokens: Math.ceil(maxCharacters / 2) + 64,
        temperature: 0.4,
        signal: callbacks.signal,
        onDelta: (delta, text) => callbacks.onDelta?.(delta, text),
      });
      if (result.finishReason === null) {
        throw result.strayError
          ? new DrafterError(
              'stream-error',
              `The AI model reported an error mid-draft: ${result.strayError}`,
            )
          : new DrafterError(
              'cut-stream',
              'The connection to the AI model was cut before the draft was finished. It will be tried again.',
            );
      }
      if (result.finishReason === 'content_filter') {
        throw new DrafterError(
          'bad-request',
          "The provider's content filter stopped this draft. Write this reply yourself.",
        );
      }
      const text = result.text.trim().replace(/^"(.*)"$/s, '$1');
      if (text === '') {
        throw new DrafterError(
          'unknown',
          'The AI model returned an empty draft. It will be tried again.',
        );
      }
      return {
        text,
        model: result.model ?? model,
        source: null,
        promptTokens: result.promptTokens,
        completionTokens: result.completionTokens,
      };
    },

    async triage(text: string, signal: AbortSignal): Promise<Triage> {
      const content = await completeJson(endpoint, {
        model,
        messages: buildTriageMessages(text),
        maxTokens: 80,
        signal,
      });
      const match = /\{[\s\S]*\}/.exec(content);
      const parsed = triageAnswer.safeParse(match ? JSON.parse(match[0]) : null);
      if (!parsed.success) throw new Error('the model did not answer with a category and urgency');
      return parsed.data;
    },

    async chooseTemplate(
      request: TemplateChoiceRequest,
      signal: AbortSignal,
    ): Promise<TemplateChoice | null> {
      const content = await completeJson(endpoint, {
        model,
        messages: buildTemplateChoiceMessages(request),
        maxTokens: 300,
        signal,
      });
      return parseTemplateChoice(content, request);
    },
  };
}
