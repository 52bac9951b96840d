/**
 * Live events across hub processes: on a hub (the store on PostgreSQL), each process publishes
 * the events its core emits to the others (store/postgres/notifyChannel.ts) and relays theirs to
 * its own consoles, so a text that came in through one process shows on a console connected to
 * another. On the laptop (SQLite) there is nobody to tell: nothing is subscribed, nothing runs.
 *
 * Publishing stays off the emitter's path: events are collected as they are emitted and sent a
 * moment later (setImmediate), several to one NOTIFY. An event too big for NOTIFY travels as a
 * reference (the message's, conversation's or draft's id) that the receiver re-reads. Events from
 * another process go to this process's consoles only (`EventBus.relay`), never back out: a process
 * never publishes what it relays, and never hears its own (the channel's origin tag).
 *
 * Note: on a hub this publisher is a listener, so the core builds event payloads even while no
 * console is connected to this process (a console on another process may be watching).
 */
import type { EventMap, EventName } from '../../../shared/contract';
import type { LiveEventsHealth } from '../../../shared/types';
import { toConversationView } from '../domain/conversationView';
import { toDraftView } from '../domain/draftView';
import { toMessageView } from '../domain/messageView';
import type { EventBus } from '../events';
import type { Logger } from '../log';
import { getConversationSummary } from '../store/conversations';
import type { Db } from '../store/database';
import { getDraftRecord } from '../store/drafts';
import { getMessage } from '../store/messages';
import {
  MAX_PUBLISH_BYTES,
  openNotifyChannel,
  type NotifyChannelOptions,
} from '../store/postgres/notifyChannel';
import { PostgresDb } from '../store/postgres/postgresDb';

/** What concerns this process's consoles only: its shell, its exports, its own tunnel. */
const LOCAL_ONLY: ReadonlySet<EventName> = new Set([
  'ui:openConversation',
  'export:progress',
  'tunnel:changed',
]);

/** One event on the wire: its payload, or a reference the receiver re-reads. */
interface WireEvent {
  n: EventName;
  p?: unknown;
  r?: number;
}

/** Re-reads an event's payload from its reference; undefined when it is gone or unknown. */
export type Reread = (event: EventName, id: number) => unknown;

export interface HubEvents {
  /** Whether other hub processes' events arrive; undefined on the laptop (there are none). */
  health(): LiveEventsHealth | undefined;
  /** The link to the other processes came up or dropped. */
  onHealthChanged(listener: () => void): () => void;
  /** Jobs were queued (by any process, or maybe while we did not listen): wake the worker. */
  onJobsAdded(listener: () => void): () => void;
  /** Sends what is pending, then disconnects. */
  close(): Promise<void>;
}

const laptop: HubEvents = {
  health: () => undefined,
  onHealthChanged: () => () => {},
  onJobsAdded: () => () => {},
  close: () => Promise.resolve(),
};

export function startHubEvents(deps: {
  db: Db;
  events: EventBus;
  logger: Logger;
  /** Tests: shorter reconnect waits. */
  retry?: NotifyChannelOptions['retry'];
  /** Tests: what a reference is re-read as. Default: from the store. */
  reread?: Reread;
}): HubEvents {
  const { db, events } = deps;
  if (!(db instanceof PostgresDb)) return laptop;
  const log = deps.logger.child({ name: 'hub-events' });
  const channel = openNotifyChannel({ url: db.url, retry: deps.retry });
  const reread = deps.reread ?? rereadFromStore(db);
  let dropped = 0;

  channel.onState((state) => {
    if (state.live) log.info({ missed: dropped }, 'live events from other hub processes flow');
    else
      log.warn(
        { problem: state.problem },
        'live events from other hub processes paused: reconnecting to PostgreSQL',
      );
    dropped = 0;
  });

  // Relayed events reach this process's listeners, this publisher among them: it must not send
  // them on (they would bounce between processes forever).
  let relaying = false;
  let pending: Array<[EventName, unknown]> = [];
  const unsubscribe = events.subscribe((event, payload) => {
    if (relaying || LOCAL_ONLY.has(event)) return;
    if (!channel.state().live) {
      dropped += 1;
      return;
    }
    if (pending.length === 0) setImmediate(flush);
    pending.push([event, payload]);
  });
  const flush = () => {
    const batch = pending;
    pending = [];
    for (const packet of pack(batch, log)) if (!channel.publish(packet)) dropped += 1;
  };

  channel.onEvents((body) => {
    let wire: WireEvent[];
    try {
      wire = JSON.parse(body) as WireEvent[];
    } catch (error) {
      log.warn({ err: error }, 'unreadable live event from another hub process; ignored');
      return;
    }
    relaying = true;
    try {
      for (const { n, p, r } of wire) {
        const payload = p ?? (r === undefined ? undefined : rereadSafely(reread, n, r, log));
        if (payload !== undefined) events.relay(n, payload as EventMap[typeof n]);
      }
    } finally {
      relaying = false;
    }
  });

  return {
    health: () => {
      const state = channel.state();
      return { connected: state.live, since: state.since, problem: state.problem };
    },
    onHealthChanged: (listener) => channel.onState(() => listener()),
    onJobsAdded: (listener) => channel.onJobsAdded(listener),
    async close() {
      unsubscribe();
      if (pending.length > 0) flush();
      await channel.close();
    },
  };
}

/** Events as few NOTIFY payloads as fit; each a JSON array of wire events. */
export function pack(batch: Array<[EventName, unknown]>, log: Logger): string[] {
  const packets: string[] = [];
  let items: string[] = [];
  let size = 2; // the brackets
  for (const [event, payload] of batch) {
    const item = wireItem(event, payload);
    if (item === undefined) {
      log.warn({ event }, 'event too big to send to other hub processes; their consoles miss it');
      continue;
    }
    const bytes = Buffer.byteLength(item) + 1; // and its comma
    if (items.length > 0 && size + bytes > MAX_PUBLISH_BYTES) {
      packets.push(`[${items.join(',')}]`);
      items = [];
      size = 2;
    }
    items.push(item);
    size += bytes;
  }
  if (items.length > 0) packets.push(`[${items.join(',')}]`);
  return packets;
}

function wireItem(event: EventName, payload: unknown): string | undefined {
  const whole = JSON.stringify({ n: event, p: payload } satisfies WireEvent);
  if (Buffer.byteLength(whole) + 2 <= MAX_PUBLISH_BYTES) return whole;
  const id = referenceOf(event, payload);
  return id === undefined ? undefined : JSON.stringify({ n: event, r: id } satisfies WireEvent);
}

/** The events a receiver can re-read, by the id of what they show. */
function referenceOf(event: EventName, payload: unknown): number | undefined {
  switch (event) {
    case 'message:added':
    case 'message:updated':
    case 'conversation:updated':
    case 'draft:updated':
      return (payload as { id: number }).id;
    default:
      return undefined;
  }
}

function rereadFromStore(db: Db): Reread {
  return (event, id) => {
    switch (event) {
      case 'message:added':
      case 'message:updated': {
        const message = getMessage(db, id);
        return message && toMessageView(message);
      }
      case 'conversation:updated': {
        const summary = getConversationSummary(db, id);
        return summary && toConversationView(summary);
      }
      case 'draft:updated': {
        const record = getDraftRecord(db, id);
        return record && toDraftView(record);
      }
      default:
        return undefined;
    }
  };
}

function rereadSafely(reread: Reread, event: EventName, id: number, log: Logger): unknown {
  try {
    return reread(event, id);
  } catch (error) {
    log.warn({ err: error, event }, 'could not re-read a live event from another hub process');
    return undefined;
  }
}
