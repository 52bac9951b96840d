import { create } from 'zustand';
import type { AppInfo, Health, Notice, QueueStats } from '../../../shared/types';
import { api, errorMessage, type ConnectionState } from '../api';

interface AppState {
  connection: ConnectionState;
  info: AppInfo | null;
  health: Health | null;
  /** Latest queue figures: from health:get, then from queue:changed events. */
  queue: QueueStats | null;
  loadError: string | null;
  /** Pushed notices waiting to be read, newest last. */
  notices: Array<{ id: number; notice: Notice }>;
  load(): Promise<void>;
  pushNotice(notice: Notice): void;
  dismissNotice(id: number): void;
  setConnection(state: ConnectionState): void;
  setQueue(queue: QueueStats): void;
}

let noticeIds = 0;

export const useAppStore = create<AppState>()((set) => ({
  connection: 'connecting',
  info: null,
  health: null,
  queue: null,
  loadError: null,
  notices: [],
  pushNotice: (notice) =>
    set((state) => ({ notices: [...state.notices, { id: ++noticeIds, notice }].slice(-5) })),
  dismissNotice: (id) => set((state) => ({ notices: state.notices.filter((n) => n.id !== id) })),
  async load() {
    try {
      const [info, health] = await Promise.all([
        api.invoke('app:info', {}),
        api.invoke('health:get', {}),
      ]);
      set({ info, health, queue: health.queue, loadError: null });
    } catch (error) {
      set({ loadError: errorMessage(error) });
    }
  },
  setConnection: (connection) => set({ connection }),
  setQueue: (queue) => set({ queue }),
}));
