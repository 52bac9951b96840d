/**
 * Pushes `counts:changed` (every inbox counter: unread total, tabs, tabs per category) when one of
 * them changed, so the console never asks for counts that are the same as before: it asks
 * `conversations:counts` once per connection and follows this event after that.
 *
 * Reading the counters is a handful of rows (migration 0060 keeps them), so the check is cheap; it
 * runs at most once per `intervalMs`, after the first change of a burst (a flood of texts costs one
 * read, and one event only when a figure moved). Changes arrive as the core's own events (a
 * message, a conversation, a draft moved); retention announces none, so a slow backstop check
 * catches what no event announced. Nothing runs while nobody listens.
 */
import type { EventName } from '../../../shared/contract';
import type { EventBus } from '../events';
import { readInboxCounts } from '../store/conversations';
import type { Db } from '../store/database';

/** The events after which a counter may have moved. */
const changes: ReadonlySet<EventName> = new Set([
  'message:added',
  'message:updated',
  'conversation:updated',
  'draft:updated',
]);

export interface CountsFeed {
  stop(): void;
}

export function startCountsFeed(args: {
  db: Db;
  events: EventBus;
  intervalMs?: number;
  backstopMs?: number;
}): CountsFeed {
  const { db, events, intervalMs = 250, backstopMs = 5_000 } = args;
  let published: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const check = () => {
    timer = undefined;
    if (stopped || !events.hasListeners) return;
    const counts = readInboxCounts(db);
    const key = JSON.stringify(counts);
    if (key === published) return;
    published = key;
    events.emit('counts:changed', counts);
  };
  const nudge = () => {
    if (stopped || timer || !events.hasListeners) return;
    timer = setTimeout(check, intervalMs);
  };
  // A watcher, not a listener: the feed alone must not make emitters think someone listens.
  const unwatch = events.watch((event) => {
    if (changes.has(event)) nudge();
  });
  const backstop = setInterval(nudge, backstopMs);
  backstop.unref();

  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      clearInterval(backstop);
      unwatch();
    },
  };
}
