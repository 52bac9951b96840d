/**
 * Walks an accepted outbound message through its delivery lifecycle and posts a signed status
 * callback for each step, like Twilio: no callback for the initial status, then (queued for a
 * Messaging Service send,) sending → sent → delivered | undelivered, or straight to failed.
 *
 * Steps run one after another, `callbackDelayMs` apart, and each waits for its callback's answer,
 * so arrival order at the receiver is exactly the order posted: that is what makes the duplicate
 * and reorder faults deterministic to test.
 */
import { randomUUID } from 'node:crypto';
import { maskAddress, type Logger } from '../log';
import { rawDlrDoneDate } from './dates';
import type { FaultState } from './faults';
import { fetchOutboundMedia, needsMediaFetch } from './outboundMedia';
import { DELIVERY_ERROR_MESSAGES, type DeliveryOutcome } from './magicNumbers';
import { API_VERSION } from './resources';
import type { Scheduler } from './scheduler';
import type { MessageStatus, SimulatorMessage, SimulatorStore } from './store';
import { sendSignedRequest } from './webhookClient';

export interface StatusWalkerDeps {
  accountSid: string;
  authToken: string;
  store: SimulatorStore;
  faults: FaultState;
  scheduler: Scheduler;
  callbackDelayMs: number;
  /** The sender a Messaging Service send gets when it leaves 'accepted'. */
  serviceSender: () => string;
  logger: Logger;
}

interface Step {
  status: MessageStatus;
  errorCode: number | null;
}

export function lifecycle(message: SimulatorMessage, outcome: DeliveryOutcome | undefined): Step[] {
  const ok = (status: MessageStatus): Step => ({ status, errorCode: null });
  const prefix = message.status === 'accepted' ? [ok('queued')] : [];
  if (outcome?.status === 'failed')
    return [...prefix, { status: 'failed', errorCode: outcome.errorCode }];
  if (outcome) {
    return [
      ...prefix,
      ok('sending'),
      ok('sent'),
      { status: 'undelivered', errorCode: outcome.errorCode },
    ];
  }
  // WhatsApp reports when the customer opened the message (the blue ticks).
  const read = message.to.startsWith('whatsapp:') ? [ok('read')] : [];
  return [...prefix, ok('sending'), ok('sent'), ok('delivered'), ...read];
}

export class StatusWalker {
  private readonly walks = new Map<string, Promise<void>>();

  constructor(private readonly deps: StatusWalkerDeps) {}

  /**
   * Starts the walk in the background; close() of the scheduler stops it. `outcome`: a failure
   * the carrier decided itself (WhatsApp's window), else the armed or magic delivery errors.
   */
  start(message: SimulatorMessage, outcome?: DeliveryOutcome): void {
    const decided = outcome ?? this.deps.faults.deliveryOutcome(message.to);
    this.walks.set(message.sid, this.fetchThenWalk(message, decided));
  }

  /** An MMS's media is fetched first, as Twilio does: a failed fetch fails the message. */
  private async fetchThenWalk(
    message: SimulatorMessage,
    decided: DeliveryOutcome | undefined,
  ): Promise<void> {
    const failed = needsMediaFetch(message)
      ? await fetchOutboundMedia(message, {
          store: this.deps.store,
          signal: this.deps.scheduler.signal,
          logger: this.deps.logger,
        })
      : undefined;
    await this.walk(message, lifecycle(message, failed ?? decided));
  }

  /** Resolves when the message reached its final status and every callback was attempted. */
  walked(sid: string): Promise<void> {
    return this.walks.get(sid) ?? Promise.resolve();
  }

  private async walk(message: SimulatorMessage, steps: Step[]): Promise<void> {
    const { scheduler, callbackDelayMs, faults } = this.deps;
    // Reordering is decided once per message, when it is accepted.
    const modes = faults.callbackModes();
    const posted = modes.reorder ? [...steps].reverse() : steps;
    for (let i = 0; i < steps.length; i += 1) {
      if (!(await scheduler.sleep(callbackDelayMs))) return;
      const step = steps[i];
      const callback = posted[i];
      if (!step || !callback) return;
      this.apply(message, step);
      const url = this.callbackUrl(message);
      if (!url) continue;
      const params = this.callbackParams(message, callback);
      const token = randomUUID();
      const copies = modes.duplicate ? 2 : 1;
      for (let copy = 0; copy < copies; copy += 1) {
        if (scheduler.closed) return;
        const status = await sendSignedRequest({
          url,
          method: 'POST',
          params,
          authToken: this.deps.authToken,
          signal: scheduler.signal,
          idempotencyToken: token,
        });
        this.deps.logger.debug(
          {
            sid: message.sid,
            messageStatus: callback.status,
            to: maskAddress(message.to),
            answer: status,
          },
          'status callback posted',
        );
      }
    }
  }

  /** The stored message moves forward in true order, whatever order the callbacks go out in. */
  private apply(message: SimulatorMessage, step: Step): void {
    const now = new Date();
    if (message.from === null) message.from = this.deps.serviceSender();
    message.status = step.status;
    message.dateUpdated = now;
    if (step.status === 'sent') message.dateSent = now;
    if (step.errorCode !== null) {
      message.errorCode = step.errorCode;
      message.errorMessage = DELIVERY_ERROR_MESSAGES[step.errorCode] ?? null;
    }
  }

  /** The create's StatusCallback, else the sender number's (a simulator convenience). */
  private callbackUrl(message: SimulatorMessage): string | null {
    if (message.statusCallback) return message.statusCallback;
    const { store } = this.deps;
    const from = message.from;
    const number =
      from === null
        ? undefined
        : from.startsWith('whatsapp:')
          ? store.whatsappSender(from.slice('whatsapp:'.length))
          : store.numberByPhone(from);
    return number?.statusCallback || null;
  }

  private callbackParams(message: SimulatorMessage, step: Step): Record<string, string> {
    const params: Record<string, string> = {
      AccountSid: this.deps.accountSid,
      ApiVersion: API_VERSION,
      From: message.from ?? '',
      MessageSid: message.sid,
      MessageStatus: step.status,
      SmsSid: message.sid,
      SmsStatus: step.status,
      To: message.to,
    };
    if (message.messagingServiceSid) params.MessagingServiceSid = message.messagingServiceSid;
    if (step.errorCode !== null) params.ErrorCode = String(step.errorCode);
    if (step.status === 'delivered' || step.status === 'undelivered') {
      params.RawDlrDoneDate = rawDlrDoneDate(new Date());
    }
    return params;
  }
}
