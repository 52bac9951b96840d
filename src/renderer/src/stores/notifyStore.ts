import { create } from 'zustand';
import type { CommandRequest } from '../../../shared/contract';
import type { NotifyRules, NotifySettingsView, NotifyTestResult } from '../../../shared/notify';
import { api, errorMessage } from '../api';

/**
 * Settings → Notifications: the channels and rules as the core keeps them (secrets only as
 * set / not set). Loaded when the section opens; each save answers with the whole view.
 */
interface NotifyState {
  view: NotifySettingsView | null;
  error: string | null;
  load(): Promise<void>;
  saveChannel(channel: CommandRequest<'notify:saveChannel'>): Promise<void>;
  removeChannel(id: number): Promise<void>;
  saveRules(rules: NotifyRules): Promise<void>;
  test(id: number): Promise<NotifyTestResult>;
}

export const useNotifyStore = create<NotifyState>()((set) => ({
  view: null,
  error: null,
  async load() {
    try {
      set({ view: await api.invoke('notify:get', {}), error: null });
    } catch (failure) {
      set({ error: errorMessage(failure) });
    }
  },
  async saveChannel(channel) {
    set({ view: await api.invoke('notify:saveChannel', channel) });
  },
  async removeChannel(id) {
    set({ view: await api.invoke('notify:removeChannel', { id }) });
  },
  async saveRules(rules) {
    set({ view: await api.invoke('notify:saveRules', rules) });
  },
  test: (id) => api.invoke('notify:test', { id }),
}));
