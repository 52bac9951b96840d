/**
 * The total of unread messages across conversations, for the dock/taskbar badge. Asked once at
 * start, then taken from `counts:changed`, which the core pushes only when a counter moved
 * (countsFeed.ts): a burst of texts costs no query here, and an unchanged total no update. No
 * polling.
 */
import type { OperatorService } from './service';

export async function trackUnreadTotal(
  service: OperatorService,
  onChange: (total: number) => void,
): Promise<() => void> {
  let published = -1;
  let stopped = false;
  const publish = (total: number) => {
    if (stopped || total === published) return;
    published = total;
    onChange(total);
  };

  // Subscribed before asking, so a change between the answer and the subscription is not lost.
  let pushed: number | undefined;
  const stop = service.subscribe((event, payload) => {
    if (event !== 'counts:changed') return;
    const { unreadTotal } = payload as { unreadTotal: number };
    if (published === -1) pushed = unreadTotal;
    else publish(unreadTotal);
  });
  const { total } = await service.invoke('conversations:unreadTotal', {});
  publish(pushed ?? total);
  return () => {
    stopped = true;
    stop();
  };
}
