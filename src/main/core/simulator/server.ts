/**
 * The HTTP front of the simulator: Basic auth, armed REST faults, then the REST or control routes.
 * Answers are Twilio-shaped JSON; unknown paths get Twilio's 404 (20404).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { Logger } from '../log';
import { handleControl, type ControlDeps } from './control';
import { TwilioApiError, apiErrors } from './errors';
import type { FaultState } from './faults';
import { handleRest, isMessagesCreate, mediaLocation, type RestDeps } from './rest';
import type { Scheduler } from './scheduler';
import type { SimulatorStore } from './store';
import { handleSenders, isSendersPath } from './whatsappSenders';

export interface ServerDeps {
  accountSid: string;
  authToken: string;
  store: SimulatorStore;
  faults: FaultState;
  scheduler: Scheduler;
  rest: RestDeps;
  control: ControlDeps;
  logger: Logger;
}

/** Twilio's own limit for a request body is far lower; this only stops a runaway client. */
const MAX_BODY_BYTES = 1024 * 1024;

export function createSimulatorServer(deps: ServerDeps): http.Server {
  return http.createServer((req, res) => {
    handle(deps, req, res).catch((error: unknown) => {
      deps.logger.error({ err: error }, 'simulator request failed');
      if (!res.headersSent) sendJson(res, 500, apiErrors.internal().toBody());
      else res.destroy();
    });
  });
}

async function handle(
  deps: ServerDeps,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const path = url.pathname;
  const log = deps.logger.child({ method, path });
  const rawBody = await readBody(req);
  if (rawBody === null) {
    sendJson(res, 413, { error: 'request body too large' });
    return;
  }
  const countIfCreate = (): void => {
    if (isMessagesCreate(method, path)) deps.store.countRejected();
  };

  const media = method === 'GET' ? mediaLocation(deps.rest, path) : undefined;
  if (media && !media.needsAuth) {
    redirect(res, media.location);
    return;
  }

  if (!authorized(req.headers.authorization, deps.accountSid, deps.authToken)) {
    countIfCreate();
    log.info({ status: 401 }, 'unauthenticated request');
    sendError(res, apiErrors.authenticate());
    return;
  }

  if (path.startsWith('/_simulator/')) {
    const answer = await handleControl(deps.control, { method, path, rawBody });
    sendJson(res, answer.status, answer.body);
    return;
  }

  const fault = deps.faults.takeRestFault(method, path);
  if (fault) log.info({ fault: fault.kind }, 'injecting REST fault');
  switch (fault?.kind) {
    case undefined:
      break;
    case 'drop':
      countIfCreate();
      req.socket.destroy();
      return;
    case 'rateLimit':
      countIfCreate();
      sendError(res, apiErrors.tooManyRequests(fault.retryAfterSeconds ?? 1));
      return;
    case 'serverError':
      countIfCreate();
      sendError(res, apiErrors.internal());
      return;
    case 'notFound':
      countIfCreate();
      sendError(res, apiErrors.notFound(path));
      return;
    case 'slow':
      if (!(await deps.scheduler.sleep(fault.delayMs))) {
        req.socket.destroy(); // closing: do not half-handle the request
        return;
      }
      break;
  }

  if (media) {
    redirect(res, media.location);
    log.debug('media redirected to storage');
    return;
  }

  try {
    const query = url.searchParams;
    // The Senders API (messaging v2) takes JSON; api/v2010 takes forms.
    const answer = isSendersPath(path)
      ? handleSenders(deps.store, { method, path, query, rawBody })
      : handleRest(deps.rest, {
          method,
          path,
          query,
          form: method === 'POST' ? new URLSearchParams(rawBody) : new URLSearchParams(),
        });
    if (answer.status === 204)
      res.writeHead(204).end(); // a DELETE: no body, as on Twilio
    else sendJson(res, answer.status, answer.body);
    log.debug({ status: answer.status }, 'answered');
  } catch (error) {
    if (!(error instanceof TwilioApiError)) throw error;
    countIfCreate();
    log.info({ status: error.status, code: error.code }, 'refused');
    sendError(res, error);
  }
}

function redirect(res: http.ServerResponse, location: string): void {
  res.writeHead(307, { Location: location, 'Content-Length': 0 });
  res.end();
}

/**
 * The storage a media URL redirects to, on a listener of its own (another origin, as Twilio's
 * storage is another host): short-lived, unguessable paths served to anyone. A request that
 * brings credentials here is refused loudly: the account's credentials belong to the API's
 * origin only, and a client that forwards them along a redirect hands them to the storage.
 */
export function createStorageServer(deps: Pick<ServerDeps, 'store' | 'logger'>): http.Server {
  return http.createServer((req, res) => serveStorage(deps, req, res));
}

function serveStorage(
  deps: Pick<ServerDeps, 'store' | 'logger'>,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): void {
  const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
  if (req.headers.authorization !== undefined) {
    deps.logger.error({ path }, 'credentials sent to media storage: a client leaked them');
    sendJson(res, 400, { error: 'Authorization header sent to media storage' });
    return;
  }
  const stored = req.method === 'GET' ? deps.store.storedBytes(path) : undefined;
  if (!stored) {
    sendJson(res, 404, { error: 'no such media' });
    return;
  }
  res.writeHead(200, {
    'Content-Type': stored.contentType,
    'Content-Length': stored.bytes.length,
  });
  res.end(stored.bytes);
}

function authorized(header: string | undefined, accountSid: string, authToken: string): boolean {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match?.[1]) return false;
  const given = Buffer.from(Buffer.from(match[1], 'base64').toString('utf8'));
  const expected = Buffer.from(`${accountSid}:${authToken}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The body as text, or null when it is over the limit. */
function readBody(req: http.IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendError(res: http.ServerResponse, error: TwilioApiError): void {
  sendJson(res, error.status, error.toBody(), error.headers);
}

function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.destroyed) return; // the client gave up (e.g. during a slow fault)
  const json = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(json),
    'Twilio-Request-Id': `RQ${randomBytes(16).toString('hex')}`,
  });
  res.end(json);
}
