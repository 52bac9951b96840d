import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log';
import { MEDIA_OUT_PREFIX } from '../messaging/outboundMedia';
import type { MediaOutLookup } from '../messaging/outboundMedia';
import { answerMediaOut } from './mediaOut';

/** Twilio refuses bodies over 64 kB; anything larger is not from Twilio. */
export const MAX_BODY_BYTES = 64 * 1024;

/** Open connections the listener keeps at once (the ingest benchmark uses up to 256). */
export const MAX_CONNECTIONS = 512;

export const routes = {
  inbound: '/webhooks/twilio/sms',
  status: '/webhooks/twilio/status',
  health: '/health',
  /** Going live: a signed request through the public URL must reach us (setup:selfTest). */
  selfTest: '/webhooks/twilio/selftest',
} as const;

export interface WebhookRequest {
  route: string;
  /** Path and query exactly as requested: what the signature covers after the public base URL. */
  pathAndQuery: string;
  method: string;
  headers: Record<string, string>;
  rawBody: string;
}

export interface WebhookReply {
  status: number;
  contentType: string;
  body: string;
}

export interface WebhookProcessor {
  handle(request: WebhookRequest): Promise<WebhookReply>;
  /** Requests refused before they could be read (too large, wrong method, unknown route). */
  refused(
    request: Omit<WebhookRequest, 'rawBody'>,
    reply: WebhookReply,
    reason: string,
  ): Promise<void>;
  health(): Record<string, unknown>;
  /** Writes what it still holds (counts of refused requests); called when the listener closes. */
  close(): Promise<void>;
}

export interface WebhookListener {
  /** Local base URL, e.g. http://127.0.0.1:53121 (what a tunnel forwards to). */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Headers worth keeping in the webhook log (the rest is noise or set by proxies). */
const loggedHeaders = [
  'content-type',
  'content-length',
  'user-agent',
  'x-twilio-signature',
  'i-twilio-idempotency-token',
  'x-forwarded-for',
  'x-forwarded-proto',
  'host',
];

function pickHeaders(req: IncomingMessage): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of loggedHeaders) {
    const value = req.headers[name];
    if (typeof value === 'string') picked[name] = value;
  }
  return picked;
}

const text = (status: number, body: string): WebhookReply => ({
  status,
  contentType: 'text/plain; charset=utf-8',
  body: `${body}\n`,
});

/**
 * The webhook listener: the only server a tunnel may forward to. It serves the two Twilio routes
 * and a health check, and nothing of the operator's. HTTP plumbing only; what a request means is
 * the processor's business.
 */
export async function startWebhookListener(options: {
  port: number;
  host?: string;
  processor: WebhookProcessor;
  logger: Logger;
  /** Answers the self-test route (not a Twilio request: it is not logged). */
  selfTest?: (request: WebhookRequest) => WebhookReply;
  /** Attachments the operator sent, for Twilio to fetch by token (`/media-out/<token>`). */
  mediaOut?: MediaOutLookup;
}): Promise<WebhookListener> {
  const { processor, logger } = options;

  const send = (res: ServerResponse, reply: WebhookReply) => {
    res.writeHead(reply.status, {
      'content-type': reply.contentType,
      'content-length': Buffer.byteLength(reply.body),
    });
    res.end(reply.body);
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const pathAndQuery = req.url ?? '/';
    const route = pathAndQuery.split('?')[0] ?? '/';
    const meta = { route, pathAndQuery, method: req.method ?? 'GET', headers: pickHeaders(req) };

    if (route === routes.health && req.method === 'GET') {
      const body = JSON.stringify(processor.health());
      send(res, { status: 200, contentType: 'application/json', body });
      return;
    }
    const refuseAs = (what: typeof meta, reply: WebhookReply, reason: string) => {
      // Stop reading a body we will not use, but let the response go out first.
      res.setHeader('connection', 'close');
      processor
        .refused(what, reply, reason)
        .catch((error: unknown) => logger.error({ err: error }, 'could not log a refused webhook'))
        .finally(() => send(res, reply));
    };
    const refuse = (reply: WebhookReply, reason: string) => refuseAs(meta, reply, reason);
    if (route.startsWith(MEDIA_OUT_PREFIX) && options.mediaOut) {
      // The token stays out of the log and the refusal record: they see `/media-out/…` only.
      const hidden = {
        ...meta,
        route: `${MEDIA_OUT_PREFIX}…`,
        pathAndQuery: `${MEDIA_OUT_PREFIX}…`,
      };
      answerMediaOut(req, res, route.slice(MEDIA_OUT_PREFIX.length), {
        lookup: options.mediaOut,
        logger,
        refuse: (reply, reason) => refuseAs(hidden, text(reply.status, reply.body), reason),
      });
      return;
    }
    const isSelfTest = route === routes.selfTest && options.selfTest !== undefined;
    if (route !== routes.inbound && route !== routes.status && !isSelfTest) {
      refuse(text(404, 'Not found'), 'unknown route');
      return;
    }
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      refuse(text(405, 'Use POST'), 'method not allowed');
      return;
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) {
      refuse(text(413, 'Body too large (limit 64 KiB)'), 'body too large');
      return;
    }

    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        tooLarge = true;
        chunks.length = 0;
        refuse(text(413, 'Body too large (limit 64 KiB)'), 'body too large');
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (tooLarge) return;
      const rawBody = Buffer.concat(chunks).toString('utf8');
      if (isSelfTest) {
        send(res, options.selfTest!({ ...meta, rawBody }));
        return;
      }
      processor.handle({ ...meta, rawBody }).then(
        (reply) => send(res, reply),
        (error: unknown) => {
          // The store refused the write: answer 500 so Twilio (or the sender) can try again.
          logger.error({ err: error, route }, 'webhook could not be stored');
          send(res, text(500, 'Could not store the request; try again'));
        },
      );
    });
    req.on('error', (error) => logger.warn({ err: error, route }, 'webhook request aborted'));
  };

  // Node checks request and header timeouts only every `connectionsCheckingInterval` (30 s by
  // default), so a body trickled a byte a second held its socket for up to 45 s; checked every
  // second, it is cut 15–16 s after the request began.
  const server: Server = createServer({ connectionsCheckingInterval: 1_000 }, handle);
  // Twilio waits at most 15 s; a slow or idle client must not hold sockets for longer.
  server.requestTimeout = 15_000;
  server.headersTimeout = 10_000;
  server.keepAliveTimeout = 5_000;
  // Open sockets are capped (Node closes the ones beyond): a flood of idle connections through
  // the tunnel cannot exhaust file descriptors. Twilio needs far fewer.
  server.maxConnections = MAX_CONNECTIONS;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(() => processor.close()),
  };
}
