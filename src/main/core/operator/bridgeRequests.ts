/**
 * The serve-mode bridge's command route: `POST /api/<command>` with a JSON body, answered with the
 * result or a CommandError and the HTTP status for its kind.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CommandError } from '../../../shared/contract';
import type { Logger } from '../log';
import { CommandFailure, toCommandError, type OperatorService } from './service';

const maxBodyBytes = 256 * 1024;
/**
 * Commands that carry a file: a document for the knowledge (20 MB as base64). Read only after the
 * bearer token was checked, so a page without it cannot make the bridge hold that much.
 */
const fileBodyBytes: Record<string, number> = { 'knowledge:importFile': 28 * 1024 * 1024 };

const statusFor: Record<CommandError['kind'], number> = {
  invalid: 400,
  unauthorized: 401,
  'unknown-command': 404,
  failed: 422,
  'needs-confirmation': 409,
  superseded: 409,
};

/** Constant-time comparison; hashing first makes both sides the same length. */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export function sendJson(
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

async function readJsonBody(request: IncomingMessage, limit: number): Promise<unknown> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) throw new RequestBodyError(413, 'The request is too large.');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new RequestBodyError(413, 'The request is too large.');
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

export interface CommandRoute {
  service: OperatorService;
  log: Logger;
  /** The security headers for this listener (known once it listens). */
  headers: Record<string, string>;
  bearerOk: (request: IncomingMessage) => boolean;
  /** What a request without the right token is told (serve mode's link, or a hub's token). */
  signInHint: string;
}

export async function answerCommand(
  bridge: CommandRoute,
  request: IncomingMessage,
  response: ServerResponse,
  name: string,
): Promise<void> {
  const { service, log, headers } = bridge;
  if (!bridge.bearerOk(request)) {
    sendJson(
      response,
      401,
      {
        kind: 'unauthorized',
        message: `This page is not signed in to Switchboard. ${bridge.signInHint}`,
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
    payload = await readJsonBody(request, fileBodyBytes[name] ?? maxBodyBytes);
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
