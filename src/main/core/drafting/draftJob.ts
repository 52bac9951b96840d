/**
 * The `draft` job: an inbound message becomes a proposed reply, as language (jobLanguage.ts) →
 * triage (jobTriage.ts) → generation (jobGeneration.ts, streamed) → storing (jobStoring.ts).
 * Idempotent: a rerun finds its draft row and carries on from there.
 */
import type { KnowledgeUse, UnsupportedClaim } from '../../../shared/knowledge';
import type { DraftingSettings } from '../../../shared/types';
import { passageCovers, type RetrievedPassage } from '../knowledge/retrieval';
import type { EventBus } from '../events';
import type { Logger } from '../log';
import { PermanentJobError } from '../queue/errors';
import type { JobContext } from '../queue/worker';
import type { Db } from '../store/database';
import { getDraftSubject, type DraftSubject } from '../store/draftContext';
import { getDraft, latestDraftForMessage } from '../store/drafts';
import type { DraftSignals } from './autoSend';
import type { Drafter } from './drafter';
import type { DraftEvents } from './draftEvents';
import { DraftCancelled } from './errors';
import type { Generations } from './generations';
import { asDrafterError, buildDraftContext } from './jobGeneration';
import { settleLanguage } from './jobLanguage';
import {
  claimDraftRow,
  derivedWrite,
  ownsDraft,
  recordTriage,
  settleFailedJob,
  storeFailed,
  storeReady,
} from './jobStoring';
import { skipReason, triageAlongside } from './jobTriage';
import { triageByRules } from './triage';

export interface DraftJobDeps {
  db: Db;
  events: EventBus;
  emit: DraftEvents;
  logger: Logger;
  now: () => number;
  drafter: Drafter;
  settings: () => DraftingSettings;
  generations: Generations;
  /** Every other undecided draft of the conversation gives way; returns their ids. */
  supersede: (conversationId: number, exceptId: number) => number[];
  /** A stored draft may start its auto-send countdown (the model's doubts hand it off). */
  readyToSend: (draftId: number, signals: DraftSignals) => void;
  /** No draft could be written: a hand-off rule may still say why the text is the operator's. */
  failedToDraft: (draftId: number, signals: DraftSignals) => void;
  /** The business is closed or away: the closed-hours reply (closedReply.ts), once per closure. */
  closedHours: (subject: DraftSubject, language: string | null) => void;
  /** Shutting down: a cancelled generation resumes on the next start instead of ending here. */
  closing: () => boolean;
  /** The business's knowledge: retrieval into the draft, and the check of its claims. */
  knowledge?: DraftKnowledge | undefined;
}

export interface DraftKnowledge {
  retrieve(args: { text: string; language: string | null }): Promise<RetrievedPassage[]>;
  isEmpty(): boolean;
  checkClaims(conversationId: number, text: string): UnsupportedClaim[];
}

/**
 * Whether the knowledge covers the message, for the "not in your knowledge" hand-off: asked of a
 * model's drafts of questions (about the business or its prices) only, and only once the business
 * has taught something; undefined otherwise, so the rule stays out of it. The offline drafter is
 * not asked: it writes only from the knowledge, the profile and its templates, never a guess.
 */
function knowledgeCoverage(
  knowledge: DraftKnowledge | undefined,
  passages: RetrievedPassage[],
  draft: { provider: string; category: string | null },
): boolean | undefined {
  if (draft.provider === 'offline') return undefined;
  if (draft.category !== 'question' && draft.category !== 'billing') return undefined;
  if (!knowledge || knowledge.isEmpty()) return undefined;
  return passages.some(passageCovers);
}

/** The passages a draft was based on, as the draft keeps them (a snapshot, openable later). */
const asUses = (passages: RetrievedPassage[]): KnowledgeUse[] =>
  passages.map((p) => ({ passageId: p.id, sourceId: p.sourceId, title: p.sourceTitle, heading: p.heading, text: p.text })); // prettier-ignore

export function createDraftJob(deps: DraftJobDeps) {
  const { db, events, emit, drafter, now, generations } = deps;

  return async function handleDraftJob(
    payload: { messageId: number },
    context: JobContext,
  ): Promise<void> {
    const subject = getDraftSubject(db, payload.messageId);
    if (!subject || subject.direction !== 'inbound') {
      throw new PermanentJobError(`message ${payload.messageId} is not an inbound message`);
    }
    const { messageId, conversationId } = subject;
    const jobLog = deps.logger.child({ messageId, conversationId, jobId: context.jobId });

    const language = await settleLanguage(db, subject, { now: now(), write: derivedWrite(db) });
    try {
      deps.closedHours(subject, language.replyIn);
    } catch (error) {
      // A fault there must not cost the operator the draft; it is logged with its stack.
      jobLog.error({ err: error }, 'the closed-hours reply failed');
    }
    const rules = triageByRules(subject.body);
    const settings = deps.settings();

    const skip = skipReason(subject);
    const existing = latestDraftForMessage(db, messageId);
    if (skip || !ownsDraft(existing, context.jobId)) {
      if (!existing) {
        derivedWrite(db)(() => recordTriage(db, subject, language.detected, rules));
        emit.conversation(conversationId);
      }
      jobLog.debug({ skip: skip ?? 'already drafted' }, 'no draft written');
      return;
    }

    const draftId = claimDraftRow(db, { existing, subject, drafter, jobId: context.jobId, now: now() }); // prettier-ignore
    for (const id of deps.supersede(conversationId, draftId)) emit.draft(id, false);
    const draft = getDraft(db, draftId)!;
    emit.draft(draftId);

    const controller = generations.start(conversationId, draftId);
    const onWorkerAbort = () => controller.abort(context.signal.reason);
    context.signal.addEventListener('abort', onWorkerAbort, { once: true });

    const modelTriage = triageAlongside({
      drafter,
      withModel: settings.triageWithModel,
      body: subject.body,
      rules,
      signal: controller.signal,
      log: jobLog,
    });
    const draftContext = buildDraftContext(db, { subject, draft, language: language.replyIn, rules, settings }); // prettier-ignore
    draftContext.knowledge = (await deps.knowledge?.retrieve({ text: subject.body, language: language.replyIn })) ?? []; // prettier-ignore

    const started = now();
    let partialText = '';
    try {
      const result = await drafter.draft(draftContext, {
        signal: controller.signal,
        onDelta: (delta, text) => {
          partialText = text;
          events.emit('draft:delta', { draftId, conversationId, delta, text });
        },
      });
      const triage = await modelTriage;
      const stored = storeReady(db, {
        draftId,
        subject,
        result,
        language: language.replyIn,
        detectedLanguage: language.detected,
        triage,
        latencyMs: now() - started,
        basedOn: asUses(result.basedOn ?? draftContext.knowledge),
        claims: deps.knowledge?.checkClaims(conversationId, result.text) ?? [],
      });
      if (stored) {
        deps.readyToSend(draftId, {
          modelUnsure: triage.unsure,
          knowledgeCovers: knowledgeCoverage(deps.knowledge, draftContext.knowledge, { provider: drafter.provider, category: triage.category }), // prettier-ignore
        });
        jobLog.info(
          { draftId, provider: drafter.provider, latencyMs: now() - started },
          'draft ready',
        );
      }
      emit.draft(draftId);
    } catch (error) {
      if (error instanceof DraftCancelled || controller.signal.aborted) {
        await modelTriage;
        if (context.signal.aborted || deps.closing()) throw error; // shutting down: resume on next start
        jobLog.info({ draftId }, 'generation cancelled (superseded)');
        return;
      }
      const failure = asDrafterError(error);
      const triage = await modelTriage;
      storeFailed(db, {
        draftId,
        subject,
        failure,
        partialText,
        detectedLanguage: language.detected,
        triage,
        latencyMs: now() - started,
      });
      emit.draft(draftId);
      deps.failedToDraft(draftId, {
        modelUnsure: triage.unsure,
        knowledgeCovers: knowledgeCoverage(deps.knowledge, draftContext.knowledge, { provider: drafter.provider, category: triage.category }), // prettier-ignore
      });
      jobLog.warn({ draftId, kind: failure.kind }, 'draft failed');
      settleFailedJob(failure);
    } finally {
      context.signal.removeEventListener('abort', onWorkerAbort);
      generations.finished(conversationId, controller);
    }
  };
}
