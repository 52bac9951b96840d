/**
 * The real operator bridge in front of a hand-made core holding fixed data, for screens the demo
 * flow cannot reach yet (outbound messages, delivery failures, a long inbox). Serves the same
 * built renderer as serve mode (out/renderer).
 */
import { resolve } from 'node:path';
import type {
  ConversationSummary,
  InboxCounts,
  MessageView,
  TemplateList,
} from '../../../src/shared/types';
import type { EventMap, EventName } from '../../../src/shared/contract';
import { silentLogger } from '../../../src/main/core/log';
import { startOperatorBridge } from '../../../src/main/core/operator/httpBridge';
import type { EventListener } from '../../../src/shared/events';
import { CommandFailure, type OperatorService } from '../../../src/main/core/operator/service';

const rendererDir = resolve(import.meta.dirname, '../../../out/renderer');

export interface FakeCoreData {
  conversations: ConversationSummary[];
  messages: MessageView[];
  /** What conversations:counts answers (a store far bigger than `conversations`); none = not done. */
  counts?: InboxCounts;
  /** What templates:list answers (WhatsApp templates, as cached); none = not done. */
  templates?: TemplateList;
}

export async function startFakeCore(data: FakeCoreData) {
  const listeners = new Set<EventListener>();
  // A transport-side stand-in: names and payloads arrive unchecked, as over HTTP, so it answers
  // the untyped overload of `invoke` only.
  const service = {
    async invoke(command: string, payload: unknown): Promise<unknown> {
      const input = (payload ?? {}) as { conversationId?: number };
      switch (command) {
        case 'app:info':
          return {
            mode: 'demo',
            version: '0.0.0-test',
            businessNumber: '+15005550006',
            simulator: { enabled: true },
          };
        case 'health:get':
          return {
            mode: 'demo',
            webhookUrl: 'http://127.0.0.1:1',
            publicUrl: 'http://127.0.0.1:1',
            lastWebhookAt: null,
            queue: { queued: 0, running: 1, dead: 2 },
            databaseBytes: 0,
          };
        case 'conversations:list':
          return data.conversations;
        case 'messages:list':
          return data.messages.filter((m) => m.conversationId === input.conversationId);
        case 'conversations:markRead':
          return { ok: true };
        case 'conversations:counts':
          if (!data.counts) throw new CommandFailure('The fake core does not count.');
          return data.counts;
        // The side panel's contact and health cards.
        case 'contacts:get': {
          const { contactId } = (payload ?? {}) as { contactId?: number };
          const owner = data.conversations.find((c) => c.contact.id === contactId);
          if (!owner) throw new CommandFailure('That contact no longer exists.');
          // One customer on SMS and WhatsApp: one contact, a conversation per channel.
          const theirs = data.conversations.filter((c) => c.contact.id === contactId);
          return {
            ...owner.contact,
            language: 'en',
            notes: '',
            tags: [],
            createdAt: owner.lastActivityAt,
            updatedAt: owner.lastActivityAt,
            consentHistory: [],
            conversationIds: theirs.map((c) => c.id),
            conversations: theirs.map((c) => ({
              id: c.id,
              channel: c.channel,
              businessNumber: c.businessNumber,
            })),
          };
        }
        case 'jobs:listDead':
          return [
            {
              id: 41,
              kind: 'send',
              attempts: 6,
              lastError: 'The carrier answered 503 Service Unavailable six times.',
              updatedAt: Date.now() - 40 * 60_000,
            },
            {
              id: 42,
              kind: 'draft',
              attempts: 3,
              lastError: 'The AI service did not answer within 60 seconds.',
              updatedAt: Date.now() - 12 * 60_000,
            },
          ];
        case 'templates:list':
          if (!data.templates) throw new CommandFailure('The fake core has no templates.');
          return data.templates;
        case 'drafts:list':
          return []; // no drafts waiting: the thread shows its messages and the composer only
        case 'drafting:getSettings':
          return { settings: null, status: { provider: 'offline', model: null, endpoint: null } };
        // Not done here, e.g. conversations:counts without `counts`: the console then counts what
        // it loaded, which for this fake (one page holds everything) is every conversation.
        default:
          throw new CommandFailure(`The fake core does not do ${command}.`);
      }
    },
    subscribe(listener: EventListener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as OperatorService;
  const bridge = await startOperatorBridge({
    service,
    port: 0,
    staticDir: rendererDir,
    logger: silentLogger,
  });
  return {
    url: bridge.url,
    emit<E extends EventName>(event: E, payload: EventMap[E]) {
      for (const listener of listeners) listener(event, payload);
    },
    close: () => bridge.close(),
  };
}
