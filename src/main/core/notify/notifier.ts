/**
 * Reaching the operator away from the laptop (issue 17 item 5). Three causes: a customer waited
 * longer than the operator's threshold, a hand-off rule fired (`conversation:held`), a reply
 * could not be delivered. Each cause is recorded once (store/notifications.ts: a unique cause, so
 * a restart never notifies twice) together with one durable `notify` job per enabled channel, in
 * one transaction. Delivery runs on the job worker with backoff: a Slack that is down never holds
 * up the inbox or the webhook path. Nothing here runs per inbound text.
 */
import type { EventMap } from '../../../shared/contract';
import type { NotifyRules, NotifyTestResult } from '../../../shared/notify';
import type { EventBus } from '../events';
import type { SecretStore } from '../golive/secrets';
import type { Logger } from '../log';
import { enqueueJob } from '../queue/enqueue';
import type { JobPayload } from '../queue/jobKinds';
import type { JobContext } from '../queue/worker';
import type { Db } from '../store/database';
import {
  insertDelivery,
  insertNotification,
  listWaitingBetween,
  type NotificationKind,
} from '../store/notifications';
import type { SendOptions } from './channels';
import { createDelivery } from './delivery';
import { readChannels, readRules, type StoredChannel } from './settings';

/** How often the waiting check runs (one indexed range read each time). */
export const WAITING_CHECK_EVERY_MS = 60_000;
/** At start, customers who began waiting this long before the threshold are still looked at. */
const FIRST_LOOK_BACK_MS = 24 * 60 * 60_000;
const WAITING_PAGE = 200;

export interface NotifierDeps extends SendOptions {
  db: Db;
  secrets: SecretStore;
  events: EventBus;
  now: () => number;
  logger: Logger;
  /** Work was queued: the worker wakes. */
  onQueued: () => void;
  checkEveryMs?: number;
}

export interface Notifier {
  /** One run of the waiting check (the timer calls it; tests call it on a fake clock). */
  checkWaiting(): number;
  /** The `notify` job's handler. */
  deliver(payload: JobPayload<'notify'>, context: JobContext): Promise<void>;
  /** The Test button: a sample notification straight through the channel, with what failed. */
  test(channelId: number): Promise<NotifyTestResult>;
  /** Rules and channels changed in Settings. */
  reload(): void;
  start(): void;
  stop(): void;
}

interface Cause {
  cause: string;
  kind: NotificationKind;
  conversationId: number | null;
  messageId: number | null;
  detail: string;
}

export function createNotifier(deps: NotifierDeps): Notifier {
  const { db, now, logger } = deps;
  let rules: NotifyRules = readRules(db);
  let enabled: StoredChannel[] = readChannels(db).filter((c) => c.enabled);
  // The waiting check asks only for the stretch of time that crossed the threshold since it last ran.
  let waitedUpTo: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  let unwatch: (() => void) | undefined;

  // Causes this run already recorded: a failed message pushed again (a refresh, a late callback)
  // costs a lookup here instead of an INSERT that the unique cause would refuse anyway.
  const seen = new Set<string>();
  const record = (cause: Cause): boolean => {
    if (enabled.length === 0 || seen.has(cause.cause)) return false;
    const at = now();
    const queued = db.transaction(() => {
      const notificationId = insertNotification(db, { ...cause, now: at });
      if (notificationId === undefined) return false; // this cause was notified before
      for (const channel of enabled) {
        insertDelivery(db, { notificationId, channelId: channel.id, now: at });
        enqueueJob(
          db,
          'notify',
          { notificationId, channelId: channel.id },
          {
            now: at,
            dedupeKey: `notify:${notificationId}:${channel.id}`,
          },
        );
      }
      return true;
    })();
    // Only once stored (or found stored): a write that failed is tried again next time.
    if (seen.size > 10_000) seen.clear();
    seen.add(cause.cause);
    if (queued) deps.onQueued();
    return queued;
  };

  const checkWaiting = (): number => {
    if (rules.waitingMinutes === null || enabled.length === 0) return 0;
    const upTo = now() - rules.waitingMinutes * 60_000;
    let after = waitedUpTo ?? upTo - FIRST_LOOK_BACK_MS;
    let count = 0;
    for (;;) {
      const page = listWaitingBetween(db, { after, upTo, limit: WAITING_PAGE });
      for (const waiting of page) {
        if (
          record({
            cause: `waiting:${waiting.conversationId}:${waiting.lastMessageId}`,
            kind: 'waiting',
            conversationId: waiting.conversationId,
            messageId: waiting.lastMessageId,
            detail: '',
          })
        )
          count += 1;
      }
      if (page.length < WAITING_PAGE) break;
      after = page[page.length - 1]!.lastActivityAt;
    }
    waitedUpTo = upTo;
    return count;
  };

  const onEvent = <E extends keyof EventMap>(event: E, payload: EventMap[E]) => {
    if (event === 'message:updated' && rules.sendFailed) {
      const message = payload as EventMap['message:updated'];
      if (message.direction !== 'outbound') return;
      if (message.status !== 'failed' && message.status !== 'undelivered') return;
      const error = message.error;
      record({
        cause: `send-failed:${message.id}`,
        kind: 'send-failed',
        conversationId: message.conversationId,
        messageId: message.id,
        detail: error ? [error.title, error.action].filter(Boolean).join('. ') : message.statusText,
      });
    } else if (event === 'conversation:held' && rules.handoff) {
      // One hold is one cause: a conversation already held is not held (nor pushed) again.
      const held = payload as EventMap['conversation:held'];
      record({
        cause: `handoff:${held.conversationId}:${held.at}`,
        kind: 'handoff',
        conversationId: held.conversationId,
        messageId: null,
        detail: `${held.reason}.`,
      });
    }
  };

  const delivery = createDelivery({ ...deps, rules: () => rules });
  return {
    checkWaiting,
    deliver: delivery.deliver,
    test: delivery.test,
    reload() {
      rules = readRules(db);
      enabled = readChannels(db).filter((c) => c.enabled);
    },
    start() {
      unwatch ??= deps.events.watch((event, payload) => {
        try {
          onEvent(event, payload);
        } catch (error) {
          // The bus swallows a watcher's error; say it here (a full disk, a locked file).
          logger.warn({ err: error, event }, 'could not record a notification');
        }
      });
      const every = deps.checkEveryMs ?? WAITING_CHECK_EVERY_MS;
      const tick = () => {
        try {
          checkWaiting();
        } catch (error) {
          logger.warn({ err: error }, 'waiting check failed; it runs again in a minute');
        }
        timer = setTimeout(tick, every);
        timer.unref();
      };
      timer ??= setTimeout(tick, every);
      timer.unref();
    },
    stop() {
      clearTimeout(timer);
      timer = undefined;
      unwatch?.();
      unwatch = undefined;
    },
  };
}
