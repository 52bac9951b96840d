/**
 * Delivering a recorded notification through one channel (the `notify` job) and the Test button.
 * The text is composed at delivery from the conversation as it is then: the number masked, the
 * customer's words only when the operator allows them (domain/notificationText.ts).
 */
import type { NotifyRules, NotifyTestResult } from '../../../shared/notify';
import { composeNotification, type NotificationText } from '../domain/notificationText';
import type { SecretStore } from '../golive/secrets';
import type { Logger } from '../log';
import { PermanentJobError, RetryLaterError } from '../queue/errors';
import { jobKinds, type JobPayload } from '../queue/jobKinds';
import type { JobContext } from '../queue/worker';
import { getConversationSummary } from '../store/conversations';
import type { Db } from '../store/database';
import { getMessage } from '../store/messages';
import { getNotification, setDeliveryState, type NotificationRecord } from '../store/notifications';
import { ChannelError, deliverTo, type SendOptions } from './channels';
import { readChannelSecrets, readChannels } from './settings';

export function createDelivery(
  deps: SendOptions & {
    db: Db;
    secrets: SecretStore;
    now: () => number;
    logger: Logger;
    rules: () => NotifyRules;
  },
): {
  deliver(payload: JobPayload<'notify'>, context: JobContext): Promise<void>;
  test(channelId: number): Promise<NotifyTestResult>;
} {
  const { db, now, logger } = deps;
  const rules = () => deps.rules();
  const textOf = (notification: NotificationRecord): NotificationText => {
    const summary =
      notification.conversationId === null
        ? undefined
        : getConversationSummary(db, notification.conversationId);
    const message = notification.messageId === null ? undefined : getMessage(db, notification.messageId); // prettier-ignore
    return composeNotification({
      kind: notification.kind,
      address: summary?.contact.address ?? null,
      name: summary?.contact.name ?? null,
      waitedMinutes: message ? Math.max(0, Math.floor((now() - message.createdAt) / 60_000)) : null,
      detail: notification.detail,
      // A failed send is about our reply; the customer's words are what the operator allows.
      body: notification.kind === 'send-failed' ? null : (message?.body ?? null),
      includeBody: rules().includeBody,
    });
  };

  const deliver = async (payload: JobPayload<'notify'>, context: JobContext): Promise<void> => {
    const notification = getNotification(db, payload.notificationId);
    const channel = readChannels(db).find((c) => c.id === payload.channelId);
    // Removed or switched off since: nothing to deliver, nothing to retry.
    if (!notification || !channel || !channel.enabled) return;
    const target = { ...channel, secrets: readChannelSecrets(deps.secrets, channel.id) };
    const state = (value: 'sent' | 'retrying' | 'failed', error: string | null) =>
      setDeliveryState(db, {
        notificationId: notification.id,
        channelId: channel.id,
        state: value,
        attempts: context.attempt,
        error,
        now: now(),
      });
    try {
      await deliverTo(target, textOf(notification), deps);
      state('sent', null);
    } catch (error) {
      const failure =
        error instanceof ChannelError ? error : new ChannelError(String((error as Error).message), true); // prettier-ignore
      const last = !failure.retryable || context.attempt >= jobKinds.notify.maxAttempts;
      state(last ? 'failed' : 'retrying', failure.message);
      logger.warn({ channelId: channel.id, attempt: context.attempt, err: failure.message }, 'notification not delivered'); // prettier-ignore
      if (!failure.retryable) throw new PermanentJobError(failure.message);
      if (failure.retryAfterMs !== null) throw new RetryLaterError(failure.message, failure.retryAfterMs); // prettier-ignore
      throw failure;
    }
  };

  const test = async (channelId: number): Promise<NotifyTestResult> => {
    const channel = readChannels(db).find((c) => c.id === channelId);
    if (!channel) return { ok: false, message: 'That channel no longer exists.' };
    const sample = composeNotification({
      kind: 'waiting',
      address: '+14155550142',
      name: null,
      waitedMinutes: rules().waitingMinutes ?? 15,
      detail: '',
      body: 'Hi, do you have a table for two tonight?',
      includeBody: rules().includeBody,
    });
    try {
      await deliverTo(
        { ...channel, secrets: readChannelSecrets(deps.secrets, channel.id) },
        {
          title: `${sample.title} (test)`,
          text: `This is a test from Switchboard.\n${sample.text}`,
        },
        deps,
      );
      return { ok: true, message: `Sent a test notification through “${channel.name}”. Check that it arrived.` }; // prettier-ignore
    } catch (error) {
      return { ok: false, message: error instanceof ChannelError ? error.message : String(error) };
    }
  };

  return { deliver, test };
}
