/**
 * The load generator: undici's connection pool (one request at a time per connection, as Twilio
 * sends), with every request body built and signed before the clock starts, so the client loop
 * only writes bytes and reads answers. The client shares the machine's two cores with the server:
 * undici costs about half of node:http's CPU per request, which leaves that much more to whichever
 * server is measured.
 *
 * Two shapes of load:
 * - closed loop ("full speed"): a fixed number of requests in flight, each sent when one returns;
 *   measures the most the server sustains.
 * - open loop ("fixed rate"): requests are scheduled on a timetable whether or not the server
 *   kept up, and latency runs from the *scheduled* send time. A closed-loop client at a fixed rate
 *   would stop sending while the server stalls and hide the stall (coordinated omission).
 */
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { twilioSignature } from '../../src/main/core/carriers/twilioSdk';
import { BUSINESS_NUMBER, INBOUND_ROUTE } from './targets';

export interface SignedRequest {
  body: Buffer;
  signature: string;
}

/** Distinct senders, so contacts and conversations are created as well as reused. */
const SENDERS = 500;

/**
 * `count` inbound-SMS webhooks as Twilio sends them, each with a fresh MessageSid, signed over
 * `baseUrl` + the inbound route with `authToken`.
 */
export function buildSignedRequests(
  count: number,
  options: { baseUrl: string; authToken: string; accountSid: string; runTag: number },
): SignedRequest[] {
  const url = options.baseUrl + INBOUND_ROUTE;
  const tag = options.runTag.toString(16).padStart(8, '0');
  const requests: SignedRequest[] = [];
  for (let i = 0; i < count; i++) {
    const sid = `SM${tag}${i.toString(16).padStart(24, '0')}`;
    const params: Record<string, string> = {
      ToCountry: 'US',
      SmsMessageSid: sid,
      NumMedia: '0',
      SmsSid: sid,
      SmsStatus: 'received',
      Body: `Hi, are you open on Saturday? (#${i})`,
      To: BUSINESS_NUMBER,
      NumSegments: '1',
      MessageSid: sid,
      AccountSid: options.accountSid,
      From: `+1415555${(1000 + (i % SENDERS)).toString()}`,
      ApiVersion: '2010-04-01',
    };
    requests.push({
      body: Buffer.from(new URLSearchParams(params).toString()),
      signature: twilioSignature(options.authToken, url, params),
    });
  }
  return requests;
}

export interface LoadResult {
  sent: number;
  /** Answers with status 200. */
  ok: number;
  /** Non-200 answers by status, and transport errors / timeouts by message. */
  failures: Map<string, number>;
  elapsedMs: number;
  /** Latency of every answered request (any status), ms. */
  latencies: Float64Array;
  /** Open loop only: how late the client itself sent each request (its own scheduling lag), ms. */
  sendLag?: Float64Array;
}

const REQUEST_TIMEOUT_MS = 30_000;

/** Sends one request; resolves with the status, or a short error label. */
async function send(pool: Pool, item: SignedRequest): Promise<number | string> {
  try {
    const response = await pool.request({
      method: 'POST',
      path: INBOUND_ROUTE,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': item.signature,
        'user-agent': 'TwilioProxy/1.1',
      },
      body: item.body,
      headersTimeout: REQUEST_TIMEOUT_MS,
      bodyTimeout: REQUEST_TIMEOUT_MS,
    });
    await response.body.dump();
    return response.statusCode;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function record(result: { ok: number; failures: Map<string, number> }, outcome: number | string) {
  if (outcome === 200) {
    result.ok += 1;
    return;
  }
  const key = typeof outcome === 'number' ? `HTTP ${outcome}` : outcome;
  result.failures.set(key, (result.failures.get(key) ?? 0) + 1);
}

/**
 * Closed loop: `concurrency` requests in flight until `requests` are done or `maxMs` passed
 * (then no new request starts; the ones in flight finish).
 */
export async function runClosedLoop(
  baseUrl: string,
  requests: readonly SignedRequest[],
  options: { concurrency: number; maxMs: number },
): Promise<LoadResult> {
  const pool = new Pool(baseUrl, { connections: options.concurrency, pipelining: 1 });
  const latencies = new Float64Array(requests.length);
  const result = { ok: 0, failures: new Map<string, number>() };
  let next = 0;
  let answered = 0;
  const started = performance.now();
  const deadline = started + options.maxMs;

  const lane = async () => {
    while (next < requests.length && performance.now() < deadline) {
      const item = requests[next++]!;
      const t0 = performance.now();
      const outcome = await send(pool, item);
      latencies[answered++] = performance.now() - t0;
      record(result, outcome);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, lane));
  const elapsedMs = performance.now() - started;
  await pool.destroy();
  return { sent: next, ...result, elapsedMs, latencies: latencies.subarray(0, answered) };
}

/**
 * Open loop: request i is due at start + i / ratePerSecond, for `seconds`. A 1 ms timer sends
 * whatever is due; latency is measured from the due time, so client lag counts against the
 * server (pessimistic) and is reported separately as send lag.
 */
export async function runOpenLoop(
  baseUrl: string,
  requests: readonly SignedRequest[],
  options: {
    ratePerSecond: number;
    seconds: number;
    /** Stops scheduling early once this returns true (the scale bench: "until the backup ended"). */
    stopWhen?: () => boolean;
  },
): Promise<LoadResult> {
  let total = Math.min(requests.length, Math.round(options.ratePerSecond * options.seconds));
  // Enough connections that a stalled server sees the backlog; beyond that requests wait in the
  // pool (still on the clock, since latency starts at the due time).
  const pool = new Pool(baseUrl, { connections: 256, pipelining: 1 });
  const latencies = new Float64Array(total);
  const sendLag = new Float64Array(total);
  const result = { ok: 0, failures: new Map<string, number>() };
  const intervalMs = 1000 / options.ratePerSecond;
  const inFlight: Array<Promise<void>> = [];
  let answered = 0;
  let next = 0;
  const started = performance.now();

  await new Promise<void>((done) => {
    const tick = () => {
      const now = performance.now();
      if (options.stopWhen?.()) total = next;
      while (next < total && started + next * intervalMs <= now) {
        const due = started + next * intervalMs;
        sendLag[next] = now - due;
        const item = requests[next]!;
        next += 1;
        inFlight.push(
          send(pool, item).then((outcome) => {
            latencies[answered++] = performance.now() - due;
            record(result, outcome);
          }),
        );
      }
      if (next < total) setTimeout(tick, 1);
      else done();
    };
    tick();
  });
  await Promise.all(inFlight);
  const elapsedMs = performance.now() - started;
  await pool.destroy();
  return { sent: next, ...result, elapsedMs, latencies: latencies.subarray(0, answered), sendLag };
}

export interface Summary {
  p50: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles, ms. */
export function summarize(values: Float64Array): Summary {
  if (values.length === 0) return { p50: NaN, p99: NaN, max: NaN };
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1]! };
}
