import { create } from 'zustand';
import type { AppInfo, Notice } from '../../../shared/types';
import { api, errorMessage, type ConnectionState } from '../api';

interface AppState {
  connection: ConnectionState;
  info: AppInfo | null;
  loadError: string | null;
  /** Pushed notices waiting to be read, newest last. */
  notices: Array<{ id: number; notice: Notice }>;
  load(): Promise<void>;
  pushNotice(notice: Notice): void;
  dismissNotice(id: number): void;
  setConnection(state: ConnectionState): void;
}

let noticeIds = 0;

export const useAppStore = create<AppState>()((set) => ({
  connection: 'connecting',
  info: null,
  loadError: null,
  notices: [],
  pushNotice: (notice) =>
    set((state) => ({ notices: [...state.notices, { id: ++noticeIds, notice }].slice(-5) })),
  dismissNotice: (id) => set((state) => ({ notices: state.notices.filter((n) => n.id !== id) })),
  async load() {
    // Health and queue figures belong to the health store (and its panel), not here.
    try {
      set({ info: await api.invoke('app:info', {}), loadError: null });
    } catch (error) {
      set({ loadError: errorMessage(error) });
    }
  },
  setConnection: (connection) => set({ connection }),
}));
