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
import type { Readable } from 'node:stream';
import type { StagedAttachment } from '../../../shared/types';
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { keptMediaHeaders, type KeptMedia } from '../messaging/keptMedia';
import { mediaPath } from '../../../shared/types';
import { sameSecret, sendJson } from './bridgeRequests';
import { Refusal } from '../domain/refusal';
import { toCommandError } from './service';

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

/** Where an upload goes: the core keeps it for the conversation's composer (`App.attachments`). */
export interface AttachmentUploads {
  stage(conversationId: number, source: Readable): Promise<StagedAttachment>;
}

const statusForUpload = (kind: string): number =>
  kind === 'invalid' ? 400 : kind === 'failed' ? 422 : 500;

/**
 * Serve mode's `POST /upload/<conversationId>`: the body is the file, streamed to the media folder
 * (the core cuts it at the channel's limit and sniffs its type from the bytes). The caller checked
 * Host, Origin and the token; a refusal answers as a command's does, in the core's words.
 */
export async function receiveUpload(
  request: IncomingMessage,
  response: ServerResponse,
  args: {
    allowed: boolean;
    uploads: AttachmentUploads | undefined;
    path: string;
    headers: Record<string, string>;
  },
): Promise<void> {
  if (!args.allowed) {
    const message = 'Sign in from the console first.';
    sendJson(response, 401, { kind: 'unauthorized', message }, args.headers);
    return;
  }
  const id = Number(args.path.slice('/upload/'.length));
  if (!args.uploads || !Number.isSafeInteger(id) || id <= 0) {
    sendJson(response, 404, { kind: 'invalid', message: 'No such conversation.' }, args.headers);
    return;
  }
  try {
    const staged = await args.uploads.stage(id, request);
    sendJson(response, 200, staged, args.headers);
  } catch (error) {
    const failure =
      error instanceof Refusal
        ? { kind: error.kind, message: error.message }
        : toCommandError(error);
    // The rest of a refused body is not read: close the connection once the answer is out.
    response.setHeader('Connection', 'close');
    sendJson(response, statusForUpload(failure.kind), failure, args.headers);
    if (failure.kind !== 'invalid' && failure.kind !== 'failed') throw error;
  }
}
