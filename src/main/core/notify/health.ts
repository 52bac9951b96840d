/** What Health shows of notifications that could not be delivered (yet), with what to do. */
import type { NotifyFailure } from '../../../shared/notify';
import type { Db } from '../store/database';
import { listDeliveryTrouble } from '../store/notifications';
import { readChannels } from './settings';

const SHOWN = 5;

export function notificationTrouble(db: Db): NotifyFailure[] {
  const trouble = listDeliveryTrouble(db, SHOWN);
  if (trouble.length === 0) return [];
  const names = new Map(readChannels(db).map((c) => [c.id, c.name]));
  return trouble.map((t) => ({
    channelId: t.channelId,
    channelName: names.get(t.channelId) ?? `Channel ${t.channelId} (removed)`,
    kind: t.kind,
    state: t.state,
    attempts: t.attempts,
    error: t.error,
    at: t.updatedAt,
  }));
}
