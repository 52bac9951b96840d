/**
 * The Go live section of Settings: the account's numbers and WhatsApp senders, the self-test and credential checks, and saving account details. Savers reject with the core's
 * OperatorError (its sentence and kind); saved settings flow back into the settings store.
 */
import { create } from 'zustand';
import type { CommandRequest } from '../../../shared/contract';
import type {
  AccountSaveResult,
  CredentialCheck,
  NumberList,
  SelfTestResult,
  WhatsAppSetup,
} from '../../../shared/types';
import { api } from '../api';
import { useSettingsStore } from './settingsStore';

interface GoLiveState {
  numbers: NumberList | null;
  selfTest: SelfTestResult | null;
  checks: CredentialCheck[] | null;
  whatsapp: WhatsAppSetup | null;
  listNumbers(): Promise<void>;
  loadWhatsApp(): Promise<void>;
  /** Resolves with what changed, in words. */
  chooseSandbox(joinCode: string | undefined): Promise<string[]>;
  connectWhatsAppSender(senderSid: string): Promise<string[]>;
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

/** The Settings screen shows what was just saved (secrets only as set / not set). */
const applied = (result: AccountSaveResult): AccountSaveResult => {
  useSettingsStore.setState({ console: result.settings });
  return result;
};

export const useGoLiveStore = create<GoLiveState>()((set) => ({
  numbers: null,
  selfTest: null,
  checks: null,
  whatsapp: null,
  async loadWhatsApp() {
    set({ whatsapp: await api.invoke('numbers:whatsapp', {}) });
  },
  async chooseSandbox(joinCode) {
    const whatsapp = await api.invoke('numbers:useSandbox', joinCode ? { joinCode } : {});
    set({ whatsapp });
    return whatsapp.changes ?? [];
  },
  async connectWhatsAppSender(senderSid) {
    const whatsapp = await api.invoke('numbers:connectWhatsAppSender', { senderSid });
    set({ whatsapp });
    return whatsapp.changes ?? [];
  },
  async listNumbers() {
    set({ numbers: await api.invoke('numbers:list', {}) });
  },
  async connect(phoneNumberSid) {
    const connected = await api.invoke('numbers:connect', { phoneNumberSid });
    set({ numbers: await api.invoke('numbers:list', {}) });
    return connected.changes ?? [];
  },
  async runSelfTest() {
    set({ selfTest: null });
    set({ selfTest: await api.invoke('setup:selfTest', {}) });
  },
  async checkCredentials() {
    set({ checks: null });
    set({ checks: await api.invoke('credentials:check', {}) });
  },
  saveTwilio: (input) => api.invoke('settings:saveTwilio', input).then(applied),
  saveSecret: (input) => api.invoke('settings:saveSecret', input).then(applied),
  clearSecret: (input) => api.invoke('settings:clearSecret', input).then(applied),
  savePublicAccess: (input) => api.invoke('settings:savePublicAccess', input).then(applied),
  saveAi: (input) => api.invoke('settings:saveAi', input).then(applied),
}));
