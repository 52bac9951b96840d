import { toConversationView } from '../../domain/conversationView';
import { Refusal } from '../../domain/refusal';
import {
  countAttention,
  getConversationSummary,
  listConversations,
  markConversationRead,
  totalUnread,
} from '../../store/conversations';
import type { NamespaceCommands } from '../commandTable';
import type { HandlerDeps } from '../commandDeps';

export function conversationsCommands(
  deps: Pick<HandlerDeps, 'db' | 'events' | 'drafting'>,
): NamespaceCommands<'conversations'> {
  const { db, events, drafting } = deps;
  return {
    'conversations:list': (input) => listConversations(db, input).map(toConversationView),

    'conversations:unreadTotal': () => ({ total: totalUnread(db) }),

    'conversations:counts': ({ category }) => ({
      unreadTotal: totalUnread(db),
      tabs: countAttention(db, category),
    }),

    'conversations:markRead': ({ conversationId }) => {
      if (markConversationRead(db, conversationId)) {
        const summary = getConversationSummary(db, conversationId);
        if (summary) events.emit('conversation:updated', toConversationView(summary));
      }
      return { ok: true };
    },

    'conversations:get': ({ conversationId }) => {
      const summary = getConversationSummary(db, conversationId);
      if (!summary) {
        throw new Refusal('That conversation no longer exists (retention may have removed it).');
      }
      return toConversationView(summary);
    },

    'conversations:setAiMode': ({ conversationId, mode }) => {
      drafting.setAiMode(conversationId, mode);
      return toConversationView(getConversationSummary(db, conversationId)!);
    },

    // Kept in memory for a few seconds (drafting/handoff.ts): no automatic reply meanwhile.
    'conversations:typing': ({ conversationId }) => {
      drafting.operatorTyping(conversationId);
      return { ok: true };
    },
  };
}
