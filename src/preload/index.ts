/**
 * Runs sandboxed (contextIsolation + sandbox), so it is bundled to one CommonJS file whose only
 * require is 'electron'. It exposes `window.switchboard` (the operator contract, see ./api.d.ts) and nothing more: the
 * page never sees ipcRenderer, and cannot name any channel of its own.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { CommandName, CommandRequest, EventMap, EventName } from '../shared/contract';
import type { PreloadApi } from './api';
import { ipcChannels, type EventMessage, type InvokeReply } from './channels';

const listeners = new Map<string, Set<(payload: unknown) => void>>();

ipcRenderer.on(ipcChannels.event, (_event, message: EventMessage) => {
  for (const listener of listeners.get(message.event) ?? []) listener(message.payload);
});

const switchboard: PreloadApi = {
  // Failures come back as values: an Error thrown across contextBridge keeps only its message,
  // and the renderer needs the kind too (e.g. "needs-confirmation").
  invoke: <C extends CommandName>(command: C, request: CommandRequest<C>) =>
    ipcRenderer.invoke(ipcChannels.invoke, command, request) as Promise<InvokeReply>,
  upload: (conversationId: number, bytes: ArrayBuffer) =>
    ipcRenderer.invoke(ipcChannels.upload, conversationId, bytes) as Promise<InvokeReply>,
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void) {
    const forEvent = listeners.get(event) ?? new Set();
    listeners.set(event, forEvent);
    const untyped = listener as (payload: unknown) => void;
    forEvent.add(untyped);
    return () => {
      forEvent.delete(untyped);
    };
  },
};

contextBridge.exposeInMainWorld('switchboard', switchboard);
