/**
 * Serve mode's `GET /media/<sha256>`: a kept attachment for the console. Behind the same checks
 * as the commands (Host, Origin, the per-run token), so no other page or program on this
 * machine can read what customers sent; served with the headers every host uses
 * (messaging/keptMedia.ts), never from anywhere but the media folder, never a path.
 *
 * An `<img>` or `<video>` cannot send the bearer token, so a command answered with the token
 * also sets a cookie for `/media/` only: HttpOnly (no script reads it), SameSite=Strict (no other
 * site's page sends it), named after this run's port, its value a secret of this run. The
 * console then loads pictures as plain same-origin URLs, and the CSP keeps `img-src 'self'`.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { keptMediaHeaders, type KeptMedia } from '../messaging/keptMedia';
import { mediaPath } from '../../../shared/types';
import { sameSecret } from './bridgeRequests';

export class MediaCookie {
  private readonly secret = randomBytes(32).toString('base64url');

  constructor(private readonly port: () => number) {}

  private get name(): string {
    return `switchboard_media_${this.port()}`;
  }

  /** The Set-Cookie value for a response to a request that carried the token. */
  header(): string {
    return `${this.name}=${this.secret}; Path=${mediaPath('')}; HttpOnly; SameSite=Strict`;
  }

  presentIn(request: IncomingMessage): boolean {
    for (const part of (request.headers.cookie ?? '').split(';')) {
      const [name, value] = part.trim().split('=', 2);
      if (name === this.name && value !== undefined) return sameSecret(value, this.secret);
    }
    return false;
  }
}

export function serveKeptMedia(
  response: ServerResponse,
  args: {
    allowed: boolean;
    media: KeptMedia | undefined;
    path: string;
    headers: Record<string, string>;
  },
): void {
  if (!args.allowed) {
    response.writeHead(401, { ...args.headers, 'Content-Type': 'text/plain; charset=utf-8' });
    response.end('Sign in from the console first.');
    return;
  }
  const file = args.media?.open(args.path.slice(mediaPath('').length));
  if (!file) {
    response.writeHead(404, { ...args.headers, 'Content-Type': 'text/plain; charset=utf-8' });
    response.end('No such attachment on this computer.');
    return;
  }
  response.writeHead(200, { ...args.headers, ...keptMediaHeaders(file) });
  const stream = createReadStream(file.path);
  stream.on('error', () => response.destroy());
  stream.pipe(response);
}
