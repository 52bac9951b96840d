/**
 * Serve-mode transport of the operator contract: the same OperatorService that Electron IPC calls,
 * reachable from a browser on this machine only.
 *
 *   GET  /, /assets/*      the built renderer (no token: it holds no data)
 *   POST /api/<command>    JSON request → JSON result, or a CommandError with a 4xx/5xx status
 *   WS   /events           every pushed event as {"event","payload"}
 *
 * Both data routes need the per-run token: `Authorization: Bearer <token>` for HTTP, and the
 * subprotocols `switchboard.v1, bearer.<token>` for the WebSocket (browsers cannot set headers on
 * a WebSocket, and a query string would end up in logs and history). Every request must name this
 * listener in its Host header, so a page on another site that re-points its DNS name at 127.0.0.1
 * (DNS rebinding) is refused before anything else happens.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket } from 'ws';
import type { CommandError } from '../../../shared/contract';
import type { Logger } from '../log';
import type { EventListener } from '../../../shared/events';
import { CommandFailure, toCommandError, type OperatorService } from './service';
import { securityHeaders, serveStatic } from './staticFiles';

export interface OperatorBridgeOptions {
  service: OperatorService;
  /** 0 picks a free port. */
  port: number;
  /** The built renderer, e.g. out/renderer. */
  staticDir: string;
  logger: Logger;
}

export interface OperatorBridge {
  /** Open this in a browser: it carries the token once; the page then keeps it in sessionStorage. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const loopback = '127.0.0.1';
const maxBodyBytes = 256 * 1024;
/** A browser tab that stops reading is dropped (it reconnects and reloads) rather than buffered forever. */
const maxBufferedEventBytes = 4 * 1024 * 1024;
export const eventsPath = '/events';
export const eventsSubprotocol = 'switchboard.v1';
export const tokenSubprotocolPrefix = 'bearer.';

const statusFor: Record<CommandError['kind'], number> = {
  invalid: 400,
  unauthorized: 401,
  'unknown-command': 404,
  failed: 422,
  'needs-confirmation': 409,
  superseded: 409,
};

/** Constant-time comparison; hashing first makes both sides the same length. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string>,
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
  });
  response.end(text);
}

class RequestBodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > maxBodyBytes) throw new RequestBodyError(413, 'The request is too large.');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) throw new RequestBodyError(413, 'The request is too large.');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new RequestBodyError(400, 'The request body is not valid JSON.');
  }
}

export async function startOperatorBridge(options: OperatorBridgeOptions): Promise<OperatorBridge> {
  const { service, staticDir } = options;
  const log = options.logger;
  const token = randomBytes(32).toString('base64url');
  // Known once listening; every check below runs after that.
  let port = 0;
  let headers: Record<string, string> = {};

  const hostAllowed = (host: string | undefined) =>
    host !== undefined && [`${loopback}:${port}`, `localhost:${port}`].includes(host.toLowerCase());
  // Browsers send Origin on cross-site requests and on every WebSocket; tools like curl send none.
  const originAllowed = (origin: string | undefined) =>
    origin === undefined ||
    [`http://${loopback}:${port}`, `http://localhost:${port}`].includes(origin.toLowerCase());

  const bearerOk = (request: IncomingMessage) => {
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    return match?.[1] !== undefined && sameSecret(match[1], token);
  };

  async function handleCommand(request: IncomingMessage, response: ServerResponse, name: string) {
    if (!bearerOk(request)) {
      sendJson(
        response,
        401,
        {
          kind: 'unauthorized',
          message:
            'This page is not signed in to Switchboard. Open the link printed by npm run serve.',
        } satisfies CommandError,
        { ...headers, 'WWW-Authenticate': 'Bearer' },
      );
      return;
    }
    // Requiring JSON also keeps plain HTML forms from other sites out (they cannot send it).
    const type = request.headers['content-type'] ?? '';
    if (!/^application\/json\b/i.test(type)) {
      const error: CommandError = {
        kind: 'invalid',
        message: 'Send the request as application/json.',
      };
      sendJson(response, 415, error, headers);
      return;
    }
    let payload: unknown;
    try {
      payload = await readJsonBody(request);
    } catch (error) {
      const status = error instanceof RequestBodyError ? error.status : 400;
      const message =
        error instanceof RequestBodyError ? error.message : 'The request could not be read.';
      sendJson(response, status, { kind: 'invalid', message } satisfies CommandError, {
        ...headers,
        Connection: 'close',
      });
      return;
    }
    try {
      const result = await service.invoke(name, payload);
      sendJson(response, 200, result ?? null, headers);
    } catch (error) {
      const commandError = toCommandError(error);
      const expected = error instanceof CommandFailure;
      if (!expected) log.error({ err: error, command: name }, 'command failed unexpectedly');
      sendJson(response, expected ? statusFor[commandError.kind] : 500, commandError, headers);
    }
  }

  async function handleRequest(request: IncomingMessage, response: ServerResponse) {
    if (!hostAllowed(request.headers.host)) {
      response.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('This address is not served here.');
      return;
    }
    const path = new URL(request.url ?? '/', 'http://placeholder').pathname;
    if (path.startsWith('/api/')) {
      if (!originAllowed(request.headers.origin)) {
        sendJson(
          response,
          403,
          { kind: 'unauthorized', message: 'Cross-site request refused.' },
          headers,
        );
        return;
      }
      if (request.method !== 'POST') {
        sendJson(
          response,
          405,
          { kind: 'invalid', message: 'Commands are sent with POST.' },
          {
            ...headers,
            Allow: 'POST',
          },
        );
        return;
      }
      let name: string;
      try {
        name = decodeURIComponent(path.slice('/api/'.length));
      } catch {
        name = '';
      }
      await handleCommand(request, response, name);
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { ...headers, Allow: 'GET, HEAD' });
      response.end();
      return;
    }
    await serveStatic(request, response, staticDir, path, headers);
  }

  const server = createServer((request, response) => {
    handleRequest(request, response).catch((error: unknown) => {
      log.error({ err: error, method: request.method }, 'request failed');
      if (!response.headersSent) sendJson(response, 500, toCommandError(error), headers);
      else response.destroy();
    });
  });

  const sockets = new WebSocketServer({
    noServer: true,
    // The page never sends anything over this socket; refuse anything big.
    maxPayload: 4 * 1024,
    handleProtocols: (protocols) => (protocols.has(eventsSubprotocol) ? eventsSubprotocol : false),
  });

  const refuseUpgrade = (socket: Duplex, status: string) => {
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const path = new URL(request.url ?? '/', 'http://placeholder').pathname;
    if (!hostAllowed(request.headers.host) || !originAllowed(request.headers.origin)) {
      refuseUpgrade(socket, '403 Forbidden');
      return;
    }
    if (path !== eventsPath) {
      refuseUpgrade(socket, '404 Not Found');
      return;
    }
    const offered = (request.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim());
    const given = offered.find((p) => p.startsWith(tokenSubprotocolPrefix));
    if (!given || !sameSecret(given.slice(tokenSubprotocolPrefix.length), token)) {
      refuseUpgrade(socket, '401 Unauthorized');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (client) => {
      client.on('error', (error) => log.warn({ err: error }, 'event socket error'));
      sockets.emit('connection', client, request);
    });
  });

  const forward: EventListener = (event, payload) => {
    const frame = JSON.stringify({ event, payload });
    for (const client of sockets.clients) {
      if (client.readyState !== WebSocket.OPEN) continue;
      if (client.bufferedAmount > maxBufferedEventBytes) {
        log.warn({ event }, 'event socket is not reading; dropping it');
        client.terminate();
        continue;
      }
      client.send(frame);
    }
  };
  // Listen to the core only while a page is connected: with nobody watching, the core skips
  // building event payloads altogether (EventBus.hasListeners), which matters during a burst.
  // ws drops a closed client from `sockets.clients` before this 'close' listener runs.
  let unsubscribe: (() => void) | undefined;
  sockets.on('connection', (client: WebSocket) => {
    unsubscribe ??= service.subscribe(forward);
    client.on('close', () => {
      if (sockets.clients.size > 0) return;
      unsubscribe?.();
      unsubscribe = undefined;
    });
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, loopback, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    sockets.close();
    throw error;
  }
  port = (server.address() as AddressInfo).port;
  headers = securityHeaders(port);
  log.info({ port }, 'operator listener ready on loopback');

  let closing: Promise<void> | undefined;
  return {
    url: `http://${loopback}:${port}/?token=${token}`,
    port,
    token,
    close() {
      closing ??= new Promise<void>((resolve) => {
        unsubscribe?.();
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
