/**
 * The two IPC channels between the preload and the Electron shell, and the reply shape. The main
 * process imports this file too, so both sides spell them the same way. Type-only imports: the
 * sandboxed preload bundle must not pull in zod.
 */
import type { CommandError, EventMap, EventName } from '../shared/contract';

export const ipcChannels = {
  /** renderer → main: run one operator command. */
  invoke: 'operator:invoke',
  /** renderer → main: a picture or PDF for a conversation's composer (its bytes). */
  upload: 'operator:upload',
  /** main → renderer: every pushed core event, on one channel. */
  event: 'operator:event',
} as const;

/** Errors travel as data: an Error thrown through ipcMain.handle reaches the page mangled. */
export type InvokeReply = { ok: true; result: unknown } | { ok: false; error: CommandError };

export type EventMessage = { [E in EventName]: { event: E; payload: EventMap[E] } }[EventName];
