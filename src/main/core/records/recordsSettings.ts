import { z } from 'zod';
import type { RecordsSettings } from '../../../shared/types';
import type { Db } from '../store/database';
import { getSetting, setSetting } from '../store/settings';

export const recordsSettingsSchema = z.object({
  backups: z
    .object({
      enabled: z.boolean().default(true),
      intervalHours: z
        .number()
        .int()
        .min(1)
        .max(24 * 30)
        .default(24),
      keep: z.number().int().min(1).max(365).default(7),
      /** Space the kept backups may take together (GB); null: only `keep` limits them. */
      maxTotalGb: z.number().positive().max(100_000).nullable().default(null),
      folder: z.string().min(1).nullable().default(null),
    })
    .default({ enabled: true, intervalHours: 24, keep: 7, maxTotalGb: null, folder: null }),
  retention: z
    .object({
      enabled: z.boolean().default(false),
      months: z.number().int().min(1).max(600).default(24),
    })
    .default({ enabled: false, months: 24 }),
  /** Always on: Twilio's signed requests for a year, refused ones (summaries) for a week. */
  webhookLog: z
    .object({
      acceptedDays: z.number().int().min(1).max(3650).default(365),
      refusedDays: z.number().int().min(1).max(365).default(7),
    })
    .default({ acceptedDays: 365, refusedDays: 7 }),
  /** Privacy, off by default: delete Twilio's copy of each attachment once ours is kept. */
  media: z
    .object({ deleteCarrierCopy: z.boolean().default(false) })
    .default({ deleteCarrierCopy: false }),
});

const SETTINGS_KEY = 'records';
const STATE_KEY = 'records.state';

/** Reads the records settings; a missing or damaged entry falls back to the defaults. */
export function readRecordsSettings(db: Db): RecordsSettings {
  const parsed = recordsSettingsSchema.safeParse(getSetting(db, SETTINGS_KEY) ?? {});
  return parsed.success ? parsed.data : recordsSettingsSchema.parse({});
}

export function saveRecordsSettings(
  db: Db,
  patch: {
    backups?: Partial<RecordsSettings['backups']>;
    retention?: Partial<RecordsSettings['retention']>;
    webhookLog?: Partial<RecordsSettings['webhookLog']>;
    media?: Partial<RecordsSettings['media']>;
  },
  now: number,
): RecordsSettings {
  const current = readRecordsSettings(db);
  const next = recordsSettingsSchema.parse({
    backups: { ...current.backups, ...patch.backups },
    retention: { ...current.retention, ...patch.retention },
    webhookLog: { ...current.webhookLog, ...patch.webhookLog },
    media: { ...current.media, ...patch.media },
  });
  setSetting(db, SETTINGS_KEY, next, now);
  return next;
}

/** What the scheduler remembers between runs (and restarts). */
export interface RecordsState {
  lastBackupAt: number | null;
  lastBackupError: string | null;
  lastRetentionAt: number | null;
  lastWebhookLogPruneAt: number | null;
}

const stateSchema = z.object({
  lastBackupAt: z.number().nullable().default(null),
  lastBackupError: z.string().nullable().default(null),
  lastRetentionAt: z.number().nullable().default(null),
  lastWebhookLogPruneAt: z.number().nullable().default(null),
});

export function readRecordsState(db: Db): RecordsState {
  const parsed = stateSchema.safeParse(getSetting(db, STATE_KEY) ?? {});
  return parsed.success ? parsed.data : stateSchema.parse({});
}

export function updateRecordsState(db: Db, patch: Partial<RecordsState>, now: number): void {
  setSetting(db, STATE_KEY, { ...readRecordsState(db), ...patch }, now);
}
