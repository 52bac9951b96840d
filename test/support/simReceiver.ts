/**
 * A tiny webhook receiver for simulator tests: records every form request it gets, checks its
 * X-Twilio-Signature against the exact URL requested, and lets a test wait for what it expects
 * (a signal, not a sleep).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { EMPTY_TWIML, isValidTwilioSignature } from '../../src/main/core/carriers/twilioSdk';

export interface ReceivedRequest {
  method: string;
  /** Path + query as requested. */
  path: string;
  /** The full URL the signature was checked against. */
  url: string;
  params: Record<string, string>;
  signatureValid: boolean;
  idempotencyToken: string | undefined;
}

export interface SimReceiver {
  /** 'http://127.0.0.1:PORT'; append any path. */
  readonly url: string;
  readonly received: ReceivedRequest[];
  /** Resolves with the requests so far once `done(all)` holds; rejects after `timeoutMs`. */
  waitFor(
    done: (all: ReceivedRequest[]) => boolean,
    timeoutMs?: number,
  ): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

export async function startSimReceiver(
  authToken: string,
  answerStatus = 200,
): Promise<SimReceiver> {
  const received: ReceivedRequest[] = [];
  const waiters = new Set<() => void>();
  let base = '';

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = base + (req.url ?? '/');
      const method = req.method ?? 'GET';
      const form = new URLSearchParams(
        method === 'POST' ? Buffer.concat(chunks).toString('utf8') : '',
      );
      const params = Object.fromEntries(form);
      const signature = req.headers['x-twilio-signature'];
      received.push({
        method,
        path: req.url ?? '/',
        url,
        params,
        signatureValid:
          typeof signature === 'string' &&
          isValidTwilioSignature(authToken, signature, url, params),
        idempotencyToken: headerValue(req.headers['i-twilio-idempotency-token']),
      });
      res.writeHead(answerStatus, { 'Content-Type': 'text/xml' });
      res.end(EMPTY_TWIML);
      for (const wake of [...waiters]) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    received,
    waitFor(done, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (!done(received)) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve([...received]);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `receiver: condition not met; got ${JSON.stringify(received.map((r) => r.params))}`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
