/**
 * What drafting reads and writes outside the drafts table: the message being answered, its
 * conversation and contact, the recent thread, past replies to similar messages (FTS5/BM25 over
 * the newest answered texts; a tsvector match on PostgreSQL), and the language and triage results it stores back.
 */
import type {
  AiMode,
  Direction,
  MessageAuthor,
  TriageCategory,
  Urgency,
} from '../../../shared/types';
import { engineOf, sql, type Db } from './database';
import { anyOfWords } from './searchText';

export interface DraftSubject {
  messageId: number;
  conversationId: number;
  body: string;
  direction: Direction;
  messageLanguage: string | null;
  createdAt: number;
  aiMode: AiMode;
  contact: {
    id: number;
    name: string | null;
    notes: string;
    language: string | null;
    optedOut: boolean;
  };
  /** A later inbound message exists in the conversation: its own draft job answers both. */
  newerInbound: boolean;
}

export function getDraftSubject(db: Db, messageId: number): DraftSubject | undefined {
  const row = sql<
    [number],
    {
      id: number;
      conversation_id: number;
      body: string;
      direction: Direction;
      language: string | null;
      created_at: number;
      ai_mode: AiMode;
      contact_id: number;
      name: string | null;
      notes: string;
      contact_language: string | null;
      opted_out: number;
      newer: number;
    }
  >(
    db,
    `SELECT m.id, m.conversation_id, m.body, m.direction, m.language, m.created_at, c.ai_mode,
            k.id AS contact_id, k.name, k.notes, k.language AS contact_language, k.opted_out,
            EXISTS (SELECT 1 FROM messages n WHERE n.conversation_id = m.conversation_id
                      AND n.direction = 'inbound' AND n.id > m.id) AS newer
     FROM messages m
     JOIN conversations c ON c.id = m.conversation_id
     JOIN contacts k ON k.id = c.contact_id
     WHERE m.id = ?`,
  ).get(messageId);
  if (!row) return undefined;
  return {
    messageId: row.id,
    conversationId: row.conversation_id,
    body: row.body,
    direction: row.direction,
    messageLanguage: row.language,
    createdAt: row.created_at,
    aiMode: row.ai_mode,
    contact: {
      id: row.contact_id,
      name: row.name,
      notes: row.notes,
      language: row.contact_language,
      optedOut: row.opted_out === 1,
    },
    newerInbound: row.newer === 1,
  };
}

export interface ThreadMessage {
  id: number;
  direction: Direction;
  author: MessageAuthor;
  body: string;
  createdAt: number;
}

/** The conversation up to and including `uptoId`, newest first (the caller trims to a budget). */
export function recentThread(
  db: Db,
  args: { conversationId: number; uptoId: number; limit: number },
): ThreadMessage[] {
  return sql<
    [number, number, number],
    { id: number; direction: Direction; author: MessageAuthor; body: string; created_at: number }
  >(
    db,
    `SELECT id, direction, author, body, created_at FROM messages
     WHERE conversation_id = ? AND id <= ? AND status NOT IN ('canceled', 'failed', 'scheduled')
     ORDER BY id DESC LIMIT ?`,
  )
    .all(args.conversationId, args.uptoId, args.limit)
    .map((r) => ({
      id: r.id,
      direction: r.direction,
      author: r.author,
      body: r.body,
      createdAt: r.created_at,
    }));
}

export interface PastReply {
  inboundId: number;
  inboundBody: string;
  inboundLanguage: string | null;
  /** What the business answered: the next message in that conversation, sent by a person. */
  reply: string;
  replyAt: number;
  /** The name of the customer it was written for (so it can be swapped out). */
  contactName: string | null;
  /** FTS5 bm25: lower is better. */
  rank: number;
}

/**
 * Earlier customer texts holding any of `words`, each with the reply the operator sent right
 * after it (typed or an approved/edited draft; never an automatic one), best first.
 *
 * Only the newest answered texts are searched: their own small index (`reply_examples`,
 * migration 0080), kept by triggers as replies are stored, so the cost does not grow with the
 * store (the whole message index took 0.2–1.2 s at 1,000,000 messages). On PostgreSQL the
 * examples (at most 5,000) are matched against their messages' own tsvectors and ranked by
 * `ts_rank` instead of BM25. A rejected draft never became a message, so it is never an example.
 * A pure read: it can run on a read-only connection.
 */
export function findPastReplies(
  db: Db,
  args: { words: string[]; excludeConversationMessageId: number; limit: number },
): PastReply[] {
  const engine = engineOf(db);
  const match = anyOfWords(engine, args.words, false);
  if (match === null) return [];
  return sql<
    [string, number, number],
    {
      inbound_id: number;
      inbound_body: string;
      inbound_language: string | null;
      reply: string;
      reply_at: number;
      contact_name: string | null;
      rank: number;
    }
  >(db, engine === 'sqlite' ? PAST_REPLIES_FTS5 : PAST_REPLIES_POSTGRES)
    .all(match, args.excludeConversationMessageId, args.limit)
    .map((r) => ({
      inboundId: r.inbound_id,
      inboundBody: r.inbound_body,
      inboundLanguage: r.inbound_language,
      reply: r.reply,
      replyAt: r.reply_at,
      contactName: r.contact_name,
      rank: r.rank,
    }));
}

const PAST_REPLY_COLUMNS = `m.id AS inbound_id, m.body AS inbound_body,
  m.language AS inbound_language, r.body AS reply, r.created_at AS reply_at,
  k.name AS contact_name`;

const PAST_REPLIES_FTS5 = `
  SELECT ${PAST_REPLY_COLUMNS}, bm25(reply_examples_fts) AS rank
  FROM reply_examples_fts
  JOIN reply_examples e ON e.inbound_id = reply_examples_fts.rowid
  JOIN messages m ON m.id = e.inbound_id
  JOIN messages r ON r.id = e.reply_id
  JOIN conversations c ON c.id = m.conversation_id
  JOIN contacts k ON k.id = c.contact_id
  WHERE reply_examples_fts MATCH ? AND m.id <> ?
    AND r.status NOT IN ('failed', 'canceled', 'undelivered')
  ORDER BY rank LIMIT ?`;

// Lower is better, as BM25's: the negated ts_rank. Ties newest first, so the order is stable.
const PAST_REPLIES_POSTGRES = `
  SELECT ${PAST_REPLY_COLUMNS}, -ts_rank(m.search_vector, q) AS rank
  FROM reply_examples e
  CROSS JOIN to_tsquery('simple', search_fold(CAST(? AS TEXT))) AS q
  JOIN messages m ON m.id = e.inbound_id
  JOIN messages r ON r.id = e.reply_id
  JOIN conversations c ON c.id = m.conversation_id
  JOIN contacts k ON k.id = c.contact_id
  WHERE m.search_vector @@ q AND m.id <> ?
    AND r.status NOT IN ('failed', 'canceled', 'undelivered')
  ORDER BY rank, m.id DESC LIMIT ?`;

/** Language and triage of one inbound message; the conversation keeps the latest message's. */
export function storeMessageTriage(
  db: Db,
  args: {
    messageId: number;
    conversationId: number;
    language: string | null;
    category: TriageCategory;
    urgency: Urgency;
  },
): void {
  sql(
    db,
    `UPDATE messages SET language = COALESCE(?, language), category = ?, urgency = ? WHERE id = ?`,
  ).run(args.language, args.category, args.urgency, args.messageId);
  sql(
    db,
    `UPDATE conversations SET category = ?, priority = ?
     WHERE id = ? AND NOT EXISTS (SELECT 1 FROM messages n WHERE n.conversation_id = ?
                                    AND n.direction = 'inbound' AND n.id > ?)`,
  ).run(args.category, args.urgency, args.conversationId, args.conversationId, args.messageId);
}

export function setContactLanguage(
  db: Db,
  contactId: number,
  language: string,
  now: number,
): boolean {
  return (
    sql(
      db,
      `UPDATE contacts SET language = ?, updated_at = ? WHERE id = ? AND (language IS NULL OR language <> ?)`,
    ).run(language, now, contactId, language).changes === 1
  );
}

export function setConversationAiMode(db: Db, conversationId: number, mode: AiMode): boolean {
  return (
    sql(db, `UPDATE conversations SET ai_mode = ? WHERE id = ?`).run(mode, conversationId)
      .changes === 1
  );
}

export function getConversationAiMode(db: Db, conversationId: number): AiMode | undefined {
  return sql<[number], { ai_mode: AiMode }>(
    db,
    `SELECT ai_mode FROM conversations WHERE id = ?`,
  ).get(conversationId)?.ai_mode;
}
