/**
 * The only file that imports `openai` (the linter enforces it). A thin adapter: one streaming
 * chat completion, one JSON completion, and the SDK's errors turned into DrafterErrors with
 * plain sentences. Retries are the job queue's business (durable and visible), so the SDK's own
 * are off.
 */
import OpenAI, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from 'openai';
import { DraftCancelled, DrafterError } from './errors';
import type { ChatMessage } from './prompt';

export interface ChatEndpoint {
  apiKey: string;
  /** e.g. http://localhost:11434/v1 for Ollama; undefined = OpenAI. */
  baseUrl: string | undefined;
  /** Until the response starts, and then between two chunks of a stream. */
  timeoutMs: number;
}

export interface StreamResult {
  text: string;
  model: string | null;
  finishReason: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  /** An error the server wrote in a form the SDK skips (Ollama's bare JSON line, `error:` SSE). */
  strayError: string | null;
}

const TIMEOUT = Symbol('timeout');

/** OpenAI itself wants max_completion_tokens; local servers know max_tokens. */
const isOpenAI = (endpoint: ChatEndpoint) =>
  endpoint.baseUrl === undefined || /(^|\.)openai\.com$/.test(hostOf(endpoint.baseUrl));

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * A fetch that passes event streams through untouched but notices error lines the SDK's SSE
 * parser ignores: Ollama writes `{"error":"..."}` bare mid-stream, older llama.cpp `error: {...}`.
 */
function sniffingFetch(onStrayError: (message: string) => void): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    const type = response.headers.get('content-type') ?? '';
    if (!response.body || !type.includes('event-stream')) return response;
    const decoder = new TextDecoder();
    let pending = '';
    const inspect = (line: string) => {
      const trimmed = line.trim();
      let json: string;
      if (trimmed.startsWith('error:')) json = trimmed.slice(6).trim();
      else if (trimmed.startsWith('{'))
        json = trimmed; // not an SSE field at all
      else return;
      try {
        const parsed = JSON.parse(json) as { error?: unknown; message?: unknown };
        const error = parsed.error ?? parsed.message;
        if (typeof error === 'string') onStrayError(error);
        else if (error && typeof error === 'object' && 'message' in error) {
          onStrayError(String((error as { message: unknown }).message));
        }
      } catch {
        // Not JSON: not ours to judge.
      }
    };
    const body = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          pending += decoder.decode(chunk, { stream: true });
          const lines = pending.split('\n');
          pending = lines.pop() ?? '';
          lines.forEach(inspect);
          controller.enqueue(chunk);
        },
        flush() {
          inspect(pending);
        },
      }),
    );
    return new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

function client(endpoint: ChatEndpoint, fetchImpl?: typeof fetch): OpenAI {
  return new OpenAI({
    apiKey: endpoint.apiKey,
    ...(endpoint.baseUrl ? { baseURL: endpoint.baseUrl } : {}),
    timeout: endpoint.timeoutMs,
    maxRetries: 0,
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
}

/** An AbortController that also fires when no progress was made for `ms` (reset with `touch`). */
function watchdog(outer: AbortSignal, ms: number) {
  const controller = new AbortController();
  const onAbort = () => controller.abort(outer.reason);
  if (outer.aborted) onAbort();
  else outer.addEventListener('abort', onAbort, { once: true });
  let timer = setTimeout(() => controller.abort(TIMEOUT), ms);
  return {
    signal: controller.signal,
    touch() {
      clearTimeout(timer);
      timer = setTimeout(() => controller.abort(TIMEOUT), ms);
    },
    dispose() {
      clearTimeout(timer);
      outer.removeEventListener('abort', onAbort);
    },
  };
}

export async function streamChat(
  endpoint: ChatEndpoint,
  request: {
    model: string;
    messages: ChatMessage[];
    maxTokens: number;
    temperature: number;
    signal: AbortSignal;
    onDelta: (delta: string, text: string) => void;
  },
): Promise<StreamResult> {
  let strayError: string | null = null;
  const api = client(
    endpoint,
    sniffingFetch((message) => (strayError ??= message)),
  );
  const guard = watchdog(request.signal, endpoint.timeoutMs);
  const result: StreamResult = {
    text: '',
    model: null,
    finishReason: null,
    promptTokens: null,
    completionTokens: null,
    strayError: null,
  };
  let streaming = false;
  try {
    const stream = await api.chat.completions.create(
      {
        model: request.model,
        messages: request.messages,
        stream: true,
        stream_options: { include_usage: true },
        temperature: request.temperature,
        ...(isOpenAI(endpoint)
          ? { max_completion_tokens: request.maxTokens }
          : { max_tokens: request.maxTokens }),
      },
      { signal: guard.signal },
    );
    streaming = true;
    for await (const chunk of stream) {
      guard.touch();
      result.model ??= chunk.model || null;
      if (chunk.usage) {
        result.promptTokens = chunk.usage.prompt_tokens;
        result.completionTokens = chunk.usage.completion_tokens;
      }
      const choice = chunk.choices[0];
      if (!choice) continue;
      const delta = choice.delta?.content ?? '';
      if (delta !== '') {
        result.text += delta;
        request.onDelta(delta, result.text);
      }
      if (choice.finish_reason) result.finishReason = choice.finish_reason;
    }
    // The SDK ends the iteration quietly when its signal aborts: say why it stopped.
    if (guard.signal.aborted) throw new APIUserAbortError();
    result.strayError = strayError;
    return result;
  } catch (error) {
    if (streaming && !(error instanceof APIError) && !guard.signal.aborted && !strayError) {
      // The body broke off mid-stream (connection dropped): a network error, not an API error.
      throw new DrafterError(
        'cut-stream',
        'The connection to the AI model was cut before the draft was finished. It will be tried again.',
      );
    }
    throw toDrafterError(error, {
      endpoint,
      model: request.model,
      signal: guard.signal,
      strayError,
    });
  } finally {
    guard.dispose();
  }
}

type OneShotRequest = { model: string; messages: ChatMessage[]; maxTokens: number; signal: AbortSignal }; // prettier-ignore

/** One JSON completion (the model's triage, a template choice). */
export const completeJson = (endpoint: ChatEndpoint, request: OneShotRequest) =>
  completeOnce(endpoint, request, { json: true });

/** One plain (not streamed, not JSON) completion: a translation for the operator. */
export const completeText = (endpoint: ChatEndpoint, request: OneShotRequest) =>
  completeOnce(endpoint, request, { json: false });

async function completeOnce(
  endpoint: ChatEndpoint,
  request: OneShotRequest,
  options: { json: boolean },
): Promise<string> {
  const api = client(endpoint);
  const guard = watchdog(request.signal, endpoint.timeoutMs);
  try {
    const completion = await api.chat.completions.create(
      {
        model: request.model,
        messages: request.messages,
        temperature: 0,
        ...(options.json ? { response_format: { type: 'json_object' as const } } : {}),
        ...(isOpenAI(endpoint)
          ? { max_completion_tokens: request.maxTokens }
          : { max_tokens: request.maxTokens }),
      },
      { signal: guard.signal },
    );
    return completion.choices[0]?.message.content ?? '';
  } catch (error) {
    throw toDrafterError(error, {
      endpoint,
      model: request.model,
      signal: guard.signal,
      strayError: null,
    });
  } finally {
    guard.dispose();
  }
}

function retryAfterMs(headers: Headers | undefined): number | null {
  const ms = Number(headers?.get('retry-after-ms'));
  if (Number.isFinite(ms) && ms > 0) return ms;
  const value = headers?.get('retry-after');
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

function serverMessage(error: APIError): string {
  const body = error.error as { message?: unknown } | undefined;
  return typeof body?.message === 'string' ? body.message : error.message;
}

function toDrafterError(
  error: unknown,
  context: {
    endpoint: ChatEndpoint;
    model: string;
    signal: AbortSignal;
    strayError: string | null;
  },
): Error {
  const where = context.endpoint.baseUrl ? hostOf(context.endpoint.baseUrl) : 'OpenAI';
  if (context.signal.aborted) {
    if (context.signal.reason === TIMEOUT) {
      return new DrafterError(
        'timeout',
        `The AI model at ${where} stopped answering for ${Math.round(context.endpoint.timeoutMs / 1000)} s. ` +
          'It will be tried again; a local model may still be loading.',
      );
    }
    return new DraftCancelled('the draft was cancelled');
  }
  if (error instanceof APIUserAbortError) return new DraftCancelled('the draft was cancelled');
  if (error instanceof APIConnectionTimeoutError) {
    return new DrafterError(
      'timeout',
      `The AI model at ${where} did not answer in time. It will be tried again.`,
    );
  }
  if (error instanceof APIConnectionError) {
    return new DrafterError(
      'connection',
      `Could not reach the AI model at ${where}. Check that it is running and the address in Settings is right.`,
    );
  }
  if (error instanceof AuthenticationError || error instanceof PermissionDeniedError) {
    return new DrafterError(
      'auth',
      `${where} refused the API key (HTTP ${error.status}). Check the key in Settings → AI drafts.`,
    );
  }
  if (error instanceof NotFoundError) {
    return new DrafterError(
      'model-not-found',
      `The model "${context.model}" was not found at ${where}. Check the model name in Settings ` +
        '(with Ollama, pull the model first).',
    );
  }
  if (error instanceof RateLimitError) {
    const body = error.error as { type?: unknown; code?: unknown } | undefined;
    if (body?.type === 'insufficient_quota' || body?.code === 'insufficient_quota') {
      return new DrafterError(
        'auth',
        `The AI account at ${where} has no quota left. Check billing with your provider, or switch to offline drafts in Settings.`,
      );
    }
    const wait = retryAfterMs(error.headers);
    return new DrafterError(
      'rate-limited',
      `${where} is rate limiting drafts (HTTP 429)` +
        (wait !== null
          ? `; trying again in ${Math.ceil(wait / 1000)} s.`
          : '; trying again shortly.'),
      wait,
    );
  }
  if (error instanceof BadRequestError || error instanceof UnprocessableEntityError) {
    return new DrafterError('bad-request', `${where} refused the request: ${serverMessage(error)}`);
  }
  if (error instanceof InternalServerError) {
    return new DrafterError(
      'server',
      `${where} had a problem (HTTP ${error.status}: ${serverMessage(error)}). It will be tried again.`,
    );
  }
  if (error instanceof APIError) {
    // No status: the server reported an error inside the stream.
    return new DrafterError(
      'stream-error',
      `The AI model reported an error mid-draft: ${serverMessage(error)}`,
    );
  }
  if (context.strayError) {
    return new DrafterError(
      'stream-error',
      `The AI model reported an error mid-draft: ${context.strayError}`,
    );
  }
  return new DrafterError(
    'unknown',
    `The draft failed unexpectedly (${error instanceof Error ? error.message : String(error)}). It will be tried again.`,
  );
}

/** The model ids the endpoint offers (GET /models): the credential check in Settings uses it. */
export async function listModels(endpoint: ChatEndpoint): Promise<string[]> {
  const api = client(endpoint);
  const signal = new AbortController().signal;
  try {
    const ids: string[] = [];
    for await (const model of api.models.list()) ids.push(model.id);
    return ids;
  } catch (error) {
    throw toDrafterError(error, { endpoint, model: '(model list)', signal, strayError: null });
  }
}

/** Vectors for `input` from an embeddings model (POST /embeddings), in the order given. */
export async function embedTexts(
  endpoint: ChatEndpoint,
  request: { model: string; input: string[]; signal?: AbortSignal | undefined },
): Promise<number[][]> {
  const api = client(endpoint);
  const signal = request.signal ?? new AbortController().signal;
  try {
    const response = await api.embeddings.create(
      { model: request.model, input: request.input, encoding_format: 'float' },
      { signal },
    );
    return [...response.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
  } catch (error) {
    throw toDrafterError(error, { endpoint, model: request.model, signal, strayError: null });
  }
}
