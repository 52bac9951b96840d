import type { MessageStatus } from '../../../shared/types';

/**
 * Rank of each status in an outbound message's life. Callbacks arrive late, twice and out of
 * order, so a status is applied only when it ranks higher than the current one: a late "sent"
 * never overwrites "delivered". Final outcomes share a rank, so the first one to arrive stands;
 * "read" (WhatsApp, RCS) comes after delivery.
 */
const rank: Record<MessageStatus, number> = {
  pending: 0,
  scheduled: 1,
  accepted: 1,
  queued: 2,
  sending: 3,
  sent: 4,
  receiving: 4,
  partially_delivered: 5,
  delivered: 6,
  undelivered: 6,
  failed: 6,
  canceled: 6,
  received: 6,
  read: 7,
};

export function statusRank(status: MessageStatus): number {
  return rank[status];
}

export function movesForward(current: MessageStatus, next: MessageStatus): boolean {
  return rank[next] > rank[current];
}

export function isFinalStatus(status: MessageStatus): boolean {
  return rank[status] >= rank.delivered;
}
