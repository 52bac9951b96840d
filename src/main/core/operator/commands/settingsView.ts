/** What the Settings screen is shown: values, whether each secret is set, what may be edited. */
import type { ConsoleSettings } from '../../../../shared/types';
import { readAccountSettings } from '../../configSources';
import { secretEnvVars, type SecretName } from '../../golive/secrets';
import { readSendingSettings } from '../../sendingSettings';
import type { HandlerDeps } from '../commandDeps';

export type SettingsViewDeps = Pick<
  HandlerDeps,
  'db' | 'config' | 'draftingStatus' | 'mode' | 'secrets'
>;

/** A base URL to show: never its credentials or query (some local servers take a key there). */
export function displayUrl(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    parsed.search = '';
    parsed.hash = '';
    return parsed.href.replace(/\/$/, '');
  } catch {
    return null;
  }
}

export function readConsoleSettings(deps: SettingsViewDeps): ConsoleSettings {
  const { db, config, secrets } = deps;
  const isSet = (name: SecretName) => ({
    set: Boolean(secrets.get(name)),
    envVar: secretEnvVars[name],
  });
  const stored = readAccountSettings(db);
  return {
    sending: readSendingSettings(db),
    secretStore: secrets.kind,
    canStoreSecrets: secrets.canStore(),
    mode: deps.mode,
    twilio: {
      accountSid: config.twilio?.accountSid ?? stored.twilioAccountSid,
      phoneNumber: config.twilio?.phoneNumber ?? stored.twilioPhoneNumber,
      authToken: isSet('twilioAuthToken'),
      envVars: ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_PHONE_NUMBER'],
    },
    ai: {
      provider: deps.draftingStatus.provider,
      baseUrl: displayUrl(config.openai.baseUrl),
      model: deps.draftingStatus.model,
      apiKey: isSet('openaiApiKey'),
      saved: { baseUrl: displayUrl(stored.aiBaseUrl ?? undefined), model: stored.aiModel },
      envVars: ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'SWITCHBOARD_MODEL'],
    },
    ngrok: {
      authtoken: isSet('ngrokAuthtoken'),
      domain: stored.ngrokDomain ?? config.ngrokDomain ?? null,
      publicUrl: displayUrl(stored.publicUrl ?? config.publicUrl),
      envVars: ['NGROK_AUTHTOKEN', 'SWITCHBOARD_PUBLIC_URL'],
    },
    editable: {
      sending: true,
      twilio: secrets.canStore(),
      ai: secrets.canStore(),
      // The authtoken may live in memory for this run; domain and public URL are not secret.
      ngrok: true,
    },
  };
}
