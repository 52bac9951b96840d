import type { EventMap, EventName } from '../../shared/contract';
import type { EventListener } from '../../shared/events';

/**
 * The core's outbound event stream. Synchronous and in-process: emitters call `emit` after their
 * transaction committed, so listeners never see state that could still roll back.
 */
export class EventBus {
  private readonly listeners = new Set<EventListener>();
  private readonly watchers = new Set<EventListener>();

  emit<E extends EventName>(event: E, payload: EventMap[E]): void {
    for (const listener of this.listeners) {
      try {
        listener(event, payload);
      } catch {
        // A broken UI connection must never break ingest; transports log their own failures.
      }
    }
    for (const watcher of this.watchers) {
      try {
        watcher(event, payload);
      } catch {
        // Same: a derived feed must never break the emitter.
      }
    }
  }

  /**
   * An event another hub process emitted (composition/hubEvents.ts): its consoles' transports hear
   * it, the core's watchers do not. The process that emitted it already acted on it (recorded the
   * notification, counted the inbox), so acting again here would do it twice.
   */
  relay<E extends EventName>(event: E, payload: EventMap[E]): void {
    for (const listener of this.listeners) {
      try {
        listener(event, payload);
      } catch {
        // Same as emit: a broken connection must not stop the others hearing it.
      }
    }
  }

  /** False when nobody listens: emitters can skip building payloads. */
  get hasListeners(): boolean {
    return this.listeners.size > 0;
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Sees every event, without counting as a listener (`hasListeners`): for the core's own derived
   * feeds (counts), which have nobody to tell when no UI listens.
   */
  watch(watcher: EventListener): () => void {
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  /** Resolves with the first payload of `event` that satisfies `match` (tests and tools). */
  once<E extends EventName>(
    event: E,
    match: (payload: EventMap[E]) => boolean = () => true,
  ): Promise<EventMap[E]> {
    return new Promise((resolve) => {
      const off = this.subscribe((name: EventName, payload: unknown) => {
        if (name === event && match(payload as EventMap[E])) {
          off();
          resolve(payload as EventMap[E]);
        }
      });
    });
  }
}
