/**
 * Pushed events for the side panel, search and settings (liveUpdates.ts feeds the inbox and the
 * thread). No polling: health is fetched again only when something happened that changes it.
 */
import { api } from '../api';
import { useAwayStore } from './awayStore';
import { useContactStore } from './contactStore';
import { useHealthStore } from './healthStore';
import { useThreadStore } from './threadStore';
import { useTranslationStore } from './translationStore';
import { useTunnelStore } from './tunnelStore';

export function startConsoleUpdates(): () => void {
  const stops = [
    api.on('queue:changed', (queue) => useHealthStore.getState().setQueue(queue)),
    api.on('conversation:updated', (conversation) => {
      // A webhook arrived or a message moved on: the last-webhook time and database size changed.
      void useHealthStore.getState().refresh();
      if (conversation.contact.id === useContactStore.getState().contactId) {
        void useContactStore.getState().refresh();
      }
    }),
    api.on('message:added', () => void useHealthStore.getState().refresh()),
    api.on('tunnel:changed', (tunnel) => useTunnelStore.getState().set(tunnel)),
    api.on('away:changed', (away) => useAwayStore.getState().set(away)),
    // Pushed by the desktop shell when the operator clicks a notification.
    api.on('ui:openConversation', ({ conversationId }) => {
      void useThreadStore.getState().open(conversationId);
    }),
    api.onConnectionChange((state) => {
      if (state !== 'open') return;
      void useHealthStore.getState().load();
      void useContactStore.getState().refresh();
      useAwayStore.getState().load();
      // Which messages offer "Translate": the languages the operator reads.
      void useTranslationStore.getState().load();
    }),
  ];
  return () => {
    for (const stop of stops) stop();
  };
}
