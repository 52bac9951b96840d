/**
 * `GET <public URL>/media-out/<token>`: an attachment the operator sent, for Twilio to fetch.
 * The token is 256 random bits made for one item of one send attempt (`messaging/outboundMedia.ts`);
 * only its hash is stored. It opens that item only, until its time is up or its message reached a
 * final status, and then never again. Nothing else of the media folder is reachable: there is no
 * listing and no path, only a token that names a row.
 */
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../log';
import type { MediaOutFile, MediaOutLookup } from '../messaging/outboundMedia';

/** What answering a link needs from the listener: its refusal record and its log. */
export interface MediaOutDeps {
  lookup: MediaOutLookup;
  /** Records a refused request (the listener's refusal log) and then sends the reply. */
  refuse: (reply: { status: number; body: string }, reason: string) => void;
  logger: Logger;
}

/**
 * A link Twilio fetches an attachment with: GET or HEAD only; anything unknown, expired or
 * closed is a 404 recorded like any refused request. The caller keeps the token out of both.
 */
export function answerMediaOut(
  req: IncomingMessage,
  res: ServerResponse,
  token: string,
  deps: MediaOutDeps,
): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    deps.refuse({ status: 405, body: 'Use GET' }, 'method not allowed');
    return;
  }
  const file = deps.lookup(token);
  if (!file) {
    deps.refuse({ status: 404, body: 'Not found' }, 'attachment link unknown, expired or closed');
    return;
  }
  sendMediaOut(res, file, { head: req.method === 'HEAD', logger: deps.logger });
}

/** Streams the file (or only its headers, for HEAD). The token is never logged. */
function sendMediaOut(
  res: ServerResponse,
  file: MediaOutFile,
  args: { head: boolean; logger: Logger },
): void {
  res.writeHead(200, {
    'content-type': file.contentType,
    'content-length': String(file.size),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  args.logger.info(
    { messageId: file.messageId, head: args.head },
    'attachment fetched by the carrier',
  );
  if (args.head) {
    res.end();
    return;
  }
  const stream = createReadStream(file.path);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}
