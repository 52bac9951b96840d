import { z } from 'zod';

/**
 * Every kind of job, with the schema its stored payload must match. Payloads are validated when
 * written and again when read: a row written by an older version, or edited by hand, becomes a
 * dead job with a clear error instead of a crash in a handler.
 */
export const jobKinds = {
  /** Draft a reply to an inbound message. */
  draft: {
    payload: z.object({ messageId: z.number().int().positive() }).strict(),
    maxAttempts: 5,
    // A cut stream is retried within seconds; an AI service that is down for ten minutes still
    // gets a try after it is back: 4 waits from 1.5–3 s growing eightfold add up to 12–24 min.
    backoff: { baseMs: 3_000, factor: 8, maxMs: 20 * 60_000 },
  },
  /** Send an outbound message through the carrier (never twice: see messaging/sendMessage). */
  send: {
    payload: z.object({ messageId: z.number().int().positive() }).strict(),
    maxAttempts: 8,
    // Carriers have outages of minutes: 7 waits from 5–10 s doubling add up to 10.6–21 minutes,
    // so a reply queued during a ten-minute outage still goes out (once) without the operator.
    backoff: { baseMs: 10_000, maxMs: 10 * 60_000 },
  },
  /**
   * Keep an inbound message's attachments on the laptop (messaging/mediaJob.ts). Twilio keeps its
   * copy until someone deletes it, so a long outage only delays this: 7 waits from 7.5–15 s
   * doubling add up to 16–32 minutes before an item is given up on as failed.
   */
  media: {
    payload: z.object({ messageId: z.number().int().positive() }).strict(),
    maxAttempts: 8,
    backoff: { baseMs: 15_000, maxMs: 20 * 60_000 },
  },
  /**
   * Delete Twilio's copy of one attachment once ours is kept (the privacy setting;
   * messaging/carrierCopyJob.ts). Nothing waits on it, so it is patient: 9 waits from 30–60 s
   * doubling, capped at an hour, ride out 2–4 hours of Twilio being unreachable.
   */
  carrierMedia: {
    payload: z
      .object({ messageId: z.number().int().positive(), position: z.number().int().min(0) })
      .strict(),
    maxAttempts: 10,
    backoff: { baseMs: 60_000, maxMs: 60 * 60_000 },
  },
  /**
   * Deliver one notification to the operator through one channel (notify/notifier.ts). A service
   * that is down must not swallow the notice: 5 waits from 10–20 s growing fourfold add up to
   * 57–114 minutes before it is given up on and shown in Health as failed.
   */
  notify: {
    payload: z
      .object({
        notificationId: z.number().int().positive(),
        channelId: z.number().int().positive(),
      })
      .strict(),
    maxAttempts: 6,
    backoff: { baseMs: 20_000, factor: 4, maxMs: 60 * 60_000 },
  },
} as const;

export type JobKind = keyof typeof jobKinds;
export type JobPayload<K extends JobKind> = z.output<(typeof jobKinds)[K]['payload']>;

export const isJobKind = (kind: string): kind is JobKind =>
  Object.prototype.hasOwnProperty.call(jobKinds, kind);
