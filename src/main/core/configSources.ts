/**
 * The core's configuration from its three sources: the environment (serve mode, tests, power
 * users), the non-secret account settings saved from Settings (database), and the secret store
 * (keychain on the desktop). The environment wins where it says something, so serve mode behaves
 * exactly as its variables say; the desktop normally has none and goes by what Settings saved.
 */
import { z } from 'zod';
import type { AppConfig } from './config';
import type { SecretStore } from './golive/secrets';
import type { Db } from './store/database';
import { getSetting, setSetting } from './store/settings';

export const ACCOUNT_SETTINGS_KEY = 'account';

/** Account details saved from Settings: none of them secret. */
export interface AccountSettings {
  twilioAccountSid: string | null;
  twilioPhoneNumber: string | null;
  ngrokDomain: string | null;
  /** An own public URL (Cloudflare Tunnel, a server) instead of ngrok. */
  publicUrl: string | null;
  /** An OpenAI-compatible service other than OpenAI (Ollama, LM Studio, a proxy); null = OpenAI. */
  aiBaseUrl: string | null;
  /** The model drafts come from; null = the default (drafting/openaiDrafter DEFAULT_MODEL). */
  aiModel: string | null;
}

export const emptyAccountSettings: AccountSettings = {
  twilioAccountSid: null,
  twilioPhoneNumber: null,
  ngrokDomain: null,
  publicUrl: null,
  aiBaseUrl: null,
  aiModel: null,
};

const storedSchema = z.object({
  twilioAccountSid: z.string().nullable().catch(null),
  twilioPhoneNumber: z.string().nullable().catch(null),
  ngrokDomain: z.string().nullable().catch(null),
  publicUrl: z.string().nullable().catch(null),
  aiBaseUrl: z.string().nullable().catch(null),
  aiModel: z.string().nullable().catch(null),
});

/** What Settings saved; a damaged or missing entry reads as nothing saved. */
export function readAccountSettings(db: Db): AccountSettings {
  const parsed = storedSchema.safeParse(getSetting(db, ACCOUNT_SETTINGS_KEY) ?? {});
  return parsed.success ? parsed.data : { ...emptyAccountSettings };
}

export function saveAccountSettings(
  db: Db,
  patch: Partial<AccountSettings>,
  now: number,
): AccountSettings {
  const next = { ...readAccountSettings(db), ...patch };
  setSetting(db, ACCOUNT_SETTINGS_KEY, next, now);
  return next;
}

/**
 * `base` is what the environment said (configFromEnv). Twilio goes live only with all three
 * parts; a partial set (say, the token cleared) leaves the console in demo mode.
 */
export function configFromSources(
  base: AppConfig,
  stored: AccountSettings,
  secrets: Pick<SecretStore, 'get'>,
): AppConfig {
  const authToken = secrets.get('twilioAuthToken');
  const twilio =
    base.twilio ??
    (stored.twilioAccountSid && stored.twilioPhoneNumber && authToken
      ? {
          accountSid: stored.twilioAccountSid,
          authToken,
          phoneNumber: stored.twilioPhoneNumber,
          apiBaseUrl: base.twilioApiUrl,
        }
      : undefined);
  return {
    ...base,
    twilio,
    openai: {
      apiKey: base.openai.apiKey ?? secrets.get('openaiApiKey'),
      baseUrl: base.openai.baseUrl ?? stored.aiBaseUrl ?? undefined,
      model: base.openai.model ?? stored.aiModel ?? undefined,
    },
    ngrokAuthtoken: base.ngrokAuthtoken ?? secrets.get('ngrokAuthtoken'),
    ngrokDomain: base.ngrokDomain ?? stored.ngrokDomain ?? undefined,
    publicUrl: base.publicUrl ?? stored.publicUrl ?? undefined,
  };
}
