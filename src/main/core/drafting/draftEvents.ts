import { toConversationView } from '../domain/conversationView';
import type { EventBus } from '../events';
import { getConversationSummary } from '../store/conversations';
import type { Db } from '../store/database';
import { toDraftView } from '../domain/draftView';
import { getDraftRecord } from '../store/drafts';

export interface DraftEvents {
  conversation(conversationId: number): void;
  /** The draft, and by default its conversation (whose preview and badges follow the draft). */
  draft(draftId: number, withConversation?: boolean): void;
}

/** The draft and conversation events drafting pushes to the console. */
export function createDraftEvents(db: Db, events: EventBus): DraftEvents {
  // Nobody watching (serve mode without a page): skip the reads that would build the payloads.
  const conversation = (conversationId: number) => {
    if (!events.hasListeners) return;
    const summary = getConversationSummary(db, conversationId);
    if (summary) events.emit('conversation:updated', toConversationView(summary));
  };
  return {
    conversation,
    draft(draftId, withConversation = true) {
      if (!events.hasListeners) return;
      const record = getDraftRecord(db, draftId);
      if (!record) return;
      const view = toDraftView(record);
      events.emit('draft:updated', view);
      if (withConversation) conversation(view.conversationId);
    },
  };
}
