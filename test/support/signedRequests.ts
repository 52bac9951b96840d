import { twilioSignature, type WebhookParams } from '../../src/main/core/carriers/twilioSdk';

export interface PostOptions {
  /** Base URL the signature is computed over (what Twilio would have called). */
  signedBase?: string;
  /** Overrides: drop the signature, or send a different body than the one signed. */
  signature?: string | null;
  rawBody?: string;
  contentType?: string;
}

/** POSTs a form exactly as Twilio does: url-encoded body, X-Twilio-Signature over base + path. */
export async function postSigned(
  baseUrl: string,
  path: string,
  params: Record<string, string>,
  authToken: string,
  options: PostOptions = {},
): Promise<{ status: number; body: string; contentType: string | null }> {
  const signedUrl = (options.signedBase ?? baseUrl) + path;
  const signature =
    options.signature === undefined
      ? twilioSignature(authToken, signedUrl, params as WebhookParams)
      : options.signature;
  const headers: Record<string, string> = {
    'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
  };
  if (signature !== null) headers['x-twilio-signature'] = signature;
  const response = await fetch(baseUrl + path, {
    method: 'POST',
    headers,
    body: options.rawBody ?? new URLSearchParams(params).toString(),
  });
  return {
    status: response.status,
    body: await response.text(),
    contentType: response.headers.get('content-type'),
  };
}

let counter = 0;
/** A fresh, well-formed MessageSid. */
export function newSid(prefix = 'SM'): string {
  counter += 1;
  const random = Math.floor(Math.random() * 2 ** 32)
    .toString(16)
    .padStart(8, '0');
  return prefix + (random + counter.toString(16)).padStart(32, '0');
}

export function inboundParams(overrides: Record<string, string> = {}): Record<string, string> {
  const sid = overrides.MessageSid ?? newSid();
  return {
    MessageSid: sid,
    SmsSid: sid,
    SmsMessageSid: sid,
    From: '+14155550100',
    To: '+15005550006',
    Body: 'Hi, are you open on Saturday?',
    NumMedia: '0',
    NumSegments: '1',
    SmsStatus: 'received',
    ApiVersion: '2010-04-01',
    ...overrides,
  };
}
