/**
 * The serve-mode bridge's event route: `WS /events`, every pushed event as {"event","payload"}.
 * The token travels as a subprotocol (browsers cannot set headers on a WebSocket, and a query
 * string would end up in logs and history).
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket } from 'ws';
import type { Logger } from '../log';
import { sameSecret } from './bridgeRequests';
import type { EventListener, OperatorService } from './service';

/** A browser tab that stops reading is dropped (it reconnects and reloads) rather than buffered forever. */
const maxBufferedEventBytes = 4 * 1024 * 1024;
export const eventsPath = '/events';
export const eventsSubprotocol = 'switchboard.v1';
export const tokenSubprotocolPrefix = 'bearer.';

export interface EventRoute {
  service: OperatorService;
  log: Logger;
  token: string;
  /** Host and Origin checks of the listener (DNS rebinding, other sites). */
  requestAllowed: (request: IncomingMessage) => boolean;
}

/** Serves the event socket on `server`; returns what closes it. */
export function serveEvents(server: Server, route: EventRoute): { close(): void } {
  const { service, log, token } = route;
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
    if (!route.requestAllowed(request)) {
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

  return {
    close() {
      unsubscribe?.();
      for (const client of sockets.clients) client.terminate();
      sockets.close();
    },
  };
}
