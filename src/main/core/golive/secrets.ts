import type { AppConfig } from '../config';

import { Refusal } from '../domain/refusal';
import type { SecretName } from '../../../shared/types';

export type { SecretName };

/**
 * A notification channel's secret fields (webhook address, tokens, SMTP password), kept as one
 * JSON entry per channel: channels come and go, the named secrets above are fixed.
 */
export type NotifySecretName = `notify.${number}`;
/** Every name the store keeps a secret under. */
export type SecretKey = SecretName | NotifySecretName;

export const isNotifySecretName = (name: string): name is NotifySecretName =>
  /^notify\.[1-9][0-9]*$/.test(name);

/** The environment variable that provides each secret in serve mode. */
export const secretEnvVars: Record<SecretName, string> = {
  twilioAuthToken: 'TWILIO_AUTH_TOKEN',
  openaiApiKey: 'OPENAI_API_KEY',
  ngrokAuthtoken: 'NGROK_AUTHTOKEN',
};

/** A secret could not be kept; the message is one plain sentence for the operator. */
/** The secret store cannot keep or give back a secret; the words say what to do. */
export class SecretStoreError extends Refusal {
  override name = 'SecretStoreError';
}

/**
 * Where secrets live. Never the database, logs, exports or the renderer (the renderer learns
 * only set / not set). Serve mode: the environment (envSecretStore). The desktop shell
 * (src/main/desktopSecrets.ts) passes AppDeps.secrets backed by Electron safeStorage: an
 * encrypted file in userData, decrypted in the main process only. The core never imports electron.
 */
export interface SecretStore {
  /** 'keychain' = kept encrypted across restarts; 'environment' = read from env at start. */
  readonly kind: 'keychain' | 'environment';
  /** Whether `set` keeps a secret across restarts right now (keychain available). */
  canStore(): boolean;
  get(name: SecretKey): string | undefined;
  /** Keeps a secret the operator typed in Settings (env store: this run only, in memory). */
  set(name: SecretKey, value: string): void;
  clear(name: SecretKey): void;
}

/** Serve mode and tests: secrets from the environment (already read into config), kept in memory. */
export function envSecretStore(
  config: Pick<AppConfig, 'twilio' | 'openai' | 'ngrokAuthtoken'>,
): SecretStore {
  const values = new Map<SecretKey, string>();
  if (config.twilio?.authToken) values.set('twilioAuthToken', config.twilio.authToken);
  if (config.openai.apiKey) values.set('openaiApiKey', config.openai.apiKey);
  if (config.ngrokAuthtoken) values.set('ngrokAuthtoken', config.ngrokAuthtoken);
  return {
    kind: 'environment',
    canStore: () => false,
    get: (name) => values.get(name),
    set: (name, value) => void values.set(name, value),
    clear: (name) => void values.delete(name),
  };
}
