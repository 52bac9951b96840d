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
import type {
  AppInfo,
  ConversationSummary,
  DeadJob,
  Health,
  MessageView,
  Notice,
  PreSendReport,
  QueueStats,
} from './types';

const id = z.number().int().positive();
/** What the operator typed; the 1,600-character carrier limit is a pre-send check, not a schema error. */
const messageText = z.string().max(10_000, 'That message is far too long for a text message');

export const commandSchemas = {
  'app:info': z.object({}).strict(),
  'conversations:list': z
    .object({
      limit: z.number().int().min(1).max(500).default(200),
      /** Cursor: return conversations whose last activity is strictly older than this. */
      before: z.object({ lastActivityAt: z.number().int(), id }).optional(),
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
}
export type EventName = keyof EventMap;

export const commandNames = Object.keys(commandSchemas) as CommandName[];
export const eventNames = [
  'message:added',
  'message:updated',
  'conversation:updated',
  'queue:changed',
  'notice',
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
