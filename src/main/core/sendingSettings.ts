import { z } from 'zod';
import type { QuietHours } from './domain/quietHours';
import type { Db } from './store/database';
import { getSetting } from './store/settings';

/** What the operator configures about sending (Settings screen; stored in the settings table). */
export interface SendingSettings {
  quietHours: QuietHours;
  /** Price per SMS segment for the cost estimate, in `currency`; null hides the estimate. */
  pricePerSegment: number | null;
  currency: string;
  /** Outbound pacing per sender number. */
  messagesPerSecond: number;
}

const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

const localTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

export const sendingSettingsSchema = z.object({
  quietHours: z
    .object({
      enabled: z.boolean(),
      start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
      end: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
      timeZone: z.string().refine(isTimeZone, 'unknown time zone'),
    })
    .refine((q) => q.start !== q.end, 'quiet hours must start and end at different times')
    .default(() => ({ enabled: false, start: '21:00', end: '08:00', timeZone: localTimeZone() })),
  // Twilio's US list price per outbound SMS segment at the time of writing.
  pricePerSegment: z.number().min(0).nullable().default(0.0083),
  currency: z.string().length(3).default('USD'),
  messagesPerSecond: z.number().positive().max(100).default(1),
});

export const SENDING_SETTINGS_KEY = 'sending';

/** Reads the sending settings; a missing or damaged entry falls back to the defaults. */
export function readSendingSettings(db: Db): SendingSettings {
  const parsed = sendingSettingsSchema.safeParse(getSetting(db, SENDING_SETTINGS_KEY) ?? {});
  return parsed.success ? parsed.data : sendingSettingsSchema.parse({});
}
