import { randomBytes } from 'node:crypto';
import type { SelfTestResult } from '../../../shared/types';
import { isValidTwilioSignature, twilioSignature } from '../carriers/twilioSdk';
import { routes, type WebhookReply, type WebhookRequest } from '../webhooks/server';
import type { SigningContext } from '../webhooks/twilioWebhooks';

const NONCE_PARAM = 'SwitchboardSelfTest';

const reply = (status: number, body: string): WebhookReply => ({
  status,
  contentType: 'text/plain; charset=utf-8',
  body,
});

/**
 * The listener's side of the self-test: the same signature check as a real webhook (over the
 * public URL), then the nonce echoed back so the sender knows it reached this very listener. A
 * request shaped like an incoming WhatsApp message (whatsapp: addresses, WaId) is answered as
 * such, so the WhatsApp route is shown to come through the tunnel with its own parameters intact.
 */
export function answerSelfTest(request: WebhookRequest, signing: SigningContext): WebhookReply {
  const params = Object.fromEntries(new URLSearchParams(request.rawBody));
  const signature = request.headers['x-twilio-signature'] ?? '';
  const url = signing.publicUrl.replace(/\/+$/, '') + request.pathAndQuery;
  if (!signature || !isValidTwilioSignature(signing.authToken, signature, url, params)) {
    return reply(403, 'Invalid X-Twilio-Signature');
  }
  const nonce = params[NONCE_PARAM] ?? '';
  if (params.From?.startsWith(WHATSAPP)) {
    const shaped =
      params.To?.startsWith(WHATSAPP) === true &&
      params.WaId === params.From.slice(WHATSAPP.length).replace(/^\+/, '');
    return shaped
      ? reply(200, `switchboard-self-test whatsapp ${nonce}`)
      : reply(400, 'Not a WhatsApp message: From, To and WaId do not agree');
  }
  return reply(200, `switchboard-self-test ${nonce}`);
}

const WHATSAPP = 'whatsapp:';

/** A customer and the sandbox, as Twilio posts an incoming WhatsApp message (no real person). */
const whatsappShape = (nonce: string): Record<string, string> => ({
  MessageSid: `SM${nonce.padEnd(32, '0')}`,
  AccountSid: `AC${'0'.repeat(32)}`,
  From: 'whatsapp:+14155550100',
  To: 'whatsapp:+14155238886',
  Body: 'Switchboard self-test',
  NumMedia: '0',
  ProfileName: 'Self-test',
  WaId: '14155550100',
  ApiVersion: '2010-04-01',
  [NONCE_PARAM]: nonce,
});

type Attempt =
  { kind: 'unreachable' } | { kind: 'answered'; status: number; text: string; nonce: string };

async function post(
  url: string,
  authToken: string,
  params: Record<string, string>,
  timeoutMs: number,
): Promise<Attempt> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilioSignature(authToken, url, params),
      },
      body: new URLSearchParams(params).toString(),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text().catch(() => '');
    return { kind: 'answered', status: response.status, text, nonce: params[NONCE_PARAM] ?? '' };
  } catch {
    return { kind: 'unreachable' };
  }
}

/** What an attempt says, for the SMS route or the WhatsApp one. */
function verdict(url: string, attempt: Attempt, expected: string, what: string) {
  if (attempt.kind === 'unreachable') {
    return {
      ok: false,
      message: `Nothing answered at ${url}. Check that the tunnel is online, or that your own public URL forwards here.`,
    };
  }
  if (attempt.status === 200 && attempt.text.trim() === expected) {
    return { ok: true, message: `${what} went through the public URL and reached Switchboard.` };
  }
  if (attempt.status === 403 && attempt.text.includes('X-Twilio-Signature')) {
    return {
      ok: false,
      message:
        'The request reached Switchboard, but the signature did not match: the public URL in Settings is not the address that forwards here.',
    };
  }
  return {
    ok: false,
    message: `Something else answered at the public URL (HTTP ${attempt.status}), not this Switchboard. Check the address and the tunnel.`,
  };
}

/**
 * Sends signed requests through the public URL, as Twilio would (a plain one, then one shaped
 * like an incoming WhatsApp message), and checks who answered each.
 */
export async function runSelfTest(options: {
  publicUrl: string;
  authToken: string;
  timeoutMs?: number;
}): Promise<SelfTestResult> {
  const url = options.publicUrl.replace(/\/+$/, '') + routes.selfTest;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const nonce = randomBytes(8).toString('hex');
  const first = await post(url, options.authToken, { [NONCE_PARAM]: nonce }, timeoutMs);
  const sms = verdict(url, first, `switchboard-self-test ${nonce}`, 'A signed test request');
  const waNonce = randomBytes(8).toString('hex');
  // Nothing answered the first: a second wait for the same silence would tell nothing more.
  const second =
    first.kind === 'unreachable'
      ? first
      : await post(url, options.authToken, whatsappShape(waNonce), timeoutMs);
  const whatsapp = verdict(
    url,
    second,
    `switchboard-self-test whatsapp ${waNonce}`,
    'A signed request shaped like an incoming WhatsApp message',
  );
  return { ...sms, url, whatsapp };
}
