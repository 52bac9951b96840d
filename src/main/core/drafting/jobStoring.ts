/**
 * The draft job, step 4: the draft row it owns, the finished or failed draft, the triage on the
 * message, and what the queue should do after a failure.
 *
 * What the draft job writes is derived from stored messages: after a power cut that dropped it,
 * the job (whose completion is dropped with it) simply runs again. So its transactions do not
 * wait for the disk; the next webhook batch or operator command makes them durable.
 */
import type { KnowledgeUse, UnsupportedClaim } from '../../../shared/knowledge';
import { PermanentJobError, RetryLaterError } from '../queue/errors';
import { withoutFsync, type Db } from '../store/database';
import { storeMessageTriage, type DraftSubject } from '../store/draftContext';
import {
  completeDraft,
  failDraft,
  insertDraft,
  startDraftAttempt,
  type DraftRow,
} from '../store/drafts';
import { recordDraftKnowledge } from '../store/knowledge';
import type { Drafter, DraftResult } from './drafter';
import type { DrafterError } from './errors';
import type { Triage } from './triage';

export const derivedWrite =
  (db: Db) =>
  <T>(work: () => T): T =>
    withoutFsync(db, () => db.transaction(work)());

/** The message's language and triage; inside a caller's transaction, a savepoint of it. */
export function recordTriage(
  db: Db,
  subject: DraftSubject,
  detectedLanguage: string | null,
  triage: Triage,
): void {
  db.transaction(() => {
    storeMessageTriage(db, {
      messageId: subject.messageId,
      conversationId: subject.conversationId,
      language: detectedLanguage,
      category: triage.category,
      urgency: triage.urgency,
    });
  })();
}

/** Whether this job may write the message's draft: none yet, or its own from an earlier try. */
export function ownsDraft(existing: DraftRow | undefined, jobId: number): boolean {
  return (
    existing === undefined ||
    (existing.job_id === jobId && (existing.state === 'generating' || existing.state === 'failed'))
  );
}

/** The job's draft row, new or reused from an earlier try, marked as a new attempt. */
export function claimDraftRow(
  db: Db,
  args: {
    existing: DraftRow | undefined;
    subject: DraftSubject;
    drafter: Pick<Drafter, 'provider' | 'model'>;
    jobId: number;
    now: number;
  },
): number {
  const { subject, drafter, jobId } = args;
  return derivedWrite(db)(() => {
    const id =
      args.existing?.id ??
      insertDraft(db, {
        conversationId: subject.conversationId,
        replyToMessageId: subject.messageId,
        provider: drafter.provider,
        model: drafter.model,
        state: 'generating',
        text: '',
        jobId,
        now: args.now,
      });
    startDraftAttempt(db, { id, jobId, provider: drafter.provider, model: drafter.model });
    return id;
  });
}

interface Outcome {
  draftId: number;
  subject: DraftSubject;
  detectedLanguage: string | null;
  triage: Triage;
  latencyMs: number;
}

/** Stores a finished draft, what it was based on and its unsupported claims; false when superseded. */
export function storeReady(
  db: Db,
  outcome: Outcome & {
    result: DraftResult;
    language: string | null;
    basedOn?: KnowledgeUse[];
    claims?: UnsupportedClaim[];
  },
): boolean {
  const { result, triage } = outcome;
  return derivedWrite(db)(() => {
    const ok = completeDraft(db, {
      id: outcome.draftId,
      text: result.text,
      model: result.model,
      source: result.source,
      language: outcome.language,
      category: triage.category,
      urgency: triage.urgency,
      promptTokens: result.promptTokens,
      completionTokens: result.completionTokens,
      latencyMs: outcome.latencyMs,
    });
    if (ok && (outcome.basedOn?.length || outcome.claims?.length)) {
      recordDraftKnowledge(db, { draftId: outcome.draftId, knowledge: outcome.basedOn ?? [], claims: outcome.claims ?? [] }); // prettier-ignore
    }
    recordTriage(db, outcome.subject, outcome.detectedLanguage, triage);
    return ok;
  });
}

/** Stores a failed draft with what was streamed before it failed. */
export function storeFailed(
  db: Db,
  outcome: Outcome & { failure: DrafterError; partialText: string },
): void {
  derivedWrite(db)(() => {
    failDraft(db, {
      id: outcome.draftId,
      error: outcome.failure.message,
      errorKind: outcome.failure.kind,
      partialText: outcome.partialText,
      category: outcome.triage.category,
      urgency: outcome.triage.urgency,
      latencyMs: outcome.latencyMs,
    });
    recordTriage(db, outcome.subject, outcome.detectedLanguage, outcome.triage);
  });
}

/** What the queue does after a failed draft: nothing, retry later, or give up until fixed. */
export function settleFailedJob(failure: DrafterError): void {
  switch (failure.kind) {
    case 'no-suggestion':
      return; // an answer, not an error: nothing to retry
    case 'auth':
    case 'model-not-found':
    case 'bad-request':
      // Retrying cannot help until the operator fixes Settings; the dead job can be retried by hand.
      throw new PermanentJobError(failure.message);
    case 'rate-limited':
      if (failure.retryAfterMs !== null)
        throw new RetryLaterError(failure.message, Math.max(failure.retryAfterMs, 250));
      throw failure;
    default:
      throw failure;
  }
}
