import { sql, type Db } from './database';

export type DraftState =
  | 'generating'
  | 'ready'
  | 'approved'
  | 'edited'
  | 'rejected'
  | 'failed'
  | 'superseded';

export interface DraftRow {
  id: number;
  conversation_id: number;
  reply_to_message_id: number;
  provider: string;
  model: string | null;
  state: DraftState;
  text_generated: string;
  text_sent: string | null;
}

export function insertDraft(
  db: Db,
  d: {
    conversationId: number;
    replyToMessageId: number;
    provider: string;
    model?: string | null;
    state: DraftState;
    text: string;
    now: number;
  },
): number {
  return sql<unknown[], { id: number }>(
    db,
    `INSERT INTO drafts (conversation_id, reply_to_message_id, provider, model, state,
       text_generated, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
  ).get(d.conversationId, d.replyToMessageId, d.provider, d.model ?? null, d.state, d.text, d.now)!
    .id;
}

export function getDraft(db: Db, id: number): DraftRow | undefined {
  return sql<[number], DraftRow>(
    db,
    `SELECT id, conversation_id, reply_to_message_id, provider, model, state, text_generated, text_sent
     FROM drafts WHERE id = ?`,
  ).get(id);
}

/** Records the operator's decision on a draft that is still waiting for one. */
export function decideDraft(
  db: Db,
  args: {
    id: number;
    state: 'approved' | 'edited' | 'rejected';
    textSent?: string | null;
    rejectReason?: string | null;
    now: number;
  },
): boolean {
  return (
    sql(
      db,
      `UPDATE drafts SET state = ?, text_sent = ?, reject_reason = ?, decided_at = ?
       WHERE id = ? AND state = 'ready'`,
    ).run(args.state, args.textSent ?? null, args.rejectReason ?? null, args.now, args.id)
      .changes === 1
  );
}
