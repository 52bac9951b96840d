/**
 * Serve-mode transport of the operator contract: the same OperatorService that Electron IPC calls,
 * reachable from a browser on this machine only.
 *
 *   GET  /, /assets/*      the built renderer (no token: it holds no data)
 *   POST /api/<command>    JSON request → JSON result, or a CommandError with a 4xx/5xx status
 *   GET  /media/<sha256>   a kept attachment (the token, or the cookie a command with it set)
 *   POST /upload/<id>      a picture or PDF for that conversation's composer (the body is the file)
 *   WS   /events           every pushed event as {"event","payload"}
 *
 * The data routes need the per-run token: `Authorization: Bearer <token>` for HTTP, and the
 * subprotocols `switchboard.v1, bearer.<token>` for the WebSocket (browsers cannot set headers on
 * a WebSocket, and a query string would end up in logs and history). Every request must name this
 * listener in its Host header, so a page on another site that re-points its DNS name at 127.0.0.1
 * (DNS rebinding) is refused before anything else happens.
 *
 * A hub (`npm run hub`) serves consoles on other machines through a reverse proxy: the token comes
 * from the environment and is typed once on the console's sign-in screen, any Host is accepted
 * (the proxy names it; without the token a rebound page reads nothing), and TLS is the proxy's.
 */
import { randomBytes } from 'node:crypto';
import { mediaPath } from '../../../shared/types';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log';
import type { KeptMedia } from '../messaging/keptMedia';
import { MediaCookie, receiveUpload, serveKeptMedia, type AttachmentUploads } from './bridgeMedia';
import { serveEvents } from './bridgeEvents';
import { answerCommand, sameSecret, sendJson } from './bridgeRequests';
import { toCommandError, type OperatorService } from './service';
import { securityHeaders, serveStatic } from './staticFiles';

export { eventsPath, eventsSubprotocol, tokenSubprotocolPrefix } from './bridgeEvents';

export interface OperatorBridgeOptions {
  service: OperatorService;
  /** 0 picks a free port. */
  port: number;
  /** The built renderer, e.g. out/renderer. */
  staticDir: string;
  /** Attachments kept on the laptop (`App.media`); without it `/media/` finds nothing. */
  media?: KeptMedia;
  /** Where uploads go (`App.attachments`); without it `/upload/` finds nothing. */
  uploads?: AttachmentUploads;
  logger: Logger;
  /**
   * A hub (`npm run hub`): consoles on other machines sign in with this fixed token (from the
   * environment) instead of a per-run one, and any host name is accepted (a reverse proxy or
   * tunnel names its own); the token stands in for the loopback-only check.
   */
  hub?: { token: string; host: string };
}

export interface OperatorBridge {
  /**
   * Open this in a browser: it carries the token once; the page then keeps it in sessionStorage.
   * A hub's carries no token (the console asks for it once).
   */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const loopback = '127.0.0.1';
const MEDIA_PREFIX = mediaPath('');
const UPLOAD_PREFIX = '/upload/';

export async function startOperatorBridge(options: OperatorBridgeOptions): Promise<OperatorBridge> {
  const { service, staticDir } = options;
  const log = options.logger;
  const { hub } = options;
  const token = hub?.token ?? randomBytes(32).toString('base64url');
  const bindHost = hub?.host ?? loopback;
  // Known once listening; every check below runs after that.
  let port = 0;
  let headers: Record<string, string> = {};

  const { hostAllowed, originAllowed, bearerOk } = accessChecks(hub, token, () => port);
  const hint = signInHint(hub);
  const mediaCookie = new MediaCookie(() => port);

  async function handleRequest(request: IncomingMessage, response: ServerResponse) {
    if (!hostAllowed(request.headers.host)) {
      response.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('This address is not served here.');
      return;
    }
    const path = new URL(request.url ?? '/', 'http://placeholder').pathname;
    if (path.startsWith('/api/')) {
      if (!originAllowed(request)) {
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
      // The console's pictures load with a cookie only a page holding the token gets.
      if (bearerOk(request)) response.setHeader('Set-Cookie', mediaCookie.header());
      const route = { service, log, headers, bearerOk, signInHint: hint };
      await answerCommand(route, request, response, name);
      return;
    }
    if (path.startsWith(UPLOAD_PREFIX) && request.method === 'POST') {
      const allowed = originAllowed(request) && bearerOk(request);
      await receiveUpload(request, response, { allowed, uploads: options.uploads, path, headers });
      return;
    }
    if (path.startsWith(MEDIA_PREFIX) && request.method === 'GET') {
      const allowed =
        originAllowed(request) && (bearerOk(request) || mediaCookie.presentIn(request));
      serveKeptMedia(response, { allowed, media: options.media, path, headers });
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

  const events = serveEvents(server, {
    service,
    log,
    token,
    requestAllowed: (request) => hostAllowed(request.headers.host) && originAllowed(request),
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, bindHost, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    events.close();
    throw error;
  }
  port = (server.address() as AddressInfo).port;
  headers = securityHeaders(hub ? undefined : port);
  log.info({ port, host: bindHost }, 'operator listener ready');

  let closing: Promise<void> | undefined;
  return {
    url: hub
      ? `http://${urlHost(bindHost)}:${port}/`
      : `http://${loopback}:${port}/?token=${token}`,
    port,
    token,
    close() {
      closing ??= new Promise<void>((resolve) => {
        events.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/**
 * Who may use the listener. Serve mode: only pages of this listener on loopback (Host and Origin
 * name it, so DNS rebinding and other sites are refused before anything else). A hub: any host
 * name (its proxy or tunnel picks it), an Origin that names the Host it was sent to, and the
 * token everywhere.
 */
function accessChecks(
  hub: OperatorBridgeOptions['hub'],
  token: string,
  port: () => number,
): {
  hostAllowed: (host: string | undefined) => boolean;
  originAllowed: (request: IncomingMessage) => boolean;
  bearerOk: (request: IncomingMessage) => boolean;
} {
  const ours = () => [`${loopback}:${port()}`, `localhost:${port()}`];
  return {
    hostAllowed: (host) =>
      host !== undefined && (hub !== undefined || ours().includes(host.toLowerCase())),
    // Browsers send Origin on cross-site requests and on every WebSocket; tools like curl send none.
    originAllowed: (request) => {
      const origin = request.headers.origin?.toLowerCase();
      if (origin === undefined) return true;
      if (hub) return sameHost(origin, request.headers.host);
      return ours().some((host) => origin === `http://${host}`);
    },
    bearerOk: (request) => {
      const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
      return match?.[1] !== undefined && sameSecret(match[1], token);
    },
  };
}

const signInHint = (hub: OperatorBridgeOptions['hub']): string =>
  hub
    ? "Sign in with the hub's token (SWITCHBOARD_HUB_TOKEN)."
    : 'Open the link printed by npm run serve.';

/** Whether an Origin names the host the request was sent to (scheme aside: a proxy may add TLS). */
function sameHost(origin: string, host: string | undefined): boolean {
  if (host === undefined) return false;
  try {
    return new URL(origin).host === host.toLowerCase();
  } catch {
    return false;
  }
}

/** The bind address as a URL's host: every interface is reached through this machine's loopback. */
function urlHost(bindHost: string): string {
  if (bindHost === '0.0.0.0' || bindHost === '::') return loopback;
  return bindHost.includes(':') ? `[${bindHost}]` : bindHost;
}
