/**
 * The one file that imports the `twilio` SDK. Everything else talks to Twilio through what this
 * file exports, so an SDK upgrade or a quirk fix happens here and nowhere else.
 */
import { timingSafeEqual } from 'node:crypto';
import twilio from 'twilio';
import type RequestClientTypes from 'twilio/lib/base/RequestClient';
import type TwilioResponse from 'twilio/lib/http/response';

export type TwilioClient = twilio.Twilio;
export const RestException = twilio.RestException;

export interface TwilioClientOptions {
  accountSid: string;
  authToken: string;
  /**
   * Where the REST API lives. Unset = Twilio itself; the carrier simulator sets its loopback URL.
   */
  apiBaseUrl?: string | undefined;
  timeoutMs?: number | undefined;
}

/**
 * Twilio refused the request because of its REST concurrency limit (HTTP 429, code 20429). The
 * SDK's RestException drops the response headers, so the Retry-After hint is carried here.
 */
export class TwilioRateLimitError extends Error {
  override name = 'TwilioRateLimitError';
  readonly code = 20429;
  readonly status = 429;
  constructor(readonly retryAfterMs: number | null) {
    super('Twilio is receiving too many requests from this account right now (20429).');
  }
}

/**
 * Our HTTP client for the SDK: surfaces Retry-After on 429s and, for the simulator, rewrites the
 * scheme and host of every request (the SDK has no base-URL option; the host is hard-coded).
 */
class SwitchboardRequestClient extends twilio.RequestClient {
  constructor(
    private readonly baseUrl: string | undefined,
    timeoutMs: number,
  ) {
    super({ timeout: timeoutMs, keepAlive: true });
  }

  override async request<TData>(
    opts: RequestClientTypes.RequestOptions<TData>,
  ): Promise<TwilioResponse<TData>> {
    const uri = this.baseUrl ? opts.uri.replace(/^https:\/\/[^/]+/, this.baseUrl) : opts.uri;
    const response = await super.request({ ...opts, uri });
    if (response.statusCode === 429) {
      throw new TwilioRateLimitError(parseRetryAfter(headerValue(response.headers, 'retry-after')));
    }
    return response;
  }
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? String(value[0]) : String(value);
  }
  return undefined;
}

/** Retry-After is seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

export function createTwilioClient(options: TwilioClientOptions): TwilioClient {
  const base = options.apiBaseUrl?.replace(/\/+$/, '');
  return twilio(options.accountSid, options.authToken, {
    autoRetry: false, // our queue owns retries, with backoff and a visible record
    httpClient: new SwitchboardRequestClient(base, options.timeoutMs ?? 15_000),
  });
}

export type WebhookParams = Record<string, string | string[]>;

/**
 * Checks X-Twilio-Signature against the URL Twilio requested (the public URL, not ours).
 *
 * At most two HMACs per request, whatever is sent: the exact URL (what Twilio signs), then the
 * same URL with the scheme's default port added or removed (Twilio signs HTTPS URLs either way).
 * The SDK's validateRequest would also try re-encoded variants, up to six HMACs and as many URL
 * parses for every forged request that reaches the public listener.
 */
export function isValidTwilioSignature(
  authToken: string,
  signature: string,
  url: string,
  params: WebhookParams,
): boolean {
  const given = Buffer.from(signature);
  const matches = (candidate: string) => {
    const expected = Buffer.from(twilio.getExpectedTwilioSignature(authToken, candidate, params));
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  if (matches(url)) return true;
  const other = withOtherPortForm(url);
  return other !== null && matches(other);
}

/** `https://h/p` ⇄ `https://h:443/p` (and 80 for http); null when the URL has another port. */
function withOtherPortForm(url: string): string | null {
  const match = /^(https?):\/\/([^/?#:]+)(:\d+)?(.*)$/i.exec(url);
  if (!match) return null;
  const [, scheme, host, port, rest] = match as unknown as [string, string, string, string | undefined, string]; // prettier-ignore
  const defaultPort = scheme.toLowerCase() === 'https' ? ':443' : ':80';
  if (port === undefined) return `${scheme}://${host}${defaultPort}${rest}`;
  return port === defaultPort ? `${scheme}://${host}${rest}` : null;
}

/** What Twilio would put in X-Twilio-Signature; the simulator signs its webhooks with it. */
export function twilioSignature(authToken: string, url: string, params: WebhookParams): string {
  return twilio.getExpectedTwilioSignature(authToken, url, params);
}

/** Twilio's empty TwiML answer: "received, no reply from here". */
export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';
