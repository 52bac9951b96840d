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
 * public URL), then the nonce echoed back so the sender knows it reached this very listener.
 */
export function answerSelfTest(request: WebhookRequest, signing: SigningContext): WebhookReply {
  const params = Object.fromEntries(new URLSearchParams(request.rawBody));
  const signature = request.headers['x-twilio-signature'] ?? '';
  const url = signing.publicUrl.replace(/\/+$/, '') + request.pathAndQuery;
  if (!signature || !isValidTwilioSignature(signing.authToken, signature, url, params)) {
    return reply(403, 'Invalid X-Twilio-Signature');
  }
  return reply(200, `switchboard-self-test ${params[NONCE_PARAM] ?? ''}`);
}

/** Sends a signed request through the public URL, as Twilio would, and checks who answered. */
export async function runSelfTest(options: {
  publicUrl: string;
  authToken: string;
  timeoutMs?: number;
}): Promise<SelfTestResult> {
  const url = options.publicUrl.replace(/\/+$/, '') + routes.selfTest;
  const nonce = randomBytes(8).toString('hex');
  const params = { [NONCE_PARAM]: nonce };
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilioSignature(options.authToken, url, params),
      },
      body: new URLSearchParams(params).toString(),
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
  } catch {
    return {
      ok: false,
      url,
      message: `Nothing answered at ${url}. Check that the tunnel is online, or that your own public URL forwards here.`,
    };
  }
  const text = await response.text().catch(() => '');
  if (response.status === 200 && text.trim() === `switchboard-self-test ${nonce}`) {
    return {
      ok: true,
      url,
      message: 'A signed test request went through the public URL and reached Switchboard.',
    };
  }
  if (response.status === 403 && text.includes('X-Twilio-Signature')) {
    return {
      ok: false,
      url,
      message:
        'The request reached Switchboard, but the signature did not match: the public URL in Settings is not the address that forwards here.',
    };
  }
  return {
    ok: false,
    url,
    message: `Something else answered at the public URL (HTTP ${response.status}), not this Switchboard. Check the address and the tunnel.`,
  };
}
