/**
 * The operator contract: every command the UI may invoke and every event the core pushes.
 *
 * Electron IPC and the serve-mode HTTP/WebSocket bridge are two transports of this one contract.
 * Request payloads come from an untrusted renderer, so each command has a zod schema that the
 * core applies before the handler runs. Result and event types are plain TypeScript: they flow
 * from the core to the UI and are produced by our own code.
 *
 * This file may import zod, ./types, ./notify and ./knowledge (slices' commands, spread in) only:
 * no Node, no Electron, no DOM.
 */
import { z } from 'zod';
import { knowledgeCommandSchemas, type KnowledgeCommandResults } from './knowledge';
import {
  aiModes,
  attentions,
  handoffTopics,
  type AwayState,
  type HeldForOperator,
  triageCategories,
  urgencies,
  type AppInfo,
  type CredentialCheck,
  type InboxCounts,
  type InboxCountsUpdate,
  type NumberList,
  type PhoneNumberView,
  type WhatsAppSetup,
  type SelfTestResult,
  type TunnelStatus,
  type ConsoleSettings,
  type ContactDetails,
  type ConversationSummary,
  type DeadJob,
  type DraftDelta,
  type DraftingSettings,
  type DraftingStatus,
  type DraftStats,
  type DraftView,
  type Health,
  type MessagePage,
  type MessageView,
  type Notice,
  type PreSendReport,
  type QueueStats,
  type SearchHit,
  exportFormats,
  exportKinds,
  logLevels,
  type BackupInfo,
  type BackupVerdict,
  type ContactImportResult,
  type ExportProgress,
  type LogEntry,
  type RecordsSettingsView,
  type RetentionResult,
  secretNames,
  type AccountSaveResult,
  type AttachmentLimits,
  type StagedAttachment,
  consentMethods,
  type TemplateList,
} from './types';
import { notifyCommandSchemas, type NotifyCommandResults } from './notify';

/** The longest Body Twilio takes for one message (SMS: across its segments). */
export const MAX_TEXT_LENGTH = 1600;

const id = z.number().int().positive();
/** What the operator typed; the 1,600-character carrier limit is a pre-send check, not a schema error. */
const messageText = z.string().max(10_000, 'That message is far too long for a text message');
/** Attachments staged in the composer (uploaded first, see `attachments:list`) that go with a text. */
const attachmentIds = z.array(id).max(10, 'At most 10 attachments go with one message').default([]);
const triageCategory = z.enum(triageCategories);
const line = (max: number) => z.string().trim().max(max);

export const businessProfileSchema = z
  .object({
    name: line(120),
    hours: line(500),
    address: line(300),
    services: line(2000),
    policies: line(2000),
    tone: line(200),
    signOff: line(120),
  })
  .strict();

export const draftTemplateSchema = z
  .object({
    id: z.string().trim().min(1).max(64),
    title: line(120).min(1, 'Give the template a title'),
    text: z.string().trim().min(1, 'A template needs text').max(MAX_TEXT_LENGTH),
    language: z
      .string()
      .regex(/^[a-z]{2}$/, 'Use a two-letter language code')
      .nullable(),
    keywords: z.array(line(60).min(1)).max(50),
    categories: z.array(triageCategory).max(triageCategories.length),
  })
  .strict();

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use a 24-hour time such as 21:00');

/** Whether the runtime knows this IANA zone (Intl is in Node and in every browser). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const calendarDate = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'Use a date such as 2026-12-25');

export const openingHoursSchema = z
  .object({
    timeZone: z
      .string()
      .trim()
      .min(1, 'Pick a time zone')
      .max(100)
      .refine(isTimeZone, 'Use a time zone name such as America/New_York'),
    week: z
      .array(
        z
          .array(
            z
              .object({ start: clockTime, end: clockTime })
              .strict()
              .refine((r) => r.start < r.end, 'An opening range must end after it starts'),
          )
          .max(6),
      )
      .length(7),
    exceptions: z
      .array(
        z
          .object({ from: calendarDate, to: calendarDate, label: line(120) })
          .strict()
          .refine((d) => d.from <= d.to, 'A closed period must end on or after its first day'),
      )
      .max(200),
  })
  .strict();

const replyText = z.string().trim().min(1, 'Write the reply').max(MAX_TEXT_LENGTH);
const replyTemplatesSchema = z
  .object({ en: replyText, es: replyText, pt: replyText, fr: replyText, de: replyText })
  .strict();

/** The drafting settings as the Settings screen saves them (every field optional there). */
export const draftingSettingsSchema = z
  .object({
    profile: businessProfileSchema,
    templates: z.array(draftTemplateSchema).max(200),
    targetSegments: z.number().int().min(1).max(10),
    autoSendCategories: z
      .array(triageCategory)
      .refine((c) => !c.includes('complaint'), 'Complaints are never sent automatically'),
    autoSendDelaySeconds: z
      .number()
      .int()
      .min(5, 'Give yourself at least 5 seconds to stop it')
      .max(3600),
    historyTokenBudget: z.number().int().min(100).max(32_000),
    triageWithModel: z.boolean(),
    handoffTopics: z.array(z.enum(handoffTopics)).max(handoffTopics.length),
    handoffWords: z.array(line(60).min(1)).max(100),
    openingHours: openingHoursSchema,
    closedReply: z
      .object({
        enabled: z.boolean(),
        templates: replyTemplatesSchema,
        awayTemplates: replyTemplatesSchema,
      })
      .strict(),
  })
  .strict();

/** Sending settings as the Settings screen saves them; the core validates the merged result again. */
export const sendingSettingsPatchSchema = z
  .object({
    quietHours: z
      .object({
        enabled: z.boolean(),
        start: clockTime,
        end: clockTime,
        timeZone: z.string().trim().min(1, 'Pick a time zone').max(100),
      })
      .strict(),
    pricePerSegment: z.number().min(0, 'A price cannot be negative').max(10).nullable(),
    currency: z.string().regex(/^[A-Z]{3}$/, 'Use a three-letter currency code such as USD'),
    messagesPerSecond: z.number().positive('Send at least a little: above 0').max(100),
  })
  .partial()
  .strict();

export const contactUpdateSchema = z
  .object({
    contactId: id,
    /** An empty name clears it (the inbox then shows the number). */
    name: line(120).optional(),
    notes: z.string().max(4000, 'Notes can hold at most 4,000 characters').optional(),
    tags: z
      .array(line(40).min(1, 'A tag needs at least one character'))
      .max(30, 'At most 30 tags')
      .optional(),
  })
  .strict()
  .refine(
    (u) => u.name !== undefined || u.notes !== undefined || u.tags !== undefined,
    'Nothing to change',
  );

/** Records settings as the Settings screen saves them (each section optional). */
export const recordsSettingsPatchSchema = z
  .object({
    backups: z
      .object({
        enabled: z.boolean(),
        intervalHours: z
          .number()
          .int()
          .min(1, 'Back up at most once an hour')
          .max(24 * 30),
        keep: z.number().int().min(1, 'Keep at least one backup').max(365),
        maxTotalGb: z.number().positive('Allow the backups some space').max(100_000).nullable(),
        folder: z.string().min(1).max(1000).nullable(),
      })
      .partial()
      .strict(),
    retention: z
      .object({
        enabled: z.boolean(),
        months: z.number().int().min(1, 'Keep at least one month').max(600),
      })
      .partial()
      .strict(),
    webhookLog: z
      .object({
        acceptedDays: z.number().int().min(1, 'Keep accepted requests at least a day').max(3650),
        refusedDays: z.number().int().min(1, 'Keep refused requests at least a day').max(365),
      })
      .partial()
      .strict(),
    media: z.object({ deleteCarrierCopy: z.boolean() }).partial().strict(),
  })
  .partial()
  .strict();

export const commandSchemas = {
  'app:info': z.object({}).strict(),
  'conversations:list': z
    .object({
      limit: z.number().int().min(1).max(500).default(200),
      /** Cursor: return conversations whose last activity is strictly older than this. */
      before: z.object({ lastActivityAt: z.number().int(), id }).optional(),
      /** Filters from triage. */
      category: triageCategory.optional(),
      urgency: z.enum(urgencies).optional(),
      /** What needs the operator (types.ts `attentions`): the inbox tabs. */
      attention: z.enum(attentions).optional(),
    })
    .strict(),
  'conversations:markRead': z.object({ conversationId: id }).strict(),
  /** Unread messages across every conversation (the dock badge; the inbox only loads pages). */
  'conversations:unreadTotal': z.object({}).strict(),
  /** The inbox's unread total and tab counts, beyond the pages it loaded. */
  'conversations:counts': z.object({ category: triageCategory.optional() }).strict(),
  /** The open conversation's summary, whether or not the inbox loaded it (a search hit, a notification). */
  'conversations:get': z.object({ conversationId: id }).strict(),
  'messages:list': z
    .object({
      conversationId: id,
      limit: z.number().int().min(1).max(500).default(100),
      /** Cursor: return messages older than this message id (newest page when absent). */
      beforeId: id.optional(),
      /** Cursor: return messages newer than this message id (scrolling down from older history). */
      afterId: id.optional(),
    })
    .strict()
    .refine((input) => input.beforeId === undefined || input.afterId === undefined, {
      message: 'Ask for older or for newer messages, not both at once',
    }),
  /**
   * A message with its neighbours: up to `before` older and `after` newer messages of its
   * conversation (opening a search hit at the matched message).
   */
  'messages:around': z
    .object({
      conversationId: id,
      messageId: id,
      before: z.number().int().min(0).max(250).default(50),
      after: z.number().int().min(0).max(250).default(50),
    })
    .strict(),
  'simulator:textBusiness': z
    .object({
      from: z.string().trim().min(3, 'Enter the customer number').max(40),
      body: z.string().max(MAX_TEXT_LENGTH, 'A text message can hold at most 1,600 characters'),
      /** Attach the simulator's demo picture (an MMS, kept on the laptop like a real one). */
      picture: z.boolean().optional(),
      /** Text by SMS (the default) or write as a WhatsApp user to the sandbox sender. */
      channel: z.enum(['sms', 'whatsapp']).default('sms'),
      /** WhatsApp only: the name on the customer's WhatsApp profile. */
      profileName: z.string().trim().max(60).optional(),
    })
    .strict(),
  /**
   * Demo mode only: the open conversation's messages become `hours` older (and the simulated
   * WhatsApp user's last message with them), to see what a day's silence does: WhatsApp's
   * 24-hour window closing, a waiting customer.
   */
  'simulator:passTime': z
    .object({ conversationId: id, hours: z.number().int().min(1).max(72) })
    .strict(),
  /** Pre-send checks for text being typed: segments, encoding, cost, and what would block it. */
  'messages:check': z.object({ conversationId: id, body: messageText, attachmentIds }).strict(),
  /** A manual reply from the composer. */
  'messages:send': z
    .object({
      conversationId: id,
      body: messageText,
      confirmQuietHours: z.boolean().default(false),
      attachmentIds,
    })
    .strict(),
  'messages:schedule': z
    .object({
      conversationId: id,
      body: messageText,
      sendAt: z.number().int().positive(),
      attachmentIds,
    })
    .strict(),
  /**
   * The pictures and PDFs waiting in a conversation's composer (uploaded through the bridge's
   * upload route, kept on the laptop), and what its channel lets the operator attach.
   */
  'attachments:list': z.object({ conversationId: id }).strict(),
  /** Takes an attachment out of the composer before sending. */
  'attachments:remove': z.object({ conversationId: id, attachmentId: id }).strict(),
  'messages:cancelScheduled': z.object({ messageId: id }).strict(),
  /** Send again a message that failed or whose sending gave up. */
  'messages:retry': z.object({ messageId: id }).strict(),
  // --- WhatsApp templates (Content API) and consent
  /** The cached templates; with a conversation, values that fill them and whether consent is needed. */
  'templates:list': z.object({ conversationId: id.optional() }).strict(),
  /** Fetches the account's templates and their WhatsApp approval from the carrier, and caches them. */
  'templates:refresh': z.object({ conversationId: id.optional() }).strict(),
  /** Sends an approved template with its variables (queued like any send). */
  'templates:send': z
    .object({
      conversationId: id,
      templateSid: z.string().regex(/^HX[0-9a-fA-F]{32}$/, 'That is not a template SID (HX…)'),
      variables: z.record(
        z.string().regex(/^\d{1,2}$/),
        z.string().trim().min(1, 'Fill in every variable').max(1024),
      ),
      /** Send the proposed template of this draft (marks it approved or edited). */
      draftId: id.optional(),
      confirmQuietHours: z.boolean().default(false),
    })
    .strict(),
  /** Asks the drafter which approved template fits the conversation: a draft to approve. */
  'templates:suggest': z.object({ conversationId: id }).strict(),
  /** Records that the customer agreed to business-initiated WhatsApp messages (audited). */
  'contacts:recordConsent': z
    .object({
      contactId: id,
      method: z.enum(consentMethods),
      note: z.string().trim().max(500).optional(),
      recordedBy: z.string().trim().max(80).optional(),
    })
    .strict(),
  /** Withdraws it (audited; the record stays with when it was withdrawn). */
  'contacts:withdrawConsent': z.object({ contactId: id }).strict(),
  /** Approve a draft as generated, or (with `text`) as the operator edited it. */
  'drafts:approve': z
    .object({
      draftId: id,
      text: messageText.optional(),
      confirmQuietHours: z.boolean().default(false),
      /** The operator saw the prices, times… that nothing the business said supports, and sends. */
      confirmUnsupportedClaims: z.boolean().default(false),
    })
    .strict(),
  'drafts:reject': z
    .object({ draftId: id, reason: z.string().trim().max(500).optional() })
    .strict(),
  /** Drafts of a conversation, newest first. */
  'drafts:list': z
    .object({ conversationId: id, limit: z.number().int().min(1).max(200).default(20) })
    .strict(),
  /** A new draft for the same message, optionally with an instruction ("shorter", "more formal"…). */
  'drafts:regenerate': z
    .object({ draftId: id, instruction: z.string().trim().max(500).optional() })
    .strict(),
  /** Stops an auto-send countdown; the draft stays ready for the operator. */
  'drafts:stopAutoSend': z.object({ draftId: id }).strict(),
  'drafts:stats': z.object({ since: z.number().int().nonnegative().optional() }).strict(),
  'conversations:setAiMode': z.object({ conversationId: id, mode: z.enum(aiModes) }).strict(),
  /**
   * The operator is typing in this conversation (the console sends it at most every few
   * seconds while they type): no automatic reply goes out there meanwhile.
   */
  'conversations:typing': z.object({ conversationId: id }).strict(),
  /** The "away" switch: while on, customers get the away reply, as when the business is closed. */
  'drafting:setAway': z.object({ on: z.boolean() }).strict(),
  'drafting:getSettings': z.object({}).strict(),
  'drafting:saveSettings': draftingSettingsSchema.partial().strict(),
  'health:get': z.object({}).strict(),
  'jobs:listDead': z.object({}).strict(),
  'jobs:retry': z.object({ jobId: id }).strict(),
  // --- operator console: contact panel, settings, search
  'contacts:get': z.object({ contactId: id }).strict(),
  'contacts:update': contactUpdateSchema,
  /** Non-secret settings, and secrets as set / not set only. Drafting: drafting:getSettings. */
  'settings:get': z.object({}).strict(),
  'settings:saveSending': sendingSettingsPatchSchema,
  /** Twilio account for live mode; the auth token goes to the secret store (omit to keep it). */
  'settings:saveTwilio': z
    .object({
      accountSid: z
        .string()
        .trim()
        .regex(
          /^AC[0-9a-fA-F]{32}$/,
          'The Account SID starts with AC and has 34 characters (Twilio Console → Account info)',
        ),
      phoneNumber: z
        .string()
        .trim()
        .regex(
          /^\+[1-9]\d{6,14}$/,
          'Type the Twilio number with its country code, such as +15551234567',
        ),
      authToken: z.string().trim().min(1).max(200).optional(),
    })
    .strict(),
  /** Keeps one secret (write-only: settings:get says only whether it is set). */
  'settings:saveSecret': z
    .object({
      name: z.enum(secretNames),
      value: z.string().trim().min(1, 'Paste the value first').max(500),
    })
    .strict(),
  'settings:clearSecret': z.object({ name: z.enum(secretNames) }).strict(),
  /** The reserved ngrok domain and/or an own public URL (empty = none). */
  'settings:savePublicAccess': z
    .object({
      ngrokDomain: z
        .string()
        .trim()
        .max(253)
        .regex(/^$|^[a-z0-9.-]+$/i, 'Enter a domain such as example.ngrok.app, without https://'),
      publicUrl: z
        .string()
        .trim()
        .max(500)
        .regex(
          /^$|^https:\/\/[^\s/]+/i,
          'Enter the full address starting with https://, such as https://sms.example.com',
        ),
    })
    .strict(),
  /**
   * Where AI drafts come from besides the key: an OpenAI-compatible service address (empty =
   * OpenAI itself) and the model (empty = the default).
   */
  'settings:saveAi': z
    .object({
      baseUrl: z
        .string()
        .trim()
        .max(500)
        .regex(
          /^$|^https?:\/\/[^\s/]+\S*$/i,
          'Enter the full address starting with http:// or https://, such as http://localhost:11434/v1',
        ),
      model: z
        .string()
        .trim()
        .max(200)
        .regex(/^\S*$/, 'A model name has no spaces, such as gpt-4o-mini or llama3.2'),
    })
    .strict(),
  /** Full-text search over message bodies; the last word matches as a prefix. */
  'search:messages': z
    .object({
      query: z.string().max(200, 'Search for at most 200 characters'),
      limit: z.number().int().min(1).max(100).default(20),
      contactId: id.optional(),
      /** Sent from (inclusive) and before (exclusive), ms since the epoch. */
      from: z.number().int().nonnegative().optional(),
      to: z.number().int().positive().optional(),
      direction: z.enum(['inbound', 'outbound']).optional(),
      status: z.string().max(30).optional(),
      category: z.string().max(30).optional(),
      tag: z.string().trim().min(1).max(60).optional(),
    })
    .strict(),
  // --- going live: tunnel, number setup, credential checks
  'tunnel:status': z.object({}).strict(),
  /**
   * Opens the ngrok tunnel. A new authtoken given here is kept by the secret store (never the
   * database); without one, the stored authtoken is used.
   */
  'tunnel:start': z
    .object({
      authtoken: z.string().trim().min(1).max(200).optional(),
      domain: z
        .string()
        .trim()
        .max(253)
        .regex(/^$|^[a-z0-9.-]+$/i, 'Enter a domain such as example.ngrok.app, without https://')
        .optional(),
      /** The ngrok edge checks Twilio signatures too (a second lock; ours always runs). */
      verifyTwilio: z.boolean().default(false),
    })
    .strict(),
  'tunnel:stop': z.object({}).strict(),
  'numbers:list': z.object({}).strict(),
  /** Points the number's SMS URL and status callback at the public URL, and keeps them there. */
  'numbers:connect': z
    .object({
      phoneNumberSid: z.string().regex(/^PN[0-9a-zA-Z]{32}$/, 'Pick one of the listed numbers'),
    })
    .strict(),
  /** Going live with WhatsApp: the sandbox's instructions, the account's approved senders. */
  'numbers:whatsapp': z.object({}).strict(),
  /** WhatsApp through the Twilio sandbox; its join code when the account does not tell it. */
  'numbers:useSandbox': z
    .object({
      joinCode: z.string().trim().max(80, 'A join code is a word or two').optional(),
    })
    .strict(),
  /** Points an approved WhatsApp sender's incoming-message webhook here, and keeps it there. */
  'numbers:connectWhatsAppSender': z
    .object({
      senderSid: z.string().regex(/^XE[0-9a-zA-Z]{32}$/, 'Pick one of the listed WhatsApp senders'),
    })
    .strict(),
  /** A signed request through the public URL must reach the webhook listener. */
  'setup:selfTest': z.object({}).strict(),
  'credentials:check': z
    .object({
      services: z
        .array(z.enum(['twilio', 'ai', 'ngrok']))
        .min(1)
        .optional(),
    })
    .strict(),
  // --- records: exports, backups, contact import, retention, logs (src/main/core/records)
  /** Starts a streaming export; progress arrives as `export:progress` events. `to` is exclusive. */
  'export:start': z
    .object({
      what: z.enum(exportKinds),
      format: z.enum(exportFormats),
      from: z.number().int().nonnegative().optional(),
      to: z.number().int().positive().optional(),
      contactIds: z.array(id).max(10_000).optional(),
      /** Transcript only: the conversation to print. */
      conversationId: id.optional(),
      /** Absolute folder chosen by the operator; `<data folder>/exports` when absent. */
      folder: z.string().min(1).max(1000).optional(),
      /**
       * Messages only: copies each kept attachment once into `media/` beside the export file and
       * names them in each row's `attachments` (paths relative to the export file).
       */
      includeMedia: z.boolean().optional(),
    })
    .strict(),
  'export:cancel': z.object({ exportId: z.string().uuid() }).strict(),
  'backup:now': z.object({ folder: z.string().min(1).max(1000).optional() }).strict(),
  'backup:list': z.object({ folder: z.string().min(1).max(1000).optional() }).strict(),
  'backup:verify': z.object({ path: z.string().min(1).max(1000) }).strict(),
  /** Verifies the backup and stages it; the swap happens when the core next starts. */
  'backup:restore': z.object({ path: z.string().min(1).max(1000) }).strict(),
  'records:getSettings': z.object({}).strict(),
  /** Opens the data, exports or backups folder in the system file manager (desktop only). */
  'records:openFolder': z.object({ which: z.enum(['data', 'exports', 'backups']) }).strict(),
  'records:saveSettings': recordsSettingsPatchSchema,
  /** Contacts from CSV (header row: name, number, tags, notes); all rows or none. */
  'contacts:import': z
    .object({ csv: z.string().max(20_000_000, 'That file is too large to import at once') })
    .strict(),
  /** What retention would delete now, without deleting. */
  'retention:preview': z.object({ months: z.number().int().min(1).max(600) }).strict(),
  /** Deletes conversations whose last activity is older than `months` (audited). */
  'retention:apply': z.object({ months: z.number().int().min(1).max(600) }).strict(),
  /** What the webhook log takes in the data file (reads its pages: a moment on a big store). */
  'records:webhookLogSpace': z.object({}).strict(),
  /** The last lines of the application log, newest last. */
  'logs:tail': z
    .object({
      level: z.enum(logLevels).optional(),
      limit: z.number().int().min(1).max(2000).default(200),
    })
    .strict(),
  // Notification channels, when to notify, and translation for the operator (./notify.ts).
  ...notifyCommandSchemas,
  // --- knowledge: what the business teaches drafts (src/main/core/knowledge, issue 17)
  ...knowledgeCommandSchemas,
} as const;

export type CommandName = keyof typeof commandSchemas;
/** What the UI sends (defaults may be omitted). */
export type CommandRequest<C extends CommandName> = z.input<(typeof commandSchemas)[C]>;
/** What the handler receives after validation. */
export type CommandInput<C extends CommandName> = z.output<(typeof commandSchemas)[C]>;

export interface CommandResults extends NotifyCommandResults, KnowledgeCommandResults {
  'app:info': AppInfo;
  'conversations:list': ConversationSummary[];
  'conversations:markRead': { ok: true };
  'conversations:unreadTotal': { total: number };
  'conversations:counts': InboxCounts;
  'conversations:get': ConversationSummary;
  'messages:list': MessageView[];
  'messages:around': MessagePage;
  'simulator:textBusiness': { messageSid: string };
  'simulator:passTime': { moved: number };
  'messages:check': PreSendReport;
  'messages:send': { messageId: number };
  'messages:schedule': { messageId: number };
  'messages:cancelScheduled': { ok: true };
  'messages:retry': { messageId: number };
  'attachments:list': { attachments: StagedAttachment[]; limits: AttachmentLimits };
  'attachments:remove': { ok: true };
  'templates:list': TemplateList;
  'templates:refresh': TemplateList;
  'templates:send': { messageId: number };
  'templates:suggest': DraftView;
  'contacts:recordConsent': ContactDetails;
  'contacts:withdrawConsent': ContactDetails;
  'drafts:approve': { messageId: number };
  'drafts:reject': { ok: true };
  'drafts:list': DraftView[];
  'drafts:regenerate': DraftView;
  'drafts:stopAutoSend': DraftView;
  'drafts:stats': DraftStats;
  'conversations:setAiMode': ConversationSummary;
  'conversations:typing': { ok: true };
  'drafting:setAway': AwayState;
  'drafting:getSettings': { settings: DraftingSettings; status: DraftingStatus; away: AwayState };
  'drafting:saveSettings': { settings: DraftingSettings; status: DraftingStatus; away: AwayState };
  'health:get': Health;
  'jobs:listDead': DeadJob[];
  'jobs:retry': { ok: true };
  'contacts:get': ContactDetails;
  'contacts:update': ContactDetails;
  'settings:get': ConsoleSettings;
  'settings:saveSending': ConsoleSettings;
  'settings:saveTwilio': AccountSaveResult;
  'settings:saveSecret': AccountSaveResult;
  'settings:clearSecret': AccountSaveResult;
  'settings:savePublicAccess': AccountSaveResult;
  'settings:saveAi': AccountSaveResult;
  'search:messages': SearchHit[];
  'export:start': { exportId: string; path: string };
  'export:cancel': { ok: true };
  'backup:now': BackupInfo;
  'backup:list': BackupInfo[];
  'backup:verify': BackupVerdict;
  'backup:restore': { restartRequired: true; verdict: BackupVerdict };
  'records:getSettings': RecordsSettingsView;
  'records:openFolder': { opened: boolean; path: string };
  'records:saveSettings': RecordsSettingsView;
  'contacts:import': ContactImportResult;
  'retention:preview': RetentionResult;
  'retention:apply': RetentionResult;
  'records:webhookLogSpace': { bytes: number };
  'logs:tail': LogEntry[];
  'tunnel:status': TunnelStatus;
  'tunnel:start': TunnelStatus;
  'tunnel:stop': TunnelStatus;
  'numbers:list': NumberList;
  'numbers:connect': PhoneNumberView;
  'numbers:whatsapp': WhatsAppSetup;
  'numbers:useSandbox': WhatsAppSetup;
  'numbers:connectWhatsAppSender': WhatsAppSetup;
  'setup:selfTest': SelfTestResult;
  'credentials:check': CredentialCheck[];
}
export type CommandResult<C extends CommandName> = CommandResults[C];

/** Events the core pushes; the UI never polls. */
export interface EventMap {
  'message:added': MessageView;
  'message:updated': MessageView;
  'conversation:updated': ConversationSummary;
  'queue:changed': QueueStats;
  /** Something the operator should be told about that is not a message (a cancelled schedule…). */
  notice: Notice;
  /** A draft was created or changed state (generating, ready, failed, superseded, decided…). */
  'draft:updated': DraftView;
  /** Tokens of a draft being generated, as they arrive. */
  'draft:delta': DraftDelta;
  /**
   * Pushed by the Electron shell only (never by the core): the operator clicked a desktop
   * notification, so the console opens that conversation.
   */
  'ui:openConversation': { conversationId: number };
  /** An export moved on, finished (`done`), was cancelled or failed. */
  'export:progress': ExportProgress;
  /** The ngrok tunnel changed state (connecting, online with URL, offline with reason, idle). */
  'tunnel:changed': TunnelStatus;
  /**
   * The unread total or a tab count changed (at most a few times a second): the console asks
   * `conversations:counts` once per connection and follows this event after that.
   */
  'counts:changed': InboxCountsUpdate;
  /**
   * A hand-off rule stopped an automatic reply (auto-send or the closed-hours reply): the
   * conversation waits for the operator. Named for listeners in `src/shared/events.ts`.
   */
  'conversation:held': HeldForOperator;
  /** The "away" switch changed. */
  'away:changed': AwayState;
}
export type EventName = keyof EventMap;

/** The error shape every transport returns for a failed command. */
export interface CommandError {
  /** `invalid` = the request did not match its schema; `failed` = the handler refused or broke. */
  kind:
    | 'invalid'
    | 'failed'
    | 'unknown-command'
    | 'unauthorized'
    | 'needs-confirmation'
    /** A newer request of the same kind replaced this one before it ran (search as you type). */
    | 'superseded';
  /** One plain sentence for the operator: what went wrong and what to do. */
  message: string;
}

/** The transport-neutral API the renderer uses. Implemented by preload (IPC) and by the serve bridge. */
export interface OperatorApi {
  invoke<C extends CommandName>(command: C, request: CommandRequest<C>): Promise<CommandResult<C>>;
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void;
}
