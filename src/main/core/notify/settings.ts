/**
 * The operator's notification channels and rules (settings table, nothing secret) and each
 * channel's secret fields (the secret store, one JSON entry per channel under `notify.<id>`).
 */
import { z } from 'zod';
import {
  notifyChannelSettingsSchema,
  notifyRulesSchema,
  notifySecretFields,
  type NotifyChannelSettings,
  type NotifyChannelView,
  type NotifyRules,
} from '../../../shared/notify';
import type { SecretStore } from '../golive/secrets';
import type { Db } from '../store/database';
import { getSetting, setSetting } from '../store/settings';

export const CHANNELS_KEY = 'notify.channels';
export const RULES_KEY = 'notify.rules';

const storedChannelSchema = z.object({
  id: z.number().int().positive(),
  name: z.string(),
  enabled: z.boolean(),
  settings: notifyChannelSettingsSchema,
});
export type StoredChannel = z.output<typeof storedChannelSchema>;

/** Notify after 15 minutes of waiting, on hand-offs and failed sends; the body stays out. */
export const defaultRules: NotifyRules = {
  waitingMinutes: 15,
  handoff: true,
  sendFailed: true,
  includeBody: false,
};

export function readChannels(db: Db): StoredChannel[] {
  const parsed = z.array(storedChannelSchema).safeParse(getSetting(db, CHANNELS_KEY) ?? []);
  // A hand-edited or damaged value reads as no channels rather than stopping the core.
  return parsed.success ? parsed.data : [];
}

export function writeChannels(db: Db, channels: StoredChannel[], now: number): void {
  setSetting(db, CHANNELS_KEY, channels, now);
}

export function readRules(db: Db): NotifyRules {
  const parsed = notifyRulesSchema.safeParse(getSetting(db, RULES_KEY) ?? defaultRules);
  return parsed.success ? parsed.data : defaultRules;
}

export const secretKeyOf = (id: number) => `notify.${id}` as const;

export function readChannelSecrets(secrets: SecretStore, id: number): Record<string, string> {
  const raw = secrets.get(secretKeyOf(id));
  if (!raw) return {};
  try {
    const parsed = JSON.parse(raw) as unknown;
    return z.record(z.string(), z.string()).parse(parsed);
  } catch {
    return {};
  }
}

/** Only the fields of the channel's kind; empty values clear a field, absent ones keep it. */
export function mergeChannelSecrets(
  kind: NotifyChannelSettings['kind'],
  saved: Record<string, string>,
  typed: Record<string, string>,
): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const field of notifySecretFields[kind]) {
    const value = field in typed ? typed[field] : saved[field];
    if (value) merged[field] = value;
  }
  return merged;
}

export function channelView(channel: StoredChannel, secrets: SecretStore): NotifyChannelView {
  const saved = readChannelSecrets(secrets, channel.id);
  return {
    ...channel,
    secrets: Object.fromEntries(
      notifySecretFields[channel.settings.kind].map((field) => [field, Boolean(saved[field])]),
    ),
  };
}
