/**
 * The live-event publisher: turns what the core just stored into the contract's events for the
 * console. Everything here runs after a commit, on the thread that answers Twilio, so it reads
 * nothing when nobody listens and batches what can wait (queue figures, the search index).
 */
import { toConversationView } from '../domain/conversationView';
import type { EventBus } from '../events';
import type { Logger } from '../log';
import type { InboundOutcome } from '../messaging/inbound';
import { startCountsFeed } from '../operator/countsFeed';
import { getConversationSummary } from '../store/conversations';
import { engineOf, type Db } from '../store/database';
import { queueStats } from '../store/jobs';
import { toMessageView } from '../domain/messageView';
import { getMessage } from '../store/messages';
import { indexSearchBacklog } from '../store/search';

/** Queue figures are for people: at most a few updates a second. */
const QUEUE_FIGURES_EVERY_MS = 250;
/** How long after a batch of new texts the search backlog is indexed. */
const SEARCH_INDEX_AFTER_MS = 100;

export type StoredInbound = Extract<InboundOutcome, { duplicate: false }>;

export interface LiveEvents {
  /** The queue changed: its figures follow (throttled; none while nobody listens). */
  queueChanged(): void;
  /** A message changed (status, decision…): the message and its conversation's summary. */
  messageChanged(messageId: number): void;
  /** A new text was stored (webhook or catch-up). */
  inboundStored(outcome: StoredInbound): void;
  /** Stops the timers and indexes what waits in the search backlog (at close, after the last commit). */
  close(): void;
}

export function startLiveEvents(deps: { db: Db; events: EventBus; logger: Logger }): LiveEvents {
  const { db, events } = deps;
  const later = afterTheReply(engineOf(db) === 'postgres', deps.logger);
  const queueChanged = throttle(() => {
    if (events.hasListeners) events.emit('queue:changed', queueStats(db));
  }, QUEUE_FIGURES_EVERY_MS);
  const messageChanged = later((messageId: number) => {
    const message = getMessage(db, messageId);
    if (!message) return;
    events.emit('message:updated', toMessageView(message));
    const summary = getConversationSummary(db, message.conversationId);
    if (summary) events.emit('conversation:updated', toConversationView(summary));
  });
  // Tab badges and the unread total: pushed when a counter changed (operator/countsFeed.ts).
  const countsFeed = startCountsFeed({ db, events });
  const search = searchIndexer(db, deps.logger);

  const announceInbound = later((outcome: StoredInbound) => {
    if (!events.hasListeners) return; // nobody to tell: skip the reads
    const message = getMessage(db, outcome.messageId);
    if (message) events.emit('message:added', toMessageView(message));
    for (const canceled of outcome.canceledScheduled) {
      messageChanged(canceled);
      events.emit('notice', {
        level: 'warning',
        conversationId: outcome.conversationId,
        text: 'A scheduled message was cancelled because the customer wrote first. Read their message, then reply or schedule again.',
      });
    }
    const summary = getConversationSummary(db, outcome.conversationId);
    if (summary) events.emit('conversation:updated', toConversationView(summary));
  });

  return {
    queueChanged,
    messageChanged,
    inboundStored(outcome) {
      search.soon();
      announceInbound(outcome);
    },
    close() {
      later.close();
      queueChanged.cancel();
      countsFeed.stop();
      search.now();
    },
  };
}

/**
 * On a hub the reads that build these events are round trips to PostgreSQL, and there is always a
 * listener (hubEvents.ts publishes to the other processes): they run on the next turn, after the
 * webhook's reply is written, instead of before it. On the laptop `fn` runs as it is called (no
 * extra tick on the hot path, and only while a console listens).
 */
function afterTheReply(
  deferred: boolean,
  logger: Logger,
): (<A>(fn: (arg: A) => void) => (arg: A) => void) & { close(): void } {
  let closed = false;
  const wrap = <A>(fn: (arg: A) => void) => {
    if (!deferred) return fn;
    return (arg: A) => {
      setImmediate(() => {
        if (closed) return; // the store may be closing: the console reads afresh next start
        try {
          fn(arg);
        } catch (error) {
          logger.warn({ err: error }, 'could not build a live event');
        }
      });
    };
  };
  return Object.assign(wrap, {
    close: () => {
      closed = true;
    },
  });
}

/**
 * New messages wait in the search backlog (migration 0050) and are indexed together a moment
 * after a batch; a search catches up by itself, so this only keeps the backlog short.
 */
function searchIndexer(db: Db, logger: Logger): { soon(): void; now(): void } {
  let timer: NodeJS.Timeout | undefined;
  const now = () => {
    clearTimeout(timer);
    timer = undefined;
    try {
      indexSearchBacklog(db);
    } catch (error) {
      logger.warn({ err: error }, 'could not update the search index; the next search will');
    }
  };
  return {
    soon: () => {
      timer ??= setTimeout(now, SEARCH_INDEX_AFTER_MS);
    },
    now,
  };
}

/** Calls `fn` at most once per `ms`, always including the last call of a burst. */
function throttle(fn: () => void, ms: number): (() => void) & { cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  let last = 0;
  const run = () => {
    timer = undefined;
    last = Date.now();
    fn();
  };
  const throttled = () => {
    if (timer) return;
    const wait = last + ms - Date.now();
    if (wait <= 0) run();
    else timer = setTimeout(run, wait);
  };
  return Object.assign(throttled, { cancel: () => clearTimeout(timer) });
}
