import { create } from 'zustand';
import type { CommandRequest } from '../../../shared/contract';
import type {
  AwayState,
  ConsoleSettings,
  DraftingSettings,
  DraftingStatus,
} from '../../../shared/types';
import { api, errorMessage } from '../api';
import { dialogNavigation, type SectionedDialogState } from './sectionedDialog';

export type SettingsSection =
  | 'golive'
  | 'sending'
  | 'profile'
  | 'knowledge'
  | 'hours'
  | 'handoff'
  | 'ai'
  | 'notify'
  | 'languages'
  | 'privacy'
  | 'twilio'
  | 'ngrok';

interface SettingsState extends SectionedDialogState<SettingsSection> {
  console: ConsoleSettings | null;
  drafting: { settings: DraftingSettings; status: DraftingStatus; away: AwayState } | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  load(): Promise<void>;
  /** Both savers reject with the core's OperatorError (the sentence to show, and its kind). */
  saveSending(patch: CommandRequest<'settings:saveSending'>): Promise<void>;
  saveDrafting(patch: CommandRequest<'drafting:saveSettings'>): Promise<void>;
}

export const useSettingsStore = create<SettingsState>()((set, get) => ({
  isOpen: false,
  section: 'golive',
  console: null,
  drafting: null,
  status: 'idle',
  error: null,
  open(section) {
    // Fresh each time it opens (forms start from what is saved now, not from the last visit).
    set({ isOpen: true, status: 'loading', error: null, ...(section ? { section } : {}) });
    void get().load();
  },
  ...dialogNavigation<SettingsSection>(set),
  async load() {
    set({ status: 'loading', error: null });
    try {
      const [consoleSettings, drafting] = await Promise.all([
        api.invoke('settings:get', {}),
        api.invoke('drafting:getSettings', {}),
      ]);
      set({ console: consoleSettings, drafting, status: 'ready', error: null });
    } catch (error) {
      set({ status: 'error', error: errorMessage(error) });
    }
  },
  async saveSending(patch) {
    const saved = await api.invoke('settings:saveSending', patch);
    set({ console: saved });
  },
  async saveDrafting(patch) {
    const saved = await api.invoke('drafting:saveSettings', patch);
    set({ drafting: saved });
  },
}));
