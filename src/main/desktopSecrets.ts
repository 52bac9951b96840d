/**
 * The desktop's secret store: Electron safeStorage (the OS keychain holds the key) encrypts each
 * secret; the ciphertexts live in one file in userData (secrets.bin, base64 in JSON). Plain text
 * exists only in this process's memory. The core sees only the SecretStore interface.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { safeStorage } from 'electron';
import {
  isNotifySecretName,
  SecretStoreError,
  type SecretKey,
  type SecretStore,
} from './core/golive/secrets';
import { secretNames } from '../shared/types';

interface SecretsFile {
  version: 1;
  /** Secret name → base64 of safeStorage.encryptString(value). */
  secrets: Partial<Record<SecretKey, string>>;
}

function readFile(path: string): SecretsFile {
  if (!existsSync(path)) return { version: 1, secrets: {} };
  let parsed: Partial<SecretsFile>;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<SecretsFile>;
  } catch {
    // A damaged file reads as no secrets; the next save writes a whole one.
    return { version: 1, secrets: {} };
  }
  const secrets: SecretsFile['secrets'] = {};
  for (const name of secretNames) {
    const value = parsed.secrets?.[name];
    if (typeof value === 'string') secrets[name] = value;
  }
  // Notification channels keep theirs one entry per channel (golive/secrets.ts).
  for (const [name, value] of Object.entries(parsed.secrets ?? {})) {
    if (isNotifySecretName(name) && typeof value === 'string') secrets[name] = value;
  }
  return { version: 1, secrets };
}

/** Call after app 'ready' (safeStorage needs it on Linux). */
export function createDesktopSecretStore(path: string): SecretStore {
  const file = readFile(path);
  const plain = new Map<SecretKey, string>();
  const get = (name: SecretKey): string | undefined => {
    if (plain.has(name)) return plain.get(name);
    const sealed = file.secrets[name];
    if (!sealed || !safeStorage.isEncryptionAvailable()) return undefined;
    try {
      const value = safeStorage.decryptString(Buffer.from(sealed, 'base64'));
      plain.set(name, value);
      return value;
    } catch {
      // Sealed by another user or keychain: as good as not set; saving again replaces it.
      return undefined;
    }
  };
  const write = () => {
    // Write then rename: a crash leaves the old file or the new one, never half of one.
    const temporary = `${path}.tmp`;
    writeFileSync(temporary, JSON.stringify(file), { mode: 0o600 });
    renameSync(temporary, path);
  };
  return {
    kind: 'keychain',
    canStore: () => safeStorage.isEncryptionAvailable(),
    get,
    set(name, value) {
      if (!safeStorage.isEncryptionAvailable()) {
        throw new SecretStoreError(
          'This computer’s keychain is not available, so Switchboard did not save the secret. ' +
            'Unlock or set up the keychain (on Linux: a Secret Service such as GNOME Keyring), then try again.',
        );
      }
      file.secrets[name] = safeStorage.encryptString(value).toString('base64');
      write();
      plain.set(name, value);
    },
    clear(name) {
      delete file.secrets[name];
      plain.delete(name);
      write();
    },
  };
}
