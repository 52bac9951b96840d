/**
 * The contract's part for reaching the operator away from the laptop (notification channels and
 * when to use them) and for translation into the languages the operator reads (issue 17, items
 * 5-6). Kept apart from contract.ts so the slice's commands are one spread there. May import zod
 * only, like the contract.
 */
import { z } from 'zod';

export const notifyChannelKinds = [
  'email',
  'slack',
  'discord',
  'teams',
  'ntfy',
  'pushover',
] as const;
export type NotifyChannelKind = (typeof notifyChannelKinds)[number];

/** What a channel keeps in Settings (nothing secret: those fields travel in `secrets` only). */
export const notifyChannelSettingsSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('email'),
      host: z.string().trim().min(1, 'Type the SMTP server’s name').max(253),
      port: z.number().int().min(1).max(65_535),
      /** starttls: plain connection upgraded (587); tls: TLS from the start (465); none: local relays. */
      security: z.enum(['starttls', 'tls', 'none']),
      user: z.string().trim().max(254),
      from: z.string().trim().min(3, 'Type the address the email comes from').max(254),
      to: z.string().trim().min(3, 'Type the address to notify').max(1000),
    })
    .strict(),
  z.object({ kind: z.literal('slack') }).strict(),
  z.object({ kind: z.literal('discord') }).strict(),
  z.object({ kind: z.literal('teams') }).strict(),
  z
    .object({
      kind: z.literal('ntfy'),
      server: z
        .string()
        .trim()
        .url('Type the ntfy server’s address, e.g. https://ntfy.sh')
        .max(500),
      topic: z
        .string()
        .trim()
        .regex(/^[-_A-Za-z0-9]{1,64}$/, 'A topic is letters, digits, - and _ (up to 64)'),
    })
    .strict(),
  z.object({ kind: z.literal('pushover') }).strict(),
]);
export type NotifyChannelSettings = z.output<typeof notifyChannelSettingsSchema>;

/**
 * The secret fields of each kind: kept by the secret store, never shown again (the console
 * learns set / not set). A Slack, Discord or Teams webhook URL is a secret: anyone holding it can post.
 */
export const notifySecretFields: Record<NotifyChannelKind, readonly string[]> = {
  email: ['password'],
  slack: ['webhookUrl'],
  discord: ['webhookUrl'],
  teams: ['webhookUrl'],
  ntfy: ['token'],
  pushover: ['userKey', 'appToken'],
};

/** Secret fields a channel cannot work without (ntfy's token and an SMTP password are optional). */
export const notifyRequiredSecrets: Record<NotifyChannelKind, readonly string[]> = {
  email: [],
  slack: ['webhookUrl'],
  discord: ['webhookUrl'],
  teams: ['webhookUrl'],
  ntfy: [],
  pushover: ['userKey', 'appToken'],
};

export const notifyRulesSchema = z
  .object({
    /** Notify when a customer has waited this long without an answer; null: never. */
    waitingMinutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60)
      .nullable(),
    handoff: z.boolean(),
    sendFailed: z.boolean(),
    /** Put the customer's message in the notification (off: only that someone wrote). */
    includeBody: z.boolean(),
  })
  .strict();
export type NotifyRules = z.output<typeof notifyRulesSchema>;

export interface NotifyChannelView {
  id: number;
  name: string;
  enabled: boolean;
  settings: NotifyChannelSettings;
  /** Which secret fields are set (never their values). */
  secrets: Record<string, boolean>;
}

export interface NotifySettingsView {
  channels: NotifyChannelView[];
  rules: NotifyRules;
  /** 'environment' (serve mode): secrets typed here last until Switchboard stops. */
  secretStore: 'keychain' | 'environment';
  canStoreSecrets: boolean;
}

export interface NotifyTestResult {
  ok: boolean;
  /** What happened, or exactly what failed and what to do. */
  message: string;
}

/** A notification that could not be delivered (yet), for Health. */
export interface NotifyFailure {
  channelId: number;
  channelName: string;
  kind: 'waiting' | 'handoff' | 'send-failed';
  /** 'retrying' while attempts remain, 'failed' once given up. */
  state: 'retrying' | 'failed';
  attempts: number;
  error: string;
  at: number;
}

const languageCode = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z]{2}$/, 'Use two-letter language codes, e.g. en, es, fr');

export const translationSettingsSchema = z
  .object({ languages: z.array(languageCode).min(1, 'List at least one language').max(20) })
  .strict();
export type TranslationSettings = z.output<typeof translationSettingsSchema>;

export interface TranslationView {
  /** The translation, or null when there is none (offline: `message` says why). */
  text: string | null;
  /** The language translated into. */
  language: string;
  /** Why there is no translation, in words ("Translation needs the AI model…"). */
  message: string | null;
  cached: boolean;
}

const channelId = z.number().int().positive();
const secretValues = z.record(z.string(), z.string().trim().max(2000));

export const notifyCommandSchemas = {
  'notify:get': z.object({}).strict(),
  'notify:saveChannel': z
    .object({
      /** Absent: a new channel. */
      id: channelId.optional(),
      name: z.string().trim().min(1, 'Give the channel a name').max(60),
      enabled: z.boolean(),
      settings: notifyChannelSettingsSchema,
      /** Only the secret fields typed now; an absent field keeps what was saved. */
      secrets: secretValues,
    })
    .strict(),
  'notify:removeChannel': z.object({ id: channelId }).strict(),
  'notify:test': z.object({ id: channelId }).strict(),
  'notify:saveRules': notifyRulesSchema,
  'translate:settings': z.object({}).strict(),
  'translate:saveSettings': translationSettingsSchema,
  /** A message's text in the operator's first language (cached). */
  'translate:message': z.object({ messageId: z.number().int().positive() }).strict(),
  /** A draft's text in the operator's first language (cached by its text). */
  'translate:draft': z.object({ draftId: z.number().int().positive() }).strict(),
};

export interface NotifyCommandResults {
  'notify:get': NotifySettingsView;
  'notify:saveChannel': NotifySettingsView;
  'notify:removeChannel': NotifySettingsView;
  'notify:test': NotifyTestResult;
  'notify:saveRules': NotifySettingsView;
  'translate:settings': TranslationSettings;
  'translate:saveSettings': TranslationSettings;
  'translate:message': TranslationView;
  'translate:draft': TranslationView;
}
