/**
 * Runs sandboxed (contextIsolation + sandbox), so it is bundled to one CommonJS file whose only
 * require is 'electron'. It exposes `window.switchboard`, the OperatorApi and nothing more: the
 * page never sees ipcRenderer, and cannot name any channel of its own.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type {
  CommandName,
  CommandRequest,
  CommandResult,
  EventMap,
  EventName,
  OperatorApi,
} from '../shared/contract';
import { ipcChannels, type EventMessage, type InvokeReply } from './channels';

const listeners = new Map<string, Set<(payload: unknown) => void>>();

ipcRenderer.on(ipcChannels.event, (_event, message: EventMessage) => {
  for (const listener of listeners.get(message.event) ?? []) listener(message.payload);
});

const switchboard: OperatorApi = {
  async invoke<C extends CommandName>(command: C, request: CommandRequest<C>) {
    const reply = (await ipcRenderer.invoke(ipcChannels.invoke, command, request)) as InvokeReply;
    if (reply.ok) return reply.result as CommandResult<C>;
    // Only the message survives contextBridge; it is the sentence the operator should read.
    throw new Error(reply.error.message);
  },
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
