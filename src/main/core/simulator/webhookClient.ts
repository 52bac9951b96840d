/**
 * How the simulator calls the app back, the way Twilio does: a form-encoded POST (or a GET with the
 * params in the query) signed with X-Twilio-Signature over the exact URL requested. Fragments
 * (#rc=3 connection overrides) are neither sent nor signed, as on Twilio.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { twilioSignature } from '../carriers/twilioSdk';

/** Twilio's default total timeout for a webhook answer. */
const WEBHOOK_TIMEOUT_MS = 15_000;

export interface SignedRequest {
  url: string;
  method: 'GET' | 'POST';
  params: Record<string, string>;
  authToken: string;
  /** Aborts the request (the simulator is closing). */
  signal: AbortSignal;
  /** Twilio repeats it on retries of the same webhook; duplicates share it. */
  idempotencyToken?: string;
}

/** Resolves the HTTP status the target answered, or null if it could not be reached. Never rejects. */
export function sendSignedRequest(request: SignedRequest): Promise<number | null> {
  const target = new URL(request.url);
  target.hash = '';
  const formBody = new URLSearchParams(request.params).toString();
  let signedUrl: string;
  let signedParams: Record<string, string>;
  if (request.method === 'GET') {
    // GET webhooks carry the params in the query; the signature then covers the URL alone.
    for (const [name, value] of Object.entries(request.params))
      target.searchParams.append(name, value);
    signedUrl = target.toString();
    signedParams = {};
  } else {
    signedUrl = target.toString();
    signedParams = request.params;
  }
  const headers: Record<string, string> = {
    'X-Twilio-Signature': twilioSignature(request.authToken, signedUrl, signedParams),
    'I-Twilio-Idempotency-Token': request.idempotencyToken ?? randomUUID(),
    'User-Agent': 'TwilioProxy/1.1',
    Accept: '*/*',
    Connection: 'close',
  };
  if (request.method === 'POST') {
    headers['Content-Type'] = 'application/x-www-form-urlencoded; charset=UTF-8';
    headers['Content-Length'] = String(Buffer.byteLength(formBody));
  }

  return new Promise((resolve) => {
    if (request.signal.aborted) return resolve(null);
    const transport = target.protocol === 'https:' ? https : http;
    const req = transport.request(signedUrl, {
      method: request.method,
      headers,
      agent: false, // no keep-alive pool: nothing lingers after close()
      signal: request.signal,
      timeout: WEBHOOK_TIMEOUT_MS,
    });
    req.on('response', (res) => {
      res.resume(); // the answer (TwiML) is read and ignored; a reply is not simulated
      res.on('end', () => resolve(res.statusCode ?? null));
      res.on('error', () => resolve(res.statusCode ?? null));
    });
    req.on('timeout', () => req.destroy(new Error('webhook timed out')));
    req.on('error', () => resolve(null));
    req.end(request.method === 'POST' ? formBody : undefined);
  });
}
