/**
 * What listens to the core's events. Here, beside the contract that names the events, so the
 * in-process bus (src/main/core/events.ts) and every transport that forwards events (Electron IPC,
 * the serve-mode bridge) share one type and the bus depends on nothing above it.
 */
import type { EventMap, EventName } from './contract';

export type EventListener = <E extends EventName>(event: E, payload: EventMap[E]) => void;

/**
 * Pushed when a hand-off rule stopped an automatic reply and the conversation waits for the
 * operator (payload: `HeldForOperator`, with the rule and the reason in plain words). Notifiers
 * listen for this name on the core's bus.
 */
export const HELD_FOR_OPERATOR_EVENT = 'conversation:held' satisfies EventName;
