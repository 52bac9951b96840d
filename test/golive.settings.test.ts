import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { configFromEnv } from '../src/main/core/config';
import { configFromSources, emptyAccountSettings } from '../src/main/core/configSources';
import type { SecretKey, SecretStore } from '../src/main/core/golive/secrets';
import { startSimulator } from '../src/main/core/simulator';
import type { AccountSaveResult, ConsoleSettings, CredentialCheck } from '../src/shared/types';
import { invoke } from './support/appSignals';
import { customerTexts, draftWhen } from './support/draftSignals';
import { DEFAULT_REPLY, startFakeOpenAI } from './support/fakeOpenAI';
import { makeTempDir } from './support/tempDir';
import { startTestApp } from './support/testApp';

const BUSINESS = '+15005550006';
const SID = `AC${'a'.repeat(32)}`;
const TOKEN = 'twilio-SECRET-token-0123456789abcdef';
const OPENAI = 'sk-SECRET-openai-key-0123456789';
const NGROK = 'ngrok-SECRET-authtoken-0123456789';

/** A desktop-like store: keeps what it is given (in memory here; safeStorage on the desktop). */
function memoryStore(canStore = true): SecretStore & { values: Map<SecretKey, string> } {
  const values = new Map<SecretKey, string>();
  return {
    values,
    kind: 'keychain',
    canStore: () => canStore,
    get: (name) => values.get(name),
    set: (name, value) => void values.set(name, value),
    clear: (name) => void values.delete(name),
  };
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('configFromSources', () => {
  const base = configFromEnv({ SWITCHBOARD_DATA_DIR: '/tmp/x' });
  const store = memoryStore();

  it('stays in demo mode with nothing saved', () => {
    const config = configFromSources(base, emptyAccountSettings, store);
    expect(config.twilio).toBeUndefined();
    expect(config.openai.apiKey).toBeUndefined();
    expect(config.publicUrl).toBeUndefined();
  });

  it('goes live with the account saved in Settings and the token in the secret store', () => {
    const secrets = memoryStore();
    secrets.set('twilioAuthToken', TOKEN);
    secrets.set('openaiApiKey', OPENAI);
    secrets.set('ngrokAuthtoken', NGROK);
    const stored = {
      ...emptyAccountSettings,
      twilioAccountSid: SID,
      twilioPhoneNumber: BUSINESS,
      ngrokDomain: 'shop.ngrok.app',
    };
    const config = configFromSources(
      configFromEnv({
        SWITCHBOARD_DATA_DIR: '/tmp/x',
        SWITCHBOARD_TWILIO_API_URL: 'http://127.0.0.1:9',
      }),
      stored,
      secrets,
    );
    expect(config.twilio).toEqual({
      accountSid: SID,
      authToken: TOKEN,
      phoneNumber: BUSINESS,
      apiBaseUrl: 'http://127.0.0.1:9',
    });
    expect(config.openai.apiKey).toBe(OPENAI);
    expect(config.ngrokAuthtoken).toBe(NGROK);
    expect(config.ngrokDomain).toBe('shop.ngrok.app');
  });

  it('needs all three Twilio parts: without the token it stays in demo mode', () => {
    const stored = { ...emptyAccountSettings, twilioAccountSid: SID, twilioPhoneNumber: BUSINESS };
    expect(configFromSources(base, stored, memoryStore()).twilio).toBeUndefined();
  });

  it('lets the environment win where it says something', () => {
    const env = configFromEnv({
      SWITCHBOARD_DATA_DIR: '/tmp/x',
      SWITCHBOARD_PUBLIC_URL: 'https://env.example.com',
      OPENAI_API_KEY: 'from-env',
    });
    const secrets = memoryStore();
    secrets.set('openaiApiKey', OPENAI);
    const stored = { ...emptyAccountSettings, publicUrl: 'https://saved.example.com' };
    const config = configFromSources(env, stored, secrets);
    expect(config.publicUrl).toBe('https://env.example.com');
    expect(config.openai.apiKey).toBe('from-env');
    expect(configFromSources(base, stored, secrets).publicUrl).toBe('https://saved.example.com');

    const savedAi = {
      ...emptyAccountSettings,
      aiBaseUrl: 'http://localhost:11434/v1',
      aiModel: 'qwen3',
    };
    expect(configFromSources(base, savedAi, secrets).openai).toMatchObject({
      baseUrl: 'http://localhost:11434/v1',
      model: 'qwen3',
    });
    const envAi = configFromEnv({
      SWITCHBOARD_DATA_DIR: '/tmp/x',
      OPENAI_BASE_URL: 'http://127.0.0.1:8080/v1',
      SWITCHBOARD_MODEL: 'from-env',
    });
    expect(configFromSources(envAi, savedAi, secrets).openai).toMatchObject({
      baseUrl: 'http://127.0.0.1:8080/v1',
      model: 'from-env',
    });
  });
});

describe('account settings in serve mode (environment store)', () => {
  it('reports the environment, refuses to keep secrets and names the variable to set', async () => {
    const { app, stop } = await startTestApp();
    cleanups.push(stop);

    const settings = await invoke<ConsoleSettings>(app, 'settings:get', {});
    expect(settings.secretStore).toBe('environment');
    expect(settings.canStoreSecrets).toBe(false);
    expect(settings.editable).toMatchObject({ twilio: false, ai: false, ngrok: true });
    expect(settings.twilio.authToken.set).toBe(false);

    await expect(
      invoke(app, 'settings:saveTwilio', {
        accountSid: SID,
        phoneNumber: BUSINESS,
        authToken: TOKEN,
      }),
    ).rejects.toThrow(/serve mode.*TWILIO_AUTH_TOKEN.*restart Switchboard/);
    await expect(
      invoke(app, 'settings:saveSecret', { name: 'openaiApiKey', value: OPENAI }),
    ).rejects.toThrow(/set OPENAI_API_KEY/);
    await expect(invoke(app, 'settings:clearSecret', { name: 'twilioAuthToken' })).rejects.toThrow(
      /TWILIO_AUTH_TOKEN/,
    );
  });

  it('keeps an ngrok authtoken for this run only, and asks for a restart after a new public URL', async () => {
    const { app, stop } = await startTestApp();
    cleanups.push(stop);
    const token = await invoke<AccountSaveResult>(app, 'settings:saveSecret', {
      name: 'ngrokAuthtoken',
      value: NGROK,
    });
    expect(token.restart).toBe('none');
    expect(token.message).toMatch(/until Switchboard stops.*NGROK_AUTHTOKEN/);
    expect(token.settings.ngrok.authtoken.set).toBe(true);
    expect(JSON.stringify(token)).not.toContain(NGROK);

    const url = await invoke<AccountSaveResult>(app, 'settings:savePublicAccess', {
      ngrokDomain: '',
      publicUrl: 'https://sms.example.com/',
    });
    expect(url.restart).toBe('required');
    expect(url.message).toMatch(/Restart Switchboard/);
    expect(url.settings.ngrok.publicUrl).toBe('https://sms.example.com');
    await expect(
      invoke(app, 'settings:savePublicAccess', { ngrokDomain: '', publicUrl: 'sms.example.com' }),
    ).rejects.toThrow(/https:\/\//);
  });
});

describe('account settings on the desktop (a store that keeps secrets)', () => {
  it('saves Twilio, restarts into live mode, and never hands a secret back', async () => {
    const sim = await startSimulator({
      authToken: TOKEN,
      phoneNumbers: [{ phoneNumber: BUSINESS }],
    });
    cleanups.push(() => sim.close());
    const data = makeTempDir();
    cleanups.push(data.cleanup);
    const secrets = memoryStore();
    const restart = vi.fn();
    const env = { SWITCHBOARD_TWILIO_API_URL: sim.url };

    const first = await startTestApp(env, { secrets, restart }, data.path);
    expect(first.app.mode).toBe('demo');
    const before = await invoke<ConsoleSettings>(first.app, 'settings:get', {});
    expect(before).toMatchObject({ secretStore: 'keychain', canStoreSecrets: true });
    expect(before.editable).toMatchObject({ twilio: true, ai: true });

    await expect(
      invoke(first.app, 'settings:saveTwilio', {
        accountSid: sim.accountSid,
        phoneNumber: BUSINESS,
      }),
    ).rejects.toThrow(/Paste the Auth Token/);
    const saved = await invoke<AccountSaveResult>(first.app, 'settings:saveTwilio', {
      accountSid: sim.accountSid,
      phoneNumber: BUSINESS,
      authToken: TOKEN,
    });
    expect(saved.restart).toBe('restarting');
    expect(saved.settings.twilio).toMatchObject({
      accountSid: sim.accountSid,
      phoneNumber: BUSINESS,
      authToken: { set: true },
    });
    await vi.waitFor(() => expect(restart).toHaveBeenCalledTimes(1));
    const ai = await invoke<AccountSaveResult>(first.app, 'settings:saveSecret', {
      name: 'openaiApiKey',
      value: OPENAI,
    });
    expect(ai.settings.ai.apiKey.set).toBe(true);
    for (const answer of [saved, ai]) {
      expect(JSON.stringify(answer)).not.toContain(TOKEN);
      expect(JSON.stringify(answer)).not.toContain(OPENAI);
    }
    expect(secrets.values.get('twilioAuthToken')).toBe(TOKEN);
    await first.app.close();
    // Secrets are the store's alone: the database holds the account SID, not the token.
    const db = readFileSync(join(data.path, 'switchboard.db')).toString('latin1');
    const wal = (() => {
      try {
        return readFileSync(join(data.path, 'switchboard.db-wal')).toString('latin1');
      } catch {
        return '';
      }
    })();
    expect(db + wal).not.toContain(TOKEN);
    expect(db + wal).not.toContain(OPENAI);

    // What restartCore does: a new core from the same sources.
    const second = await startTestApp(env, { secrets, restart }, data.path);
    expect(second.app.mode).toBe('live');
    expect(second.app.businessNumber).toBe(BUSINESS);
    const numbers = await invoke<{ numbers: Array<{ phoneNumber: string }> }>(
      second.app,
      'numbers:list',
      {},
    );
    expect(numbers.numbers.map((n) => n.phoneNumber)).toContain(BUSINESS);

    // And back to demo: clearing the token is enough.
    const cleared = await invoke<AccountSaveResult>(second.app, 'settings:clearSecret', {
      name: 'twilioAuthToken',
    });
    expect(cleared.message).toMatch(/removed/);
    expect(cleared.settings.twilio.authToken.set).toBe(false);
    await second.app.close();
    const third = await startTestApp(env, { secrets }, data.path);
    cleanups.push(() => third.app.close());
    expect(third.app.mode).toBe('demo');
  });

  it('saves the AI service and model; after the restart drafts come from there', async () => {
    const ai = await startFakeOpenAI({ models: ['llama3.2'] });
    cleanups.push(() => ai.close());
    const data = makeTempDir();
    cleanups.push(data.cleanup);
    const secrets = memoryStore();
    const restart = vi.fn();

    const first = await startTestApp({}, { secrets, restart }, data.path);
    const before = await invoke<ConsoleSettings>(first.app, 'settings:get', {});
    expect(before.ai).toMatchObject({ provider: 'offline', saved: { baseUrl: null, model: null } });
    await expect(
      invoke(first.app, 'settings:saveAi', { baseUrl: 'localhost:11434/v1', model: '' }),
    ).rejects.toThrow(/starting with http:\/\/ or https:\/\//);
    await expect(
      invoke(first.app, 'settings:saveAi', { baseUrl: ai.url, model: 'llama 3.2' }),
    ).rejects.toThrow(/no spaces/);
    const saved = await invoke<AccountSaveResult>(first.app, 'settings:saveAi', {
      baseUrl: `${ai.url}/`,
      model: 'llama3.2',
    });
    expect(saved.restart).toBe('restarting');
    expect(saved.message).toMatch(/AI service saved/);
    expect(saved.settings.ai.saved).toEqual({ baseUrl: ai.url, model: 'llama3.2' });
    await vi.waitFor(() => expect(restart).toHaveBeenCalledTimes(1));
    // The same values again change nothing, so nothing restarts.
    const again = await invoke<AccountSaveResult>(first.app, 'settings:saveAi', {
      baseUrl: ai.url,
      model: 'llama3.2',
    });
    expect(again.restart).toBe('none');
    await first.app.close();

    // What restartCore does: a new core from the same sources. Ollama-like: no key needed.
    const second = await startTestApp({}, { secrets, restart }, data.path);
    cleanups.push(() => second.app.close());
    const after = await invoke<ConsoleSettings>(second.app, 'settings:get', {});
    expect(after.ai).toMatchObject({ provider: 'openai', baseUrl: ai.url, model: 'llama3.2' });
    const [check] = await invoke<CredentialCheck[]>(second.app, 'credentials:check', {
      services: ['ai'],
    });
    expect(check).toMatchObject({ service: 'ai', ok: true });
    const message = await customerTexts(second.app, '+14155550100', 'Are you open on Sunday?');
    const draft = await draftWhen(
      second.app,
      () => message.conversationId,
      (d) => d.state === 'ready',
    );
    expect(draft).toMatchObject({ provider: 'openai', model: 'llama3.2', text: DEFAULT_REPLY });
  });

  it('refuses plainly when the keychain is not available', async () => {
    const { app, stop } = await startTestApp({}, { secrets: memoryStore(false) });
    cleanups.push(stop);
    await expect(
      invoke(app, 'settings:saveSecret', { name: 'openaiApiKey', value: OPENAI }),
    ).rejects.toThrow(/keychain is not available/);
  });
});
