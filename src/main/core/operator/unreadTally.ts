/**
 * The total of unread messages across conversations, for the dock/taskbar badge. Seeded once from
 * conversations:list, then kept current from conversation:updated events (no polling).
 */
import type { ConversationSummary } from '../../../shared/types';
import type { OperatorService } from './service';

const pageSize = 500;

export async function trackUnreadTotal(
  service: OperatorService,
  onChange: (total: number) => void,
): Promise<() => void> {
  const unread = new Map<number, number>();
  let published = -1;
  const publish = () => {
    let total = 0;
    for (const count of unread.values()) total += count;
    if (total === published) return;
    published = total;
    onChange(total);
  };

  const stop = service.subscribe((event, payload) => {
    if (event !== 'conversation:updated') return;
    const conversation = payload as ConversationSummary;
    unread.set(conversation.id, conversation.unreadCount);
    publish();
  });

  let before: { lastActivityAt: number; id: number } | undefined;
  for (;;) {
    const page = (await service.invoke('conversations:list', {
      limit: pageSize,
      ...(before ? { before } : {}),
    })) as ConversationSummary[];
    // An event that arrived while paging is newer than the page: keep it.
    for (const conversation of page) {
      if (!unread.has(conversation.id)) unread.set(conversation.id, conversation.unreadCount);
    }
    const last = page.at(-1);
    if (page.length < pageSize || !last) break;
    before = { lastActivityAt: last.lastActivityAt, id: last.id };
  }
  publish();
  return stop;
}
