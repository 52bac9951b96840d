import type {
  DraftErrorKind,
  DraftProvider,
  DraftState,
  DraftView,
  TriageCategory,
  Urgency,
} from '../../../shared/types';
import { sql, type Db } from './database';

export type { DraftState };

/** Generation attempts before a failed draft stops being retried (the `draft` job's maxAttempts). */
export const DRAFT_MAX_ATTEMPTS = 5;

/** Failure kinds the queue retries by itself. */
const retryableKinds: ReadonlySet<string> = new Set<DraftErrorKind>([
  'rate-limited',
  'server',
  'timeout',
  'cut-stream',
  'stream-error',
  'connection',
  'unknown',
]);
export const isRetryableDraftError = (kind: DraftErrorKind) => retryableKinds.has(kind);

export interface DraftRow {
  id: number;
  conversation_id: number;
  reply_to_message_id: number;
  provider: string;
  model: string | null;
  state: DraftState;
  text_generated: string;
  text_sent: string | null;
  instruction: string | null;
  language: string | null;
  category: string | null;
  urgency: string | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  latency_ms: number | null;
  error: string | null;
  error_kind: string | null;
  attempts: number;
  job_id: number | null;
  auto_send_at: number | null;
  source: string | null;
  reject_reason: string | null;
  /** JSON (migration 0140): the passages it was based on, the claims nothing supports. */
  knowledge: string;
  claims: string;
  created_at: number;
  decided_at: number | null;
  /** A proposed WhatsApp template (migration 0120): its SID, variables (JSON) and name. */
  template_sid: string | null;
  template_variables: string | null;
  template_name: string | null;
}

const columns = `id, conversation_id, reply_to_message_id, provider, model, state, text_generated,
  text_sent, instruction, language, category, urgency, prompt_tokens, completion_tokens, latency_ms,
  error, error_kind, attempts, job_id, auto_send_at, source, reject_reason, knowledge, claims,
  created_at, decided_at, template_sid, template_variables, (SELECT friendly_name FROM content_templates t
    WHERE t.sid = drafts.template_sid) AS template_name`;

/**
 * A draft as stored, ready for the domain to word it (`toDraftView` in domain/draftView.ts adds the
 * label and the segment count): the store holds data, not sentences.
 */
export interface DraftRecord extends Omit<DraftView, 'label' | 'segments'> {
  /** Which template or past reply an offline suggestion came from, in words. */
  source: string | null;
}

function toDraftRecord(row: DraftRow): DraftRecord {
  const errorKind = row.error_kind as DraftErrorKind | null;
  return {
    id: row.id,
    conversationId: row.conversation_id,
    replyToMessageId: row.reply_to_message_id,
    provider: row.provider as DraftProvider,
    model: row.model,
    state: row.state,
    text: row.text_generated,
    textSent: row.text_sent,
    instruction: row.instruction,
    language: row.language,
    category: row.category as TriageCategory | null,
    urgency: row.urgency as Urgency | null,
    promptTokens: row.prompt_tokens,
    completionTokens: row.completion_tokens,
    latencyMs: row.latency_ms,
    error: row.error,
    errorKind,
    willRetry:
      row.state === 'failed' &&
      errorKind !== null &&
      isRetryableDraftError(errorKind) &&
      row.attempts < DRAFT_MAX_ATTEMPTS,
    attempts: row.attempts,
    rejectReason: row.reject_reason,
    autoSendAt: row.auto_send_at,
    source: row.source,
    basedOn: JSON.parse(row.knowledge) as DraftRecord['basedOn'],
    unsupportedClaims: JSON.parse(row.claims) as DraftRecord['unsupportedClaims'],
    createdAt: row.created_at,
    decidedAt: row.decided_at,
    ...(row.template_sid ? { template: { sid: row.template_sid, name: row.template_name ?? row.template_sid, variables: JSON.parse(row.template_variables ?? '{}') as Record<string, string> } } : {}), // prettier-ignore
  };
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
    instruction?: string | null;
    jobId?: number | null;
    now: number;
  },
): number {
  return sql<unknown[], { id: number }>(
    db,
    `INSERT INTO drafts (conversation_id, reply_to_message_id, provider, model, state,
       text_generated, instruction, job_id, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
  ).get(
    d.conversationId,
    d.replyToMessageId,
    d.provider,
    d.model ?? null,
    d.state,
    d.text,
    d.instruction ?? null,
    d.jobId ?? null,
    d.now,
  )!.id;
}

export function getDraft(db: Db, id: number): DraftRow | undefined {
  return sql<[number], DraftRow>(db, `SELECT ${columns} FROM drafts WHERE id = ?`).get(id);
}

export function getDraftRecord(db: Db, id: number): DraftRecord | undefined {
  const row = getDraft(db, id);
  return row && toDraftRecord(row);
}

/** Newest first. */
export function listDraftRecords(
  db: Db,
  args: { conversationId: number; limit: number },
): DraftRecord[] {
  return sql<[number, number], DraftRow>(
    db,
    `SELECT ${columns} FROM drafts WHERE conversation_id = ? ORDER BY id DESC LIMIT ?`,
  )
    .all(args.conversationId, args.limit)
    .map(toDraftRecord);
}

/** The newest draft written for an inbound message (regenerating adds rows; the last one counts). */
export function latestDraftForMessage(db: Db, messageId: number): DraftRow | undefined {
  return sql<[number], DraftRow>(
    db,
    `SELECT ${columns} FROM drafts WHERE reply_to_message_id = ? ORDER BY id DESC LIMIT 1`,
  ).get(messageId);
}

export function latestDraftInConversation(db: Db, conversationId: number): DraftRow | undefined {
  return sql<[number], DraftRow>(
    db,
    `SELECT ${columns} FROM drafts WHERE conversation_id = ? ORDER BY id DESC LIMIT 1`,
  ).get(conversationId);
}

/** Claims a draft row for a (new or retried) generation attempt by `jobId`. */
export function startDraftAttempt(
  db: Db,
  args: { id: number; jobId: number; provider: string; model: string | null },
): boolean {
  return (
    sql(
      db,
      `UPDATE drafts SET state = 'generating', job_id = ?, provider = ?, model = ?,
         attempts = attempts + 1, text_generated = '', error = NULL, error_kind = NULL
       WHERE id = ? AND state IN ('generating', 'failed')`,
    ).run(args.jobId, args.provider, args.model, args.id).changes === 1
  );
}

/** Stores a finished generation; false when it was superseded meanwhile. */
export function completeDraft(
  db: Db,
  args: {
    id: number;
    text: string;
    model: string | null;
    source: string | null;
    language: string | null;
    category: string | null;
    urgency: string | null;
    promptTokens: number | null;
    completionTokens: number | null;
    latencyMs: number;
  },
): boolean {
  return (
    sql(
      db,
      `UPDATE drafts SET state = 'ready', text_generated = ?, model = ?, source = ?, language = ?,
         category = ?, urgency = ?, prompt_tokens = ?, completion_tokens = ?, latency_ms = ?,
         error = NULL, error_kind = NULL
       WHERE id = ? AND state = 'generating'`,
    ).run(
      args.text,
      args.model,
      args.source,
      args.language,
      args.category,
      args.urgency,
      args.promptTokens,
      args.completionTokens,
      args.latencyMs,
      args.id,
    ).changes === 1
  );
}

/** Records a failed attempt; whatever streamed in before the failure is kept for the record only. */
export function failDraft(
  db: Db,
  args: {
    id: number;
    error: string;
    errorKind: DraftErrorKind;
    partialText: string;
    category: string | null;
    urgency: string | null;
    latencyMs: number;
  },
): boolean {
  return (
    sql(
      db,
      `UPDATE drafts SET state = 'failed', error = ?, error_kind = ?, text_generated = ?,
         category = ?, urgency = ?, latency_ms = ?
       WHERE id = ? AND state = 'generating'`,
    ).run(
      args.error,
      args.errorKind,
      args.partialText,
      args.category,
      args.urgency,
      args.latencyMs,
      args.id,
    ).changes === 1
  );
}

/** Every undecided draft of the conversation gives way (a newer message, a regenerate). */
export function supersedeUndecidedDrafts(
  db: Db,
  args: { conversationId: number; now: number; exceptId?: number },
): number[] {
  return sql<[number, number, number], { id: number }>(
    db,
    `UPDATE drafts SET state = 'superseded', auto_send_at = NULL, decided_at = ?
     WHERE conversation_id = ? AND id <> ? AND state IN ('generating', 'ready', 'failed')
     RETURNING id`,
  )
    .all(args.now, args.conversationId, args.exceptId ?? 0)
    .map((r) => r.id);
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
      `UPDATE drafts SET state = ?, text_sent = ?, reject_reason = ?, decided_at = ?,
         auto_send_at = NULL
       WHERE id = ? AND state = 'ready'`,
    ).run(args.state, args.textSent ?? null, args.rejectReason ?? null, args.now, args.id)
      .changes === 1
  );
}

/** Starts (a time) or stops (null) an auto-send countdown on a ready draft. */
export function setDraftAutoSendAt(db: Db, id: number, at: number | null): boolean {
  return (
    sql(
      db,
      `UPDATE drafts SET auto_send_at = ? WHERE id = ? AND state = 'ready'
         AND (auto_send_at IS NOT NULL OR CAST(? AS BIGINT) IS NOT NULL)`,
    ).run(at, id, at).changes === 1
  );
}

export function listAutoSendCountdowns(db: Db): Array<{ id: number; autoSendAt: number }> {
  return sql<[], { id: number; auto_send_at: number }>(
    db,
    `SELECT id, auto_send_at FROM drafts WHERE auto_send_at IS NOT NULL AND state = 'ready'`,
  )
    .all()
    .map((r) => ({ id: r.id, autoSendAt: r.auto_send_at }));
}

export interface DraftOutcomeRow {
  provider: string;
  model: string | null;
  category: string | null;
  state: DraftState;
  text_generated: string;
  text_sent: string | null;
  created_at: number;
  decided_at: number | null;
  auto_sent: number;
}

/** Statistics read at most this many drafts: the newest of the period asked for. */
export const DRAFT_STATS_MAX_ROWS = 10_000;

/**
 * Drafts that were generated (or failed) since `since`, newest first, at most `limit` of them:
 * a range of the creation-time index, and one index lookup each for "sent automatically"
 * (migration 0080), so the cost stays bounded at any store size.
 */
export function listDraftOutcomes(
  db: Db,
  since: number,
  limit = DRAFT_STATS_MAX_ROWS,
): DraftOutcomeRow[] {
  return sql<[number, number], DraftOutcomeRow>(
    db,
    `SELECT d.provider, d.model, d.category, d.state, d.text_generated, d.text_sent, d.created_at,
            d.decided_at,
            EXISTS (SELECT 1 FROM messages m WHERE m.draft_id = d.id AND m.author = 'auto') AS auto_sent
     FROM drafts d
     WHERE d.created_at >= ? AND d.state <> 'generating'
       AND NOT (d.state = 'superseded' AND d.text_generated = '')
     ORDER BY d.created_at DESC, d.id DESC LIMIT ?`,
  ).all(since, limit);
}

/** The text of the draft a regenerated one replaces (the newest earlier one with text). */
export function previousDraftText(
  db: Db,
  args: { messageId: number; beforeId: number },
): string | null {
  return (
    sql<[number, number], { text_generated: string }>(
      db,
      `SELECT text_generated FROM drafts
       WHERE reply_to_message_id = ? AND id < ? AND text_generated <> ''
       ORDER BY id DESC LIMIT 1`,
    ).get(args.messageId, args.beforeId)?.text_generated ?? null
  );
}

/** Ready drafts of a conversation whose auto-send countdown runs (to stop them all at once). */
export function stopConversationCountdowns(db: Db, conversationId: number): number[] {
  return sql<[number], { id: number }>(
    db,
    `UPDATE drafts SET auto_send_at = NULL
     WHERE conversation_id = ? AND auto_send_at IS NOT NULL RETURNING id`,
  )
    .all(conversationId)
    .map((r) => r.id);
}

/**
 * Puts away a draft that failed (no suggestion, model error): it leaves the waiting list without
 * counting as a rejection in the statistics, since the operator never judged its text.
 */
export function dismissFailedDraft(db: Db, args: { id: number; now: number }): boolean {
  return (
    sql(
      db,
      `UPDATE drafts SET state = 'superseded', decided_at = ?, auto_send_at = NULL
       WHERE id = ? AND state = 'failed'`,
    ).run(args.now, args.id).changes === 1
  );
}
