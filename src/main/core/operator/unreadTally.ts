/**
 * The total of unread messages across conversations, for the dock/taskbar badge. The core sums it
 * in one query; it is asked once at start and again after conversations change, at most every
 * `intervalMs` (a burst of texts costs one query, not one per text). No polling.
 */
import type { OperatorService } from './service';

export async function trackUnreadTotal(
  service: OperatorService,
  onChange: (total: number) => void,
  intervalMs = 250,
): Promise<() => void> {
  let published = -1;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const refresh = async () => {
    timer = undefined;
    const { total } = (await service.invoke('conversations:unreadTotal', {})) as { total: number };
    if (stopped || total === published) return;
    published = total;
    onChange(total);
  };

  const stop = service.subscribe((event) => {
    if (event !== 'conversation:updated' || timer || stopped) return;
    timer = setTimeout(() => void refresh().catch(() => undefined), intervalMs);
  });

  await refresh();
  return () => {
    stopped = true;
    clearTimeout(timer);
    stop();
  };
}
