import { create } from 'zustand';
import type { AppInfo, Health, QueueStats } from '../../../shared/types';
import { api, errorMessage, type ConnectionState } from '../api';

interface AppState {
  connection: ConnectionState;
  info: AppInfo | null;
  health: Health | null;
  /** Latest queue figures: from health:get, then from queue:changed events. */
  queue: QueueStats | null;
  loadError: string | null;
  load(): Promise<void>;
  setConnection(state: ConnectionState): void;
  setQueue(queue: QueueStats): void;
}

export const useAppStore = create<AppState>()((set) => ({
  connection: 'connecting',
  info: null,
  health: null,
  queue: null,
  loadError: null,
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
