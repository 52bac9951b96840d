import type { App } from '../../src/main/core/app';
import { toDraftView } from '../../src/main/core/domain/draftView';
import { listDraftRecords } from '../../src/main/core/store/drafts';
import { toMessageView } from '../../src/main/core/domain/messageView';
import { getMessageBySid } from '../../src/main/core/store/messages';
import type { DraftView, MessageView } from '../../src/shared/types';

/**
 * Resolves with the first draft of the conversation that satisfies `check`, re-checking on every
 * pushed draft event (never on a timer). Call before or after the action: the store is checked
 * at once too.
 */
export function draftWhen(
  app: App,
  conversationId: () => number | undefined,
  check: (draft: DraftView) => boolean,
): Promise<DraftView> {
  return new Promise((resolve) => {
    const test = () => {
      const id = conversationId();
      if (id === undefined) return;
      const found = listDraftRecords(app.db, { conversationId: id, limit: 50 })
        .map(toDraftView)
        .find(check);
      if (found) {
        off();
        resolve(found);
      }
    };
    const off = app.events.subscribe((event) => {
      if (event === 'draft:updated' || event === 'message:added') test();
    });
    test();
  });
}

/** A customer texts the business through the simulator. */
export async function customerTexts(app: App, from: string, body: string): Promise<MessageView> {
  const { sid } = await app.simulator!.textBusiness({ from, body });
  return toMessageView(getMessageBySid(app.db, sid)!);
}
