/**
 * The "away" switch (the header's button): the one copy the console keeps. Fed by
 * drafting:getSettings when the connection opens, `away:changed` (pushed, from consoleUpdates.ts)
 * and the answer of drafting:setAway.
 */
import { create } from 'zustand';
import type { AwayState } from '../../../shared/types';
import { api } from '../api';

interface AwayStoreState {
  /** Null until the core said. */
  away: AwayState | null;
  set(away: AwayState): void;
  load(): void;
  /** Rejects with the core's OperatorError. */
  switchTo(on: boolean): Promise<void>;
}

export const useAwayStore = create<AwayStoreState>()((set) => ({
  away: null,
  set(away) {
    set({ away });
  },
  load() {
    api.invoke('drafting:getSettings', {}).then(
      ({ away }) => set({ away }),
      () => undefined, // the next away:changed fills it in
    );
  },
  async switchTo(on) {
    set({ away: await api.invoke('drafting:setAway', { on }) });
  },
}));
