/**
 * What the hub processes sharing one PostgreSQL database tell each other, over LISTEN/NOTIFY:
 * live events for the consoles (`switchboard_events`) and "work was queued" (`switchboard_jobs`,
 * sent by the trigger in wakeTriggers.ts).
 *
 * Its own async `pg.Client` on the main thread, not a `PostgresDb`: a listener waits for the
 * server all the time, and a `PostgresDb` blocks its thread while it waits. Publishing never waits
 * either: `publish` hands the NOTIFY to the client and returns, so a slow or dropped connection
 * never holds up the webhook path; while the connection is down, what is published is dropped
 * (the consoles elsewhere miss it, and `state()` says so) and the channel reconnects with backoff.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { JOBS_ADDED_CHANNEL } from './wakeTriggers';

export const EVENTS_CHANNEL = 'switchboard_events';

/**
 * The most a payload given to `publish` may weigh, in UTF-8 bytes: NOTIFY refuses 8000 and more,
 * and the origin tag rides in front of it.
 */
export const MAX_PUBLISH_BYTES = 7_900;

/** How many NOTIFYs may wait for the server before more are dropped (memory stays bounded). */
const MAX_IN_FLIGHT = 512;

/** What pg_stat_activity shows for these connections (operators, and the reconnect test). */
export const NOTIFY_APPLICATION_NAME = 'switchboard-events';

export interface NotifyChannelState {
  /** Whether notifications arrive now. */
  live: boolean;
  /** Since when (ms since epoch). */
  since: number;
  /** Why not, in the driver's words (never the URL). */
  problem: string | null;
}

export interface NotifyChannel {
  /** This channel's tag on what it publishes: what it hears back with this tag it ignores. */
  readonly origin: string;
  state(): NotifyChannelState;
  /** Sends `payload` to every other channel on the database; false when it was dropped. */
  publish(payload: string): boolean;
  /** Payloads other channels published. */
  onEvents(listener: (payload: string) => void): () => void;
  /**
   * Jobs were inserted (a commit, in any process, this one included), and once after a reconnect:
   * work may have been queued while nobody listened.
   */
  onJobsAdded(listener: () => void): () => void;
  /** The connection came up or dropped. */
  onState(listener: (state: NotifyChannelState) => void): () => void;
  /** Sends what was published, then disconnects. */
  close(): Promise<void>;
}

export interface NotifyChannelOptions {
  /** The hub's DATABASE_URL (kept here, never logged). */
  url: string;
  /** Reconnect backoff: the first wait, doubling up to `maxMs`. */
  retry?: { firstMs?: number; maxMs?: number };
  now?: () => number;
}

export function openNotifyChannel(options: NotifyChannelOptions): NotifyChannel {
  const now = options.now ?? Date.now;
  const firstMs = options.retry?.firstMs ?? 500;
  const maxMs = options.retry?.maxMs ?? 15_000;
  const origin = `${process.pid}-${randomUUID().slice(0, 8)}`;
  const eventListeners = new Set<(payload: string) => void>();
  const jobListeners = new Set<() => void>();
  const stateListeners = new Set<(state: NotifyChannelState) => void>();
  const inFlight = new Set<Promise<void>>();
  let state: NotifyChannelState = { live: false, since: now(), problem: 'connecting' };
  let live: pg.Client | undefined;
  let current: pg.Client | undefined;
  let timer: NodeJS.Timeout | undefined;
  let failures = 0;
  let wasLive = false;
  let closed = false;

  const setState = (next: boolean, problem: string | null) => {
    if (state.live === next && (next || state.problem === problem)) return;
    const changed = state.live !== next;
    state = { live: next, since: changed ? now() : state.since, problem };
    if (changed) for (const listener of stateListeners) call(() => listener(state));
  };

  const deliver = (channel: string, payload: string) => {
    if (channel === JOBS_ADDED_CHANNEL) {
      for (const listener of jobListeners) call(listener);
      return;
    }
    const space = payload.indexOf(' ');
    if (space < 0 || payload.slice(0, space) === origin) return; // our own, heard back
    const body = payload.slice(space + 1);
    for (const listener of eventListeners) call(() => listener(body));
  };

  const connect = async () => {
    timer = undefined;
    if (closed) return;
    const client = new pg.Client({
      connectionString: options.url,
      application_name: NOTIFY_APPLICATION_NAME,
      keepAlive: true,
    });
    current = client;
    let dropped = false;
    const drop = (error?: Error) => {
      if (dropped) return;
      dropped = true;
      if (live === client) live = undefined;
      if (current === client) current = undefined;
      client.end().catch(() => {});
      if (closed) return;
      setState(false, error?.message ?? 'the connection to PostgreSQL ended');
      const wait = Math.min(maxMs, firstMs * 2 ** failures);
      failures += 1;
      timer = setTimeout(() => void connect(), wait);
      timer.unref();
    };
    client.on('error', drop);
    client.on('end', () => drop());
    client.on('notification', (message) => deliver(message.channel, message.payload ?? ''));
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}; LISTEN ${JOBS_ADDED_CHANNEL}`);
    } catch (error) {
      drop(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (dropped) return;
    if (closed) {
      await client.end().catch(() => {});
      return;
    }
    failures = 0;
    live = client;
    setState(true, null);
    // Jobs queued while this process was not listening woke nobody here: look once.
    if (wasLive) for (const listener of jobListeners) call(listener);
    wasLive = true;
  };
  void connect();

  return {
    origin,
    state: () => state,
    publish(payload) {
      const client = live;
      if (!client || closed || inFlight.size >= MAX_IN_FLIGHT) return false;
      if (Buffer.byteLength(payload) > MAX_PUBLISH_BYTES) return false;
      const sent: Promise<void> = client
        .query('SELECT pg_notify($1, $2)', [EVENTS_CHANNEL, `${origin} ${payload}`])
        // A failure here is the connection's: its 'error' event pauses and reconnects.
        .then(
          () => undefined,
          () => undefined,
        )
        .finally(() => inFlight.delete(sent));
      inFlight.add(sent);
      return true;
    },
    onEvents: (listener) => subscribe(eventListeners, listener),
    onJobsAdded: (listener) => subscribe(jobListeners, listener),
    onState: (listener) => subscribe(stateListeners, listener),
    async close() {
      if (closed) return;
      closed = true;
      clearTimeout(timer);
      await Promise.allSettled([...inFlight]);
      const client = current;
      live = undefined;
      current = undefined;
      await client?.end().catch(() => {});
    },
  };
}

function subscribe<T>(set: Set<T>, listener: T): () => void {
  set.add(listener);
  return () => set.delete(listener);
}

/** A listener's failure is its own business: the channel keeps delivering to the others. */
function call(fn: () => void): void {
  try {
    fn();
  } catch {
    // Listeners log their own failures (the composition piece does).
  }
}
