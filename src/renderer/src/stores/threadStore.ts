import { create } from 'zustand';
import type { MessageView } from '../../../shared/types';
import { api, errorMessage } from '../api';
import { useConversationsStore } from './conversationsStore';

interface ThreadState {
  conversationId: number | null;
  messages: MessageView[];
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  open(conversationId: number): Promise<void>;
  /** Reloads the open thread (after a reconnect, events may have been missed). */
  reload(): Promise<void>;
  /** Applies a pushed message:added or message:updated. */
  apply(message: MessageView): void;
}

const chronological = (a: MessageView, b: MessageView) => a.createdAt - b.createdAt || a.id - b.id;

function merge(current: MessageView[], incoming: MessageView[]): MessageView[] {
  const byId = new Map(current.map((message) => [message.id, message]));
  for (const message of incoming) {
    const known = byId.get(message.id);
    // Status updates can arrive after the list that already holds them: keep the latest.
    if (!known || message.updatedAt >= known.updatedAt) byId.set(message.id, message);
  }
  return [...byId.values()].sort(chronological);
}

export const useThreadStore = create<ThreadState>()((set, get) => ({
  conversationId: null,
  messages: [],
  status: 'idle',
  error: null,
  async open(conversationId) {
    if (get().conversationId !== conversationId) {
      set({ conversationId, messages: [], status: 'loading', error: null });
    }
    void useConversationsStore.getState().markRead(conversationId);
    await get().reload();
  },
  async reload() {
    const { conversationId } = get();
    if (conversationId === null) return;
    try {
      const page = await api.invoke('messages:list', { conversationId, limit: 100 });
      // The operator may have opened another conversation while this one loaded.
      if (get().conversationId !== conversationId) return;
      set((state) => ({ messages: merge(state.messages, page), status: 'ready', error: null }));
    } catch (error) {
      if (get().conversationId !== conversationId) return;
      set({ status: 'error', error: errorMessage(error) });
    }
  },
  apply(message) {
    if (message.conversationId !== get().conversationId) return;
    set((state) => ({ messages: merge(state.messages, [message]) }));
  },
}));
