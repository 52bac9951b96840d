/**
 * A fake OpenAI-compatible server: a real node:http server speaking the Chat Completions wire
 * format (streaming and not) and /v1/models, with the faults real providers and local servers
 * produce. Used by the Vitest suites, and (through fakeOpenAIStandalone.ts) by end-to-end tests
 * that run it as a process and steer it over its /__control routes.
 */
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type FakeFault =
  /** 401 with OpenAI's invalid_api_key body (llama.cpp's shape is similar). */
  | { kind: 'unauthorized' }
  /** 404 model_not_found. */
  | { kind: 'model-not-found' }
  /** 429 with retry-after (seconds) and retry-after-ms when given. */
  | { kind: 'rate-limited'; retryAfterSeconds?: number; retryAfterMs?: number }
  /** 500 (or another 5xx) with a server_error body. */
  | { kind: 'server-error'; status?: number }
  /** Headers go out, then nothing for `delayMs` before the first token (or forever: null). */
  | { kind: 'slow-first-token'; delayMs: number | null }
  /** `afterTokens` tokens, then the stream ends: `end` closes cleanly without finish_reason or
   * [DONE]; `destroy` drops the connection. */
  | { kind: 'cut-stream'; afterTokens: number; how?: 'end' | 'destroy' }
  /** `afterTokens` tokens, then Ollama's bare `{"error": "..."}` line and the end, no [DONE]. */
  | { kind: 'ollama-error-line'; afterTokens: number; message?: string }
  /** `afterTokens` tokens, then hang until the client goes away (to watch a cancellation). */
  | { kind: 'stall'; afterTokens: number };

export interface FaultOptions {
  /** How many matching requests get the fault (default: all until cleared). */
  times?: number;
  /** Which requests: streaming drafts only (default), or every chat request (triage too). */
  requests?: 'stream' | 'all';
}

export interface RecordedRequest {
  id: number;
  method: string;
  path: string;
  authorization: string | null;
  body: ChatBody | null;
  stream: boolean;
  /** Set when the client closed the connection before the response was complete. */
  closedEarly: boolean;
  fault: FakeFault['kind'] | null;
}

interface ChatBody {
  model?: string;
  messages?: Array<{ role: string; content: string }>;
  stream?: boolean;
  response_format?: { type: string };
  max_tokens?: number;
  max_completion_tokens?: number;
  /** /v1/embeddings */
  input?: string | string[];
}

export interface FakeOpenAIOptions {
  port?: number;
  /** The reply text for a draft request (default: a short fixed reply). */
  script?: (request: ChatBody) => string;
  /** Triage answers for JSON requests (default: question / normal). */
  triage?: (text: string) => { category: string; urgency: string; unsure?: boolean };
  /** Any other JSON answer (e.g. a template choice): undefined falls back to `triage`. */
  json?: (request: ChatBody) => unknown;
  /** Pause between streamed tokens (default 0: one event-loop turn). */
  tokenDelayMs?: number;
  models?: string[];
}

export interface FakeOpenAI {
  /** Base URL including /v1, e.g. http://127.0.0.1:41234/v1 */
  url: string;
  requests: RecordedRequest[];
  /** Emits 'request' (RecordedRequest) on arrival and 'closed' when a client went away early. */
  events: EventEmitter;
  setFault(fault: FakeFault | null, options?: FaultOptions): void;
  setScript(script: (request: ChatBody) => string): void;
  close(): Promise<void>;
}

export const DEFAULT_REPLY = 'Thanks for your message! We will get back to you shortly.';

const json = (
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

const errorBody = (message: string, type: string, code: string | null) => ({
  error: { message, type, param: null, code },
});

// Words the fake embeddings treat as one concept, so a test can show retrieval across words (and
// languages) that FTS5 alone cannot match.
const concepts: Record<string, string> = {
  sunday: 'sunday', sundays: 'sunday', domingo: 'sunday', domingos: 'sunday', dimanche: 'sunday',
  sonntag: 'sunday', weekend: 'sunday', open: 'open', ouverts: 'open', ouvert: 'open',
  abren: 'open', closed: 'open', haircut: 'cut', cut: 'cut', coupe: 'cut', corte: 'cut',
  trim: 'cut', cost: 'price', much: 'price', price: 'price', prix: 'price',
}; // prettier-ignore

/**
 * A deterministic embedding (64 dimensions): each word of 3+ letters, through the concept table,
 * hashed into a bucket. Texts sharing concepts point the same way.
 */
export function fakeEmbedding(text: string): number[] {
  const vector = new Array<number>(64).fill(0);
  const words =
    text
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .match(/\p{L}+/gu) ?? [];
  for (const word of words) {
    if (word.length < 3) continue;
    const concept = concepts[word] ?? word;
    let hash = 5381;
    for (const ch of concept) hash = ((hash * 33) ^ ch.charCodeAt(0)) >>> 0;
    vector[hash % 64]! += concepts[word] ? 3 : 1;
  }
  return vector;
}

/** Split into small pieces the way a tokenizer would: words with their trailing space. */
export const tokensOf = (text: string) => text.match(/\S+\s*|\s+/g) ?? [];

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const requests: RecordedRequest[] = [];
  const events = new EventEmitter();
  let script = options.script ?? (() => DEFAULT_REPLY);
  /** Set over /__control/translation: the answer to translation requests (else the script's). */
  let translation: string | null = null;
  let fault: { fault: FakeFault; remaining: number; requests: 'stream' | 'all' } | null = null;
  const models = options.models ?? ['gpt-4o-mini', 'llama3.2'];
  const sockets = new Set<Socket>();

  const takeFault = (stream: boolean): FakeFault | null => {
    if (!fault || fault.remaining <= 0) return null;
    if (fault.requests === 'stream' && !stream) return null;
    fault.remaining -= 1;
    return fault.fault;
  };

  const setFault = (next: FakeFault | null, opts: FaultOptions = {}) => {
    fault = next
      ? { fault: next, remaining: opts.times ?? Infinity, requests: opts.requests ?? 'stream' }
      : null;
  };

  const readBody = (req: IncomingMessage) =>
    new Promise<string>((resolve, reject) => {
      let data = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (data += chunk));
      req.on('end', () => resolve(data));
      req.on('error', reject);
    });

  const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  async function streamReply(
    res: ServerResponse,
    record: RecordedRequest,
    body: ChatBody,
    active: FakeFault | null,
  ) {
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    res.flushHeaders();
    const id = `chatcmpl-fake${record.id}`;
    const model = body.model ?? 'fake';
    const created = Math.floor(Date.now() / 1000);
    const send = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);
    const chunk = (delta: Record<string, unknown>, finish: string | null) =>
      send({
        id,
        object: 'chat.completion.chunk',
        created,
        model,
        choices: [{ index: 0, delta, finish_reason: finish }],
      });
    const gone = () => res.destroyed || record.closedEarly;

    if (active?.kind === 'slow-first-token') {
      res.write(': keep-alive\n\n');
      if (active.delayMs === null) return; // hang until the client leaves
      await wait(active.delayMs);
      if (gone()) return;
    }
    const reply = script(body);
    const tokens = tokensOf(reply);
    chunk({ role: 'assistant', content: '' }, null);
    for (const [index, token] of tokens.entries()) {
      if (gone()) return;
      if (active && 'afterTokens' in active && index === active.afterTokens) {
        switch (active.kind) {
          case 'cut-stream':
            if (active.how === 'destroy') res.socket?.destroy();
            else res.end();
            return;
          case 'ollama-error-line':
            res.write(
              `${JSON.stringify({ error: active.message ?? 'model runner has unexpectedly stopped' })}\n`,
            );
            res.end();
            return;
          case 'stall':
            return; // the 'close' handler records the client leaving
        }
      }
      chunk({ content: token }, null);
      await (options.tokenDelayMs
        ? wait(options.tokenDelayMs)
        : new Promise((r) => setImmediate(r)));
    }
    if (gone()) return;
    chunk({}, 'stop');
    const promptTokens = JSON.stringify(body.messages ?? []).length >> 2;
    send({
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      choices: [],
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: tokens.length,
        total_tokens: promptTokens + tokens.length,
      },
    });
    res.write('data: [DONE]\n\n');
    res.end();
  }

  function completionReply(res: ServerResponse, record: RecordedRequest, body: ChatBody) {
    const isJson =
      body.response_format?.type === 'json_object' || body.response_format?.type === 'json_schema';
    const lastUser =
      [...(body.messages ?? [])].reverse().find((m) => m.role === 'user')?.content ?? '';
    const system = body.messages?.[0]?.role === 'system' ? body.messages[0].content : '';
    const other = isJson ? options.json?.(body) : undefined;
    const content = isJson
      ? JSON.stringify(
          other ??
            (options.triage ?? (() => ({ category: 'question', urgency: 'normal' })))(lastUser),
        )
      : translation !== null && system.startsWith('Translate')
        ? translation
        : script(body);
    json(res, 200, {
      id: `chatcmpl-fake${record.id}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: body.model ?? 'fake',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content, refusal: null },
          finish_reason: 'stop',
          logprobs: null,
        },
      ],
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
    });
  }

  function failWith(res: ServerResponse, active: FakeFault, model: string): boolean {
    switch (active.kind) {
      case 'unauthorized':
        json(
          res,
          401,
          errorBody(
            'Incorrect API key provided: sk-fake.',
            'invalid_request_error',
            'invalid_api_key',
          ),
        );
        return true;
      case 'model-not-found':
        json(
          res,
          404,
          errorBody(
            `The model \`${model}\` does not exist or you do not have access to it.`,
            'invalid_request_error',
            'model_not_found',
          ),
        );
        return true;
      case 'rate-limited': {
        const headers: Record<string, string> = {
          'retry-after': String(active.retryAfterSeconds ?? 1),
        };
        if (active.retryAfterMs !== undefined)
          headers['retry-after-ms'] = String(active.retryAfterMs);
        json(
          res,
          429,
          errorBody('Rate limit reached for requests.', 'requests', 'rate_limit_exceeded'),
          headers,
        );
        return true;
      }
      case 'server-error':
        json(
          res,
          active.status ?? 500,
          errorBody('The server had an error while processing your request.', 'server_error', null),
        );
        return true;
      default:
        return false;
    }
  }

  async function control(req: IncomingMessage, res: ServerResponse, path: string) {
    const text = await readBody(req);
    const body = text
      ? (JSON.parse(text) as { fault?: FakeFault | null; options?: FaultOptions; reply?: string })
      : {};
    if (path === '/__control/fault') setFault(body.fault ?? null, body.options);
    else if (path === '/__control/translation' && typeof body.reply === 'string') {
      translation = body.reply;
    } else if (path === '/__control/reply' && typeof body.reply === 'string') {
      const reply = body.reply;
      script = () => reply;
    } else if (path === '/__control/requests') return json(res, 200, requests);
    else if (path === '/__control/reset') {
      setFault(null);
      script = options.script ?? (() => DEFAULT_REPLY);
      translation = null;
      requests.length = 0;
    } else return json(res, 404, errorBody('no such control route', 'invalid_request_error', null));
    json(res, 200, { ok: true });
  }

  const server = createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? '/').split('?')[0]!;
      if (path.startsWith('/__control/')) return control(req, res, path);
      const text = await readBody(req);
      let body: ChatBody | null = null;
      try {
        body = text ? (JSON.parse(text) as ChatBody) : null;
      } catch {
        return json(
          res,
          400,
          errorBody(
            'We could not parse the JSON body of your request.',
            'invalid_request_error',
            null,
          ),
        );
      }
      const stream = body?.stream === true;
      const record: RecordedRequest = {
        id: requests.length + 1,
        method: req.method ?? 'GET',
        path,
        authorization: req.headers.authorization ?? null,
        body,
        stream,
        closedEarly: false,
        fault: null,
      };
      res.on('close', () => {
        if (!res.writableFinished) {
          record.closedEarly = true;
          events.emit('closed', record);
        }
      });

      if (req.method === 'GET' && path === '/v1/models') {
        requests.push(record);
        events.emit('request', record);
        return json(res, 200, {
          object: 'list',
          data: models.map((id) => ({
            id,
            object: 'model',
            created: 1_700_000_000,
            owned_by: 'fake',
          })),
        });
      }
      if (req.method === 'POST' && path === '/v1/embeddings') {
        requests.push(record);
        events.emit('request', record);
        const input = body?.input;
        if (!body?.model || !models.includes(body.model) || input === undefined) {
          return json(res, 404, errorBody(`The model '${body?.model}' does not exist`, 'invalid_request_error', 'model_not_found')); // prettier-ignore
        }
        const texts = Array.isArray(input) ? input : [input];
        return json(res, 200, {
          object: 'list',
          model: body.model,
          data: texts.map((t, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(t) })), // prettier-ignore
          usage: { prompt_tokens: texts.length, total_tokens: texts.length },
        });
      }
      if (req.method !== 'POST' || path !== '/v1/chat/completions') {
        return json(
          res,
          404,
          errorBody(`Unknown request URL: ${req.method} ${path}.`, 'invalid_request_error', null),
        );
      }
      const active = takeFault(stream);
      record.fault = active?.kind ?? null;
      requests.push(record);
      events.emit('request', record);
      if (!body?.messages?.length) {
        return json(
          res,
          400,
          errorBody("Missing required parameter: 'messages'.", 'invalid_request_error', null),
        );
      }
      if (active && failWith(res, active, body.model ?? '')) return;
      if (stream) return streamReply(res, record, body, active);
      return completionReply(res, record, body);
    })().catch((error: unknown) => {
      if (!res.headersSent) json(res, 500, errorBody(String(error), 'server_error', null));
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    events,
    setFault,
    setScript(next) {
      script = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
