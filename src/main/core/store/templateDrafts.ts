/** Drafts that propose a WhatsApp template instead of free text (migration 0120's columns). */
import { sql, type Db } from './database';

/** A ready draft proposing `templateSid` with its variables; `text` is the rendered preview. */
export function insertTemplateDraft(
  db: Db,
  d: {
    conversationId: number;
    replyToMessageId: number;
    provider: string;
    model: string | null;
    text: string;
    templateSid: string;
    variables: Record<string, string>;
    /** Why this template, in words (shown as the draft's label source). */
    source: string;
    now: number;
  },
): number {
  return sql<unknown[], { id: number }>(
    db,
    `INSERT INTO drafts (conversation_id, reply_to_message_id, provider, model, state,
       text_generated, source, template_sid, template_variables, created_at)
     VALUES (?, ?, ?, ?, 'ready', ?, ?, ?, ?, ?) RETURNING id`,
  ).get(
    d.conversationId,
    d.replyToMessageId,
    d.provider,
    d.model,
    d.text,
    d.source,
    d.templateSid,
    JSON.stringify(d.variables),
    d.now,
  )!.id;
}

/** The newest message of a conversation (a proposal answers the conversation as it stands). */
export function newestMessageId(db: Db, conversationId: number): number | undefined {
  return sql<[number], { id: number }>(
    db,
    'SELECT id FROM messages WHERE conversation_id = ? ORDER BY id DESC LIMIT 1',
  ).get(conversationId)?.id;
}
