import type { AppConfig } from '../config';

export type SecretName = 'twilioAuthToken' | 'openaiApiKey' | 'ngrokAuthtoken';

/**
 * Where secrets live. Never the database, logs, exports or the renderer (the renderer learns
 * only set / not set). Serve mode: the environment (envSecretStore). The desktop shell
 * (src/main/index.ts) is to pass AppDeps.secrets backed by Electron safeStorage: an encrypted
 * file in userData, decrypted in the main process only. The core never imports electron.
 */
export interface SecretStore {
  get(name: SecretName): string | undefined;
  /** Keeps a secret the operator typed in Settings (env store: this run only, in memory). */
  set(name: SecretName, value: string): void;
}

/** Serve mode and tests: secrets from the environment (already read into config), kept in memory. */
export function envSecretStore(
  config: Pick<AppConfig, 'twilio' | 'openai' | 'ngrokAuthtoken'>,
): SecretStore {
  const values = new Map<SecretName, string>();
  if (config.twilio?.authToken) values.set('twilioAuthToken', config.twilio.authToken);
  if (config.openai.apiKey) values.set('openaiApiKey', config.openai.apiKey);
  if (config.ngrokAuthtoken) values.set('ngrokAuthtoken', config.ngrokAuthtoken);
  return {
    get: (name) => values.get(name),
    set: (name, value) => void values.set(name, value),
  };
}
