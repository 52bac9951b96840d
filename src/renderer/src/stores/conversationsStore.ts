import { create } from 'zustand';
import type { ConversationSummary } from '../../../shared/types';
import { api, errorMessage } from '../api';

interface ConversationsState {
  byId: Record<number, ConversationSummary>;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  load(): Promise<void>;
  /** Applies a pushed conversation:updated. */
  apply(conversation: ConversationSummary): void;
  markRead(conversationId: number): Promise<void>;
}

/** The newer of two snapshots of one conversation (a list reply can race a pushed update). */
function newer(a: ConversationSummary | undefined, b: ConversationSummary): ConversationSummary {
  return a && a.lastActivityAt > b.lastActivityAt ? a : b;
}

export const useConversationsStore = create<ConversationsState>()((set, get) => ({
  byId: {},
  status: 'idle',
  error: null,
  async load() {
    set({ status: get().status === 'ready' ? 'ready' : 'loading', error: null });
    try {
      const list = await api.invoke('conversations:list', { limit: 200 });
      set((state) => {
        // Keep what events added meanwhile: conversations are never deleted, only updated.
        const byId = { ...state.byId };
        for (const conversation of list) {
          byId[conversation.id] = newer(state.byId[conversation.id], conversation);
        }
        return { byId, status: 'ready' };
      });
    } catch (error) {
      set({ status: 'error', error: errorMessage(error) });
    }
  },
  apply(conversation) {
    set((state) => ({ byId: { ...state.byId, [conversation.id]: conversation } }));
  },
  async markRead(conversationId) {
    const current = get().byId[conversationId];
    if (!current || current.unreadCount === 0) return;
    // Clear the badge at once; the core confirms with a conversation:updated event.
    get().apply({ ...current, unreadCount: 0 });
    try {
      await api.invoke('conversations:markRead', { conversationId });
    } catch {
      // The badge comes back with the next pushed update; nothing the operator must act on.
    }
  },
}));

/** Newest activity first, the order an inbox reads in. */
export function sortConversations(
  byId: Record<number, ConversationSummary>,
): ConversationSummary[] {
  return Object.values(byId).sort((a, b) => b.lastActivityAt - a.lastActivityAt || b.id - a.id);
}

export const selectUnreadTotal = (state: ConversationsState): number =>
  Object.values(state.byId).reduce((total, conversation) => total + conversation.unreadCount, 0);
