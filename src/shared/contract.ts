/**
 * The operator contract: every command the UI may invoke and every event the core pushes.
 *
 * Electron IPC and the serve-mode HTTP/WebSocket bridge are two transports of this one contract.
 * Request payloads come from an untrusted renderer, so each command has a zod schema that the
 * core applies before the handler runs. Result and event types are plain TypeScript: they flow
 * from the core to the UI and are produced by our own code.
 *
 * This file may import zod and ./types only: no Node, no Electron, no DOM.
 */
import { z } from 'zod';
import {
  aiModes,
  triageCategories,
  urgencies,
  type AppInfo,
  type ConversationSummary,
  type DeadJob,
  type DraftDelta,
  type DraftingSettings,
  type DraftingStatus,
  type DraftStats,
  type DraftView,
  type Health,
  type MessageView,
  type Notice,
  type PreSendReport,
  type QueueStats,
} from './types';

const id = z.number().int().positive();
/** What the operator typed; the 1,600-character carrier limit is a pre-send check, not a schema error. */
const messageText = z.string().max(10_000, 'That message is far too long for a text message');
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
    text: z.string().trim().min(1, 'A template needs text').max(1600),
    language: z.string().regex(/^[a-z]{2}$/, 'Use a two-letter language code').nullable(),
    keywords: z.array(line(60).min(1)).max(50),
    categories: z.array(triageCategory).max(triageCategories.length),
  })
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
    autoSendDelaySeconds: z.number().int().min(5, 'Give yourself at least 5 seconds to stop it').max(3600),
    historyTokenBudget: z.number().int().min(100).max(32_000),
    triageWithModel: z.boolean(),
  })
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
    })
    .strict(),
  'conversations:markRead': z.object({ conversationId: id }).strict(),
  'messages:list': z
    .object({
      conversationId: id,
      limit: z.number().int().min(1).max(500).default(100),
      /** Cursor: return messages older than this message id (newest page when absent). */
      beforeId: id.optional(),
    })
    .strict(),
  'simulator:textBusiness': z
    .object({
      from: z.string().trim().min(3, 'Enter the customer number').max(40),
      body: z.string().max(1600, 'A text message can hold at most 1,600 characters'),
    })
    .strict(),
  /** Pre-send checks for text being typed: segments, encoding, cost, and what would block it. */
  'messages:check': z.object({ conversationId: id, body: messageText }).strict(),
  /** A manual reply from the composer. */
  'messages:send': z
    .object({ conversationId: id, body: messageText, confirmQuietHours: z.boolean().default(false) })
    .strict(),
  'messages:schedule': z
    .object({ conversationId: id, body: messageText, sendAt: z.number().int().positive() })
    .strict(),
  'messages:cancelScheduled': z.object({ messageId: id }).strict(),
  /** Send again a message that failed or whose sending gave up. */
  'messages:retry': z.object({ messageId: id }).strict(),
  /** Approve a draft as generated, or (with `text`) as the operator edited it. */
  'drafts:approve': z
    .object({
      draftId: id,
      text: messageText.optional(),
      confirmQuietHours: z.boolean().default(false),
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
  'drafting:getSettings': z.object({}).strict(),
  'drafting:saveSettings': draftingSettingsSchema.partial().strict(),
  'health:get': z.object({}).strict(),
  'jobs:listDead': z.object({}).strict(),
  'jobs:retry': z.object({ jobId: id }).strict(),
} as const;

export type CommandName = keyof typeof commandSchemas;
/** What the UI sends (defaults may be omitted). */
export type CommandRequest<C extends CommandName> = z.input<(typeof commandSchemas)[C]>;
/** What the handler receives after validation. */
export type CommandInput<C extends CommandName> = z.output<(typeof commandSchemas)[C]>;

export interface CommandResults {
  'app:info': AppInfo;
  'conversations:list': ConversationSummary[];
  'conversations:markRead': { ok: true };
  'messages:list': MessageView[];
  'simulator:textBusiness': { messageSid: string };
  'messages:check': PreSendReport;
  'messages:send': { messageId: number };
  'messages:schedule': { messageId: number };
  'messages:cancelScheduled': { ok: true };
  'messages:retry': { messageId: number };
  'drafts:approve': { messageId: number };
  'drafts:reject': { ok: true };
  'drafts:list': DraftView[];
  'drafts:regenerate': DraftView;
  'drafts:stopAutoSend': DraftView;
  'drafts:stats': DraftStats;
  'conversations:setAiMode': ConversationSummary;
  'drafting:getSettings': { settings: DraftingSettings; status: DraftingStatus };
  'drafting:saveSettings': { settings: DraftingSettings; status: DraftingStatus };
  'health:get': Health;
  'jobs:listDead': DeadJob[];
  'jobs:retry': { ok: true };
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
}
export type EventName = keyof EventMap;

export const commandNames = Object.keys(commandSchemas) as CommandName[];
export const eventNames = [
  'message:added',
  'message:updated',
  'conversation:updated',
  'queue:changed',
  'notice',
  'draft:updated',
  'draft:delta',
] as const satisfies readonly EventName[];

/** The error shape every transport returns for a failed command. */
export interface CommandError {
  /** `invalid` = the request did not match its schema; `failed` = the handler refused or broke. */
  kind: 'invalid' | 'failed' | 'unknown-command' | 'unauthorized' | 'needs-confirmation';
  /** One plain sentence for the operator: what went wrong and what to do. */
  message: string;
}

/** The transport-neutral API the renderer uses. Implemented by preload (IPC) and by the serve bridge. */
export interface OperatorApi {
  invoke<C extends CommandName>(command: C, request: CommandRequest<C>): Promise<CommandResult<C>>;
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void;
}
