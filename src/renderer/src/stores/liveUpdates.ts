/**
 * Wires pushed events into the stores. The console never polls: it loads once per connection
 * (a reconnect may have missed events) and then follows message:added, message:updated,
 * conversation:updated, counts:changed, notices and the draft events (queue figures: see consoleUpdates.ts).
 */
import { api } from '../api';
import { useAppStore } from './appStore';
import { useConversationsStore } from './conversationsStore';
import { useDraftsStore } from './draftsStore';
import { useThreadStore } from './threadStore';

/** An operator looking at a thread has read what arrives in it. */
function markOpenThreadRead(): void {
  const openId = useThreadStore.getState().conversationId;
  if (openId !== null && document.visibilityState === 'visible') {
    void useConversationsStore.getState().markRead(openId);
  }
}

export function startLiveUpdates(): () => void {
  const stops = [
    api.on('message:added', (message) => useThreadStore.getState().apply(message)),
    api.on('message:updated', (message) => useThreadStore.getState().apply(message)),
    api.on('conversation:updated', (conversation) => {
      useConversationsStore.getState().apply(conversation);
      if (conversation.id === useThreadStore.getState().conversationId) markOpenThreadRead();
    }),
    api.on('counts:changed', (counts) => useConversationsStore.getState().applyCounts(counts)),
    api.on('notice', (notice) => useAppStore.getState().pushNotice(notice)),
    api.on('draft:updated', (draft) => useDraftsStore.getState().apply(draft)),
    api.on('draft:delta', (delta) => useDraftsStore.getState().applyDelta(delta)),
    api.onConnectionChange((state) => {
      useAppStore.getState().setConnection(state);
      if (state !== 'open') return;
      void useAppStore.getState().load();
      void useConversationsStore.getState().load();
      void useThreadStore.getState().reload();
      const openId = useThreadStore.getState().conversationId;
      if (openId !== null) void useDraftsStore.getState().load(openId);
    }),
  ];
  document.addEventListener('visibilitychange', markOpenThreadRead);
  return () => {
    for (const stop of stops) stop();
    document.removeEventListener('visibilitychange', markOpenThreadRead);
  };
}
