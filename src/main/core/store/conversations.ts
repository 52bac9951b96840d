import {
  triageCategories,
  type AiMode,
  type Attention,
  type Channel,
  type ConversationSummary,
  type Direction,
  type InboxCountsUpdate,
  type MessageStatus,
  type TriageCategory,
  type Urgency,
} from '../../../shared/types';
import { contactView } from './contacts';
import { sql, type Db } from './database';

interface SummaryRow {
  id: number;
  channel: Channel;
  business_number: string;
  unread_count: number;
  last_activity_at: number;
  contact_id: number;
  address: string;
  name: string | null;
  opted_out: number;
  opted_out_at: number | null;
  body: string | null;
  direction: Direction | null;
  status: MessageStatus | null;
  media: string | null;
  category: TriageCategory | null;
  priority: Urgency | null;
  ai_mode: AiMode;
  draft_waiting: number;
  needs_reply: number;
  failed_send: number;
  last_inbound_at: number | null;
  held_reason: string | null;
}

/** A conversation with its contact (k) and latest message (m): what the inbox rows show. */
const summaryFrom = `
  FROM conversations c
  JOIN contacts k ON k.id = c.contact_id
  LEFT JOIN messages m ON m.id = c.last_message_id`;

const summarySelect = `
  SELECT c.id, c.channel, c.business_number, c.unread_count, c.last_activity_at,
         k.id AS contact_id, k.address, k.name, k.opted_out, k.opted_out_at,
         m.body, m.direction, m.status, m.media, c.category, c.priority, c.ai_mode,
         c.draft_ready AS draft_waiting, c.needs_reply, c.failed_send, c.held_reason,
         (SELECT i.created_at FROM messages i
          WHERE i.conversation_id = c.id AND i.direction = 'inbound'
          ORDER BY i.id DESC LIMIT 1) AS last_inbound_at
  ${summaryFrom}`;

const toSummary = (row: SummaryRow): ConversationSummary => ({
  id: row.id,
  channel: row.channel,
  businessNumber: row.business_number,
  unreadCount: row.unread_count,
  lastActivityAt: row.last_activity_at,
  contact: contactView(row.contact_id, row),
  lastMessage:
    row.direction === null
      ? null
      : {
          body: row.body ?? '',
          direction: row.direction,
          status: row.status ?? 'received',
          hasMedia: row.media !== null && row.media !== '[]',
        },
  category: row.category,
  urgency: row.priority,
  aiMode: row.ai_mode,
  draftWaiting: row.draft_waiting === 1,
  needsReply: row.needs_reply === 1,
  failedSend: row.failed_send === 1,
  lastInboundAt: row.last_inbound_at,
  heldReason: row.held_reason,
});

/**
 * Returns the conversation id for (contact, channel, business number), creating it if new. Looks
 * before it writes: an upsert rewrote the row and its unique index entry for every text of a
 * known conversation.
 */
export function upsertConversation(
  db: Db,
  args: { contactId: number; channel: Channel; businessNumber: string; now: number },
): number {
  const known = sql<[number, string, string], { id: number }>(
    db,
    'SELECT id FROM conversations WHERE contact_id = ? AND channel = ? AND business_number = ?',
  ).get(args.contactId, args.channel, args.businessNumber);
  if (known) return known.id;
  const row = sql<[number, string, string, number, number], { id: number }>(
    db,
    `INSERT INTO conversations (contact_id, channel, business_number, last_activity_at, created_at)
     VALUES (?, ?, ?, ?, ?)
     RETURNING id`,
  ).get(args.contactId, args.channel, args.businessNumber, args.now, args.now);
  return row!.id;
}

/**
 * Records a new message as the conversation's latest activity, with the inbox flags it implies
 * (migration 0060): a text from a customer who has not opted out needs a reply; a message just
 * stored has not failed yet. This is the one place that moves `last_message_id`, so the flags
 * are set here rather than re-read by a trigger; later changes (a status, consent, a draft) are
 * followed by the triggers.
 */
export function touchConversation(
  db: Db,
  args: {
    conversationId: number;
    messageId: number;
    at: number;
    unread: boolean;
    direction: Direction;
    contactOptedOut: boolean;
  },
): void {
  const needsReply = args.direction === 'inbound' && !args.contactOptedOut;
  sql(
    db,
    `UPDATE conversations
     SET last_message_id = @messageId,
         last_activity_at = CASE WHEN @at > last_activity_at THEN @at ELSE last_activity_at END,
         unread_count = unread_count + @unread, needs_reply = @needsReply, failed_send = 0
     WHERE id = @conversationId`,
  ).run({
    messageId: args.messageId,
    at: args.at,
    unread: args.unread ? 1 : 0,
    needsReply: needsReply ? 1 : 0,
    conversationId: args.conversationId,
  });
}

export function markConversationRead(db: Db, conversationId: number): boolean {
  return (
    sql(db, 'UPDATE conversations SET unread_count = 0 WHERE id = ? AND unread_count > 0').run(
      conversationId,
    ).changes === 1
  );
}

export function getConversationSummary(db: Db, id: number): ConversationSummary | undefined {
  const row = sql<[number], SummaryRow>(db, `${summarySelect} WHERE c.id = ?`).get(id);
  return row && toSummary(row);
}

/**
 * The inbox tabs as SQL (literal strings: each gets its own cached statement). The rules live in
 * the flags that migration 0060's triggers keep on each conversation, the same flags
 * `countAttention` adds up, so a tab's list and its count cannot disagree.
 */
const attentionClause = {
  any: '1 = 1',
  'needs-reply': 'c.needs_reply = 1',
  drafts: 'c.draft_ready = 1',
  failed: 'c.failed_send = 1',
} as const;

/**
 * Newest activity first, by keyset cursor so deep pages cost the same as the first. Optional
 * triage filters (category, urgency) narrow the list.
 */
export function listConversations(
  db: Db,
  args: {
    limit: number;
    before?: { lastActivityAt: number; id: number } | undefined;
    category?: TriageCategory | undefined;
    urgency?: Urgency | undefined;
    attention?: Attention | undefined;
  },
): ConversationSummary[] {
  const category = args.category ?? null;
  const urgency = args.urgency ?? null;
  const filters = `(CAST(? AS TEXT) IS NULL OR c.category = ?) AND (CAST(? AS TEXT) IS NULL OR c.priority = ?) AND ${attentionClause[args.attention ?? 'any']}`;
  const rows = args.before
    ? sql<unknown[], SummaryRow>(
        db,
        `${summarySelect}
         WHERE (c.last_activity_at < ? OR (c.last_activity_at = ? AND c.id < ?)) AND ${filters}
         ORDER BY c.last_activity_at DESC, c.id DESC LIMIT ?`,
      ).all(
        args.before.lastActivityAt,
        args.before.lastActivityAt,
        args.before.id,
        category,
        category,
        urgency,
        urgency,
        args.limit,
      )
    : sql<unknown[], SummaryRow>(
        db,
        `${summarySelect} WHERE ${filters} ORDER BY c.last_activity_at DESC, c.id DESC LIMIT ?`,
      ).all(category, category, urgency, urgency, args.limit);
  return rows.map(toSummary);
}

interface CountsRow {
  category: string;
  needs_reply: number;
  drafts: number;
  failed: number;
  unread: number;
}

const tabsOf = (
  row: Pick<CountsRow, 'needs_reply' | 'drafts' | 'failed'> | undefined,
): Record<Attention, number> => ({
  'needs-reply': row?.needs_reply ?? 0,
  drafts: row?.drafts ?? 0,
  failed: row?.failed ?? 0,
});

/**
 * How many conversations each inbox tab holds, loaded or not, optionally within one triage
 * category: the counters migration 0060 keeps (one row per category), so this costs the same at
 * any size. Same rules as `listConversations({ attention })`.
 */
export function countAttention(
  db: Db,
  category: TriageCategory | undefined,
): Record<Attention, number> {
  if (category !== undefined) {
    return tabsOf(
      sql<[string], CountsRow>(
        db,
        'SELECT needs_reply, drafts, failed FROM conversation_counts WHERE category = ?',
      ).get(category),
    );
  }
  return tabsOf(
    sql<[], CountsRow>(
      db,
      `SELECT COALESCE(SUM(needs_reply), 0) AS needs_reply, COALESCE(SUM(drafts), 0) AS drafts,
              COALESCE(SUM(failed), 0) AS failed
       FROM conversation_counts`,
    ).get(),
  );
}

export function totalUnread(db: Db): number {
  return (
    sql<[], { n: number | null }>(db, 'SELECT SUM(unread) AS n FROM conversation_counts').get()
      ?.n ?? 0
  );
}

/**
 * Every counter at once: the unread total, the tabs over all conversations and within each triage
 * category (what the console's tab badges show, whichever category it filters on). A handful of
 * rows, so it is cheap enough to read after every burst of changes.
 */
export function readInboxCounts(db: Db): InboxCountsUpdate {
  const rows = sql<[], CountsRow>(
    db,
    'SELECT category, needs_reply, drafts, failed, unread FROM conversation_counts',
  ).all();
  const byCategory = Object.fromEntries(
    triageCategories.map((category) => [category, tabsOf(undefined)]),
  ) as Record<TriageCategory, Record<Attention, number>>;
  const all = { needs_reply: 0, drafts: 0, failed: 0 };
  let unreadTotal = 0;
  for (const row of rows) {
    all.needs_reply += row.needs_reply;
    all.drafts += row.drafts;
    all.failed += row.failed;
    unreadTotal += row.unread;
    if ((triageCategories as readonly string[]).includes(row.category)) {
      byCategory[row.category as TriageCategory] = tabsOf(row);
    }
  }
  return { unreadTotal, tabs: tabsOf(all), byCategory };
}

/**
 * Demo mode's "time passes": every message of the conversation (and its last activity) moves
 * `ms` into the past; `updated_at` becomes now, so consoles take the moved messages as news.
 * Returns the ids of the messages moved.
 */
export function moveConversationBack(
  db: Db,
  args: { conversationId: number; ms: number; now: number },
): number[] {
  return db.transaction(() => {
    const ids = sql<[number], { id: number }>(
      db,
      'SELECT id FROM messages WHERE conversation_id = ? ORDER BY id',
    )
      .all(args.conversationId)
      .map((row) => row.id);
    sql(
      db,
      'UPDATE messages SET created_at = created_at - ?, updated_at = ? WHERE conversation_id = ?',
    ).run(args.ms, args.now, args.conversationId);
    sql(db, 'UPDATE conversations SET last_activity_at = last_activity_at - ? WHERE id = ?').run(
      args.ms,
      args.conversationId,
    );
    return ids;
  })();
}
