/**
 * The Go live section of Settings: tunnel state (from tunnel:changed), the account's numbers, the
 * self-test and credential checks, and saving account details. Savers reject with the sentence to
 * show; saved settings flow back into the settings store.
 */
import { create } from 'zustand';
import type { CommandRequest } from '../../../shared/contract';
import type {
  AccountSaveResult,
  CredentialCheck,
  NumberList,
  SelfTestResult,
  TunnelStatus,
} from '../../../shared/types';
import { api, errorMessage } from '../api';
import { useSettingsStore } from './settingsStore';

interface GoLiveState {
  tunnel: TunnelStatus | null;
  numbers: NumberList | null;
  selfTest: SelfTestResult | null;
  checks: CredentialCheck[] | null;
  /** Subscribes to tunnel:changed and reads the current state; returns the unsubscribe. */
  follow(): () => void;
  startTunnel(input: CommandRequest<'tunnel:start'>): Promise<void>;
  stopTunnel(): Promise<void>;
  listNumbers(): Promise<void>;
  /** Resolves with what was changed on the number, in words. */
  connect(phoneNumberSid: string): Promise<string[]>;
  runSelfTest(): Promise<void>;
  checkCredentials(): Promise<void>;
  saveTwilio(input: CommandRequest<'settings:saveTwilio'>): Promise<AccountSaveResult>;
  saveSecret(input: CommandRequest<'settings:saveSecret'>): Promise<AccountSaveResult>;
  clearSecret(input: CommandRequest<'settings:clearSecret'>): Promise<AccountSaveResult>;
  savePublicAccess(input: CommandRequest<'settings:savePublicAccess'>): Promise<AccountSaveResult>;
  saveAi(input: CommandRequest<'settings:saveAi'>): Promise<AccountSaveResult>;
}

const rethrow = (error: unknown): never => {
  throw new Error(errorMessage(error));
};

/** The Settings screen shows what was just saved (secrets only as set / not set). */
const applied = (result: AccountSaveResult): AccountSaveResult => {
  useSettingsStore.setState({ console: result.settings });
  return result;
};

export const useGoLiveStore = create<GoLiveState>()((set) => ({
  tunnel: null,
  numbers: null,
  selfTest: null,
  checks: null,
  follow() {
    const stop = api.on('tunnel:changed', (tunnel) => set({ tunnel }));
    api.invoke('tunnel:status', {}).then(
      (tunnel) => set({ tunnel }),
      () => undefined, // the section still works; the next tunnel:changed fills it in
    );
    return stop;
  },
  async startTunnel(input) {
    set({ tunnel: await api.invoke('tunnel:start', input).catch(rethrow) });
  },
  async stopTunnel() {
    set({ tunnel: await api.invoke('tunnel:stop', {}).catch(rethrow) });
  },
  async listNumbers() {
    set({ numbers: await api.invoke('numbers:list', {}).catch(rethrow) });
  },
  async connect(phoneNumberSid) {
    const connected = await api.invoke('numbers:connect', { phoneNumberSid }).catch(rethrow);
    set({ numbers: await api.invoke('numbers:list', {}).catch(rethrow) });
    return connected.changes ?? [];
  },
  async runSelfTest() {
    set({ selfTest: null });
    set({ selfTest: await api.invoke('setup:selfTest', {}).catch(rethrow) });
  },
  async checkCredentials() {
    set({ checks: null });
    set({ checks: await api.invoke('credentials:check', {}).catch(rethrow) });
  },
  saveTwilio: (input) => api.invoke('settings:saveTwilio', input).then(applied, rethrow),
  saveSecret: (input) => api.invoke('settings:saveSecret', input).then(applied, rethrow),
  clearSecret: (input) => api.invoke('settings:clearSecret', input).then(applied, rethrow),
  savePublicAccess: (input) =>
    api.invoke('settings:savePublicAccess', input).then(applied, rethrow),
  saveAi: (input) => api.invoke('settings:saveAi', input).then(applied, rethrow),
}));
