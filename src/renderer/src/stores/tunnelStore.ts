/**
 * The ngrok tunnel's state, the one copy the console keeps: the side panel's health facts and
 * Settings → Go live both read it here. It is fed by health:get (each load), tunnel:changed
 * (pushed, from consoleUpdates.ts), tunnel:status (when Go live opens) and the answers of
 * tunnel:start / tunnel:stop.
 */
import { create } from 'zustand';
import type { CommandRequest } from '../../../shared/contract';
import type { TunnelStatus } from '../../../shared/types';
import { api } from '../api';

interface TunnelState {
  /** Null until the core said; older cores send none with health (then it stays null). */
  tunnel: TunnelStatus | null;
  set(tunnel: TunnelStatus | null | undefined): void;
  /** Asks the core for the current state (Go live opening); a failure leaves the last one. */
  load(): void;
  /** Both reject with the core's OperatorError. */
  start(input: CommandRequest<'tunnel:start'>): Promise<void>;
  stop(): Promise<void>;
}

export const useTunnelStore = create<TunnelState>()((set) => ({
  tunnel: null,
  set(tunnel) {
    if (tunnel) set({ tunnel });
  },
  load() {
    api.invoke('tunnel:status', {}).then(
      (tunnel) => set({ tunnel }),
      () => undefined, // Go live still works; the next tunnel:changed fills it in
    );
  },
  async start(input) {
    set({ tunnel: await api.invoke('tunnel:start', input) });
  },
  async stop() {
    set({ tunnel: await api.invoke('tunnel:stop', {}) });
  },
}));
