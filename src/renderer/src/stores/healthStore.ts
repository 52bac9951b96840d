import { create } from 'zustand';
import type { DeadJob, DraftingStatus, Health, QueueStats } from '../../../shared/types';
import { api, errorMessage } from '../api';
import { coalesced } from './coalesce';
import { useTunnelStore } from './tunnelStore';

interface HealthState {
  health: Health | null;
  /** Latest queue figures: from health:get, then from pushed queue:changed events. */
  queue: QueueStats | null;
  dead: DeadJob[];
  ai: DraftingStatus | null;
  error: string | null;
  /** Everything, once per connection. */
  load(): Promise<void>;
  /** health:get again (webhook time, database size); concurrent calls collapse into one. */
  refresh(): Promise<void>;
  /** Applies a pushed queue:changed; the dead-job list follows when its count moves. */
  setQueue(queue: QueueStats): void;
  retry(jobId: number): Promise<void>;
}

export const useHealthStore = create<HealthState>()((set, get) => {
  const loadDead = async () => {
    try {
      set({ dead: await api.invoke('jobs:listDead', {}) });
    } catch (error) {
      set({ error: errorMessage(error) });
    }
  };

  return {
    health: null,
    queue: null,
    dead: [],
    ai: null,
    error: null,
    async load() {
      // Each part shows on its own: a failed dead-job list must not hide the rest.
      const [health, dead, drafting] = await Promise.allSettled([
        api.invoke('health:get', {}),
        api.invoke('jobs:listDead', {}),
        api.invoke('drafting:getSettings', {}),
      ]);
      const failed = [health, dead, drafting].find((r) => r.status === 'rejected');
      if (health.status === 'fulfilled') useTunnelStore.getState().set(health.value.tunnel);
      set({
        ...(health.status === 'fulfilled'
          ? { health: health.value, queue: health.value.queue }
          : {}),
        ...(dead.status === 'fulfilled' ? { dead: dead.value } : {}),
        ...(drafting.status === 'fulfilled' ? { ai: drafting.value.status } : {}),
        error: failed ? errorMessage(failed.reason) : null,
      });
    },
    refresh: coalesced(async () => {
      try {
        const health = await api.invoke('health:get', {});
        useTunnelStore.getState().set(health.tunnel);
        set({ health, error: null });
      } catch (error) {
        set({ error: errorMessage(error) });
      }
    }),
    setQueue(queue) {
      const before = get().queue?.dead;
      set({ queue });
      if (before !== queue.dead) {
        void loadDead();
        // A job given up on may be a notification that could not be delivered: Health lists those.
        if (before !== undefined) void get().refresh();
      }
    },
    async retry(jobId) {
      try {
        await api.invoke('jobs:retry', { jobId });
      } finally {
        // Whether it was requeued or had already gone, the list should say so now.
        await loadDead();
      }
    },
  };
});
