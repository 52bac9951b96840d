import type { AppMode, CredentialCheck, TunnelStatus } from '../../../shared/types';
import { CarrierError } from '../carriers/carrier';
import type { CarrierAccount } from '../carriers/twilioAccount';
import { DrafterError } from '../drafting/errors';
import { hostOf, listModels } from '../drafting/openaiSdk';

/** Twilio: fetch the account. Plain answers, never the token. */
export async function checkTwilio(
  account: CarrierAccount,
  mode: AppMode,
  now: number,
): Promise<CredentialCheck> {
  const result = (ok: boolean | null, message: string): CredentialCheck => ({
    service: 'twilio',
    ok,
    message,
    checkedAt: now,
  });
  try {
    const summary = await account.fetchAccount();
    if (mode === 'demo') return result(true, 'Demo mode: the built-in carrier simulator answered.');
    if (summary.status !== 'active') {
      return result(
        false,
        `The Twilio account "${summary.friendlyName}" is ${summary.status}. Reactivate it in the Twilio Console.`,
      );
    }
    return result(true, `Connected to the Twilio account "${summary.friendlyName}".`);
  } catch (error) {
    if (error instanceof CarrierError && error.kind === 'unauthorized') {
      return result(
        false,
        'Twilio refused the Account SID or Auth Token. Copy both again from the Twilio Console into Settings.',
      );
    }
    if (error instanceof CarrierError && error.kind === 'unavailable') {
      return result(false, 'Could not reach Twilio. Check the internet connection and try again.');
    }
    return result(
      false,
      `Twilio answered with an error: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** OpenAI-compatible: list the models; the configured one must be there. */
export async function checkAi(
  endpoint: { apiKey: string; baseUrl: string | undefined; model: string } | undefined,
  now: number,
): Promise<CredentialCheck> {
  const result = (ok: boolean | null, message: string): CredentialCheck => ({
    service: 'ai',
    ok,
    message,
    checkedAt: now,
  });
  if (!endpoint) {
    return result(null, 'No AI model is set up: drafts come from your templates and past replies.');
  }
  const where = endpoint.baseUrl ? hostOf(endpoint.baseUrl) : 'OpenAI';
  try {
    const models = await listModels({
      apiKey: endpoint.apiKey,
      baseUrl: endpoint.baseUrl,
      timeoutMs: 15_000,
    });
    if (models.includes(endpoint.model))
      return result(true, `${where} answered and offers the model "${endpoint.model}".`);
    const some = models.slice(0, 5).join(', ');
    return result(
      false,
      `${where} answered, but has no model "${endpoint.model}". ${some ? `It offers: ${some}. ` : ''}Check the model name in Settings.`,
    );
  } catch (error) {
    return result(
      false,
      error instanceof DrafterError ? error.message : `Could not check the AI model at ${where}.`,
    );
  }
}

/** ngrok: the session starts (or is already up). */
export function ngrokCheck(status: TunnelStatus | undefined, now: number): CredentialCheck {
  const result = (ok: boolean | null, message: string): CredentialCheck => ({
    service: 'ngrok',
    ok,
    message,
    checkedAt: now,
  });
  if (!status)
    return result(
      null,
      'No ngrok authtoken is set (not needed in demo mode or with your own public URL).',
    );
  if (status.state === 'online')
    return result(true, `ngrok is online at ${status.url ?? 'its public URL'}.`);
  return result(false, status.reason ?? 'ngrok did not come online.');
}
