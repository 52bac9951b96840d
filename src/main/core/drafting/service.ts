/**
 * Flow 2 of DESIGN.md and the draft lifecycle: the `draft` job (language, triage, generation with
 * streaming), supersede and regenerate, per-conversation AI mode and the auto-send countdown.
 *
 * One generation per conversation at a time: each has an AbortController, and a newer inbound
 * message or a regenerate aborts the old one instead of leaving it streaming.
 */
import type { AiMode, DraftingSettings, TriageCategory } from '../../../shared/types';
import { checkOutgoing } from '../domain/preSendChecks';
import { Refusal } from '../domain/refusal';
import type { EventBus } from '../events';
import type { Logger } from '../log';
import { queueOutboundMessage } from '../messaging/outbound';
import { enqueueJob } from '../queue/enqueue';
import { PermanentJobError, RetryLaterError } from '../queue/errors';
import type { JobContext } from '../queue/worker';
import { readSendingSettings } from '../sendingSettings';
import { audit } from '../store/audit';
import { getConversationSummary } from '../store/conversations';
import { withoutFsync, type Db } from '../store/database';
import {
  getConversationAiMode,
  getDraftSubject,
  recentThread,
  setContactLanguage,
  setConversationAiMode,
  storeMessageTriage,
  type DraftSubject,
} from '../store/draftContext';
import {
  completeDraft,
  decideDraft,
  failDraft,
  getDraft,
  getDraftView,
  insertDraft,
  latestDraftForMessage,
  latestDraftInConversation,
  listAutoSendCountdowns,
  previousDraftText,
  setDraftAutoSendAt,
  startDraftAttempt,
  stopConversationCountdowns,
  supersedeUndecidedDrafts,
  type DraftRow,
} from '../store/drafts';
import { getReplyRoute } from '../store/outbound';
import type { DraftContext, Drafter } from './drafter';
import { DraftCancelled, DrafterError } from './errors';
import { detectLanguage } from './language';
import { fitThread } from './prompt';
import { readDraftingSettings } from './settings';
import { triageByRules, type Triage } from './triage';

export interface DraftingServiceDeps {
  db: Db;
  events: EventBus;
  logger: Logger;
  now: () => number;
  drafter: Drafter;
  /** Demo mode: the made-up business profile fills in for an empty one. */
  demo: boolean;
  /** Overrides the operator's auto-send countdown (tests shorten it). */
  autoSendDelayMs?: number | undefined;
  /** After a job was queued (a regenerate, an auto-send): wake the worker, push queue stats. */
  onQueued: () => void;
  onMessageChanged: (messageId: number) => void;
}

export type DraftingService = ReturnType<typeof createDraftingService>;

export function createDraftingService(deps: DraftingServiceDeps) {
  const { db, events, drafter, now } = deps;
  const log = deps.logger;
  const generations = new Map<number, { draftId: number; controller: AbortController }>();
  const countdowns = new Map<number, NodeJS.Timeout>();
  let closing = false;

  const settings = (): DraftingSettings => readDraftingSettings(db, { demo: deps.demo });

  // Nobody watching (serve mode without a page): skip the reads that would build the payloads.
  const emitConversation = (conversationId: number) => {
    if (!events.hasListeners) return;
    const summary = getConversationSummary(db, conversationId);
    if (summary) events.emit('conversation:updated', summary);
  };
  const emitDraft = (draftId: number, withConversation = true) => {
    if (!events.hasListeners) return;
    const view = getDraftView(db, draftId);
    if (!view) return;
    events.emit('draft:updated', view);
    if (withConversation) emitConversation(view.conversationId);
  };

  const cancelGeneration = (conversationId: number, reason: string) => {
    const running = generations.get(conversationId);
    if (running) running.controller.abort(new DraftCancelled(reason));
  };
  const clearCountdown = (draftId: number) => {
    clearTimeout(countdowns.get(draftId));
    countdowns.delete(draftId);
  };

  /** Every undecided draft of the conversation gives way; their generations stop. */
  const supersede = (conversationId: number, exceptId?: number): number[] => {
    const ids = supersedeUndecidedDrafts(db, {
      conversationId,
      now: now(),
      ...(exceptId ? { exceptId } : {}),
    });
    for (const id of ids) clearCountdown(id);
    const running = generations.get(conversationId);
    if (running && running.draftId !== exceptId && ids.includes(running.draftId)) {
      cancelGeneration(conversationId, 'superseded');
    }
    return ids;
  };

  const autoSendDelay = () => deps.autoSendDelayMs ?? settings().autoSendDelaySeconds * 1000;

  /** Why a ready draft may not be sent without the operator, or null when it may. */
  const autoSendBlocker = (draft: DraftRow): string | null => {
    const mode = getConversationAiMode(db, draft.conversation_id);
    if (mode !== 'auto') return 'the conversation is not set to auto-send';
    const category = draft.category as TriageCategory | null;
    if (category === 'complaint') return 'complaints are never sent automatically';
    if (category === null || !settings().autoSendCategories.includes(category)) {
      return `auto-send is not allowed for ${category ?? 'uncategorised'} messages`;
    }
    const route = getReplyRoute(db, draft.conversation_id);
    if (!route || route.optedOut) return 'the customer opted out';
    const sending = readSendingSettings(db);
    const report = checkOutgoing({
      body: draft.text_generated,
      contactOptedOut: route.optedOut,
      now: new Date(now()),
      quietHours: sending.quietHours,
      pricePerSegment: sending.pricePerSegment,
      confirmedQuietHours: false,
    });
    if (report.verdict !== 'ok') return report.problems.map((p) => p.message).join(' ');
    return null;
  };

  const scheduleCountdown = (draftId: number, at: number) => {
    clearCountdown(draftId);
    if (closing) return;
    const timer = setTimeout(() => fireAutoSend(draftId), Math.max(0, at - now()));
    timer.unref?.();
    countdowns.set(draftId, timer);
  };

  const fireAutoSend = (draftId: number) => {
    countdowns.delete(draftId);
    const draft = getDraft(db, draftId);
    if (!draft || draft.state !== 'ready' || draft.auto_send_at === null) return;
    if (draft.auto_send_at > now()) return scheduleCountdown(draftId, draft.auto_send_at);
    const blocker = autoSendBlocker(draft);
    if (blocker) {
      db.transaction(() => {
        setDraftAutoSendAt(db, draftId, null);
        audit(db, {
          actor: 'system',
          action: 'draft.auto_send_held',
          subjectType: 'draft',
          subjectId: draftId,
          details: { reason: blocker },
          now: now(),
        });
      })();
      events.emit('notice', {
        level: 'warning',
        conversationId: draft.conversation_id,
        text: `A draft was not sent automatically: ${blocker}. It is waiting for you.`,
      });
      emitDraft(draftId);
      return;
    }
    const route = getReplyRoute(db, draft.conversation_id)!;
    const messageId = db.transaction(() => {
      if (
        !decideDraft(db, {
          id: draftId,
          state: 'approved',
          textSent: draft.text_generated,
          now: now(),
        })
      ) {
        return undefined;
      }
      const id = queueOutboundMessage(db, {
        route,
        body: draft.text_generated,
        author: 'auto',
        draftId,
        auditAction: 'message.auto_sent',
        now: now(),
      });
      audit(db, {
        actor: 'system',
        action: 'draft.auto_sent',
        subjectType: 'draft',
        subjectId: draftId,
        details: { messageId: id, category: draft.category, conversationId: draft.conversation_id },
        now: now(),
      });
      return id;
    })();
    if (messageId === undefined) return;
    log.info({ draftId, messageId }, 'draft sent automatically after its countdown');
    deps.onMessageChanged(messageId);
    deps.onQueued();
    emitDraft(draftId);
  };

  /** Starts the countdown on a ready draft when everything allows it; returns whether it did. */
  const maybeStartCountdown = (draftId: number): boolean => {
    const draft = getDraft(db, draftId);
    if (!draft || draft.state !== 'ready' || draft.auto_send_at !== null) return false;
    if (autoSendBlocker(draft)) return false;
    const at = now() + autoSendDelay();
    if (!setDraftAutoSendAt(db, draftId, at)) return false;
    audit(db, {
      actor: 'system',
      action: 'draft.auto_send_countdown',
      subjectType: 'draft',
      subjectId: draftId,
      details: { sendAt: at },
      now: now(),
    });
    scheduleCountdown(draftId, at);
    return true;
  };

  /**
   * What the draft job writes is derived from stored messages: after a power cut that dropped it,
   * the job (whose completion is dropped with it) simply runs again. So its transactions do not
   * wait for the disk; the next webhook batch or operator command makes them durable.
   */
  const derivedWrite = <T>(work: () => T): T => withoutFsync(db, () => db.transaction(work)());

  // Both updates or neither; inside a caller's transaction this is a savepoint of it.
  const recordTriage = (subject: DraftSubject, language: string | null, triage: Triage) => {
    db.transaction(() => {
      storeMessageTriage(db, {
        messageId: subject.messageId,
        conversationId: subject.conversationId,
        language,
        category: triage.category,
        urgency: triage.urgency,
      });
    })();
  };

  /** The `draft` job. Idempotent: a rerun finds its draft row and carries on from there. */
  async function handleDraftJob(
    payload: { messageId: number },
    context: JobContext,
  ): Promise<void> {
    const subject = getDraftSubject(db, payload.messageId);
    if (!subject || subject.direction !== 'inbound') {
      throw new PermanentJobError(`message ${payload.messageId} is not an inbound message`);
    }
    const jobLog = log.child({
      messageId: subject.messageId,
      conversationId: subject.conversationId,
      jobId: context.jobId,
    });

    const guess = await detectLanguage(subject.body);
    const learned =
      guess?.reliable &&
      derivedWrite(() => setContactLanguage(db, subject.contact.id, guess.language, now()));
    if (learned) {
      subject.contact.language = guess.language;
    }
    const language =
      (guess?.reliable ? guess.language : null) ??
      subject.contact.language ??
      guess?.language ??
      null;
    const rules = triageByRules(subject.body);
    const current = settings();

    const skip = subject.contact.optedOut
      ? 'opted out'
      : subject.newerInbound
        ? 'a newer message will be answered'
        : subject.aiMode === 'off'
          ? 'AI is off for this conversation'
          : null;
    const existing = latestDraftForMessage(db, subject.messageId);
    const mine =
      existing === undefined ||
      (existing.job_id === context.jobId &&
        (existing.state === 'generating' || existing.state === 'failed'));
    if (skip || !mine) {
      if (!existing) {
        derivedWrite(() => recordTriage(subject, guess?.language ?? null, rules));
        emitConversation(subject.conversationId);
      }
      jobLog.debug({ skip: skip ?? 'already drafted' }, 'no draft written');
      return;
    }

    const draftId = derivedWrite(() => {
      const id =
        existing?.id ??
        insertDraft(db, {
          conversationId: subject.conversationId,
          replyToMessageId: subject.messageId,
          provider: drafter.provider,
          model: drafter.model,
          state: 'generating',
          text: '',
          jobId: context.jobId,
          now: now(),
        });
      startDraftAttempt(db, {
        id,
        jobId: context.jobId,
        provider: drafter.provider,
        model: drafter.model,
      });
      return id;
    });
    for (const id of supersede(subject.conversationId, draftId)) emitDraft(id, false);
    const draft = getDraft(db, draftId)!;
    emitDraft(draftId);

    const controller = new AbortController();
    cancelGeneration(subject.conversationId, 'superseded');
    generations.set(subject.conversationId, { draftId, controller });
    const onWorkerAbort = () => controller.abort(context.signal.reason);
    context.signal.addEventListener('abort', onWorkerAbort, { once: true });

    const modelTriage =
      drafter.triage && current.triageWithModel
        ? drafter.triage(subject.body, controller.signal).catch((error: unknown) => {
            jobLog.info(
              { err: error instanceof Error ? error.message : String(error) },
              'model triage failed; using rules',
            );
            return rules;
          })
        : Promise.resolve(rules);

    const draftContext: DraftContext = {
      subject,
      thread: fitThread(
        recentThread(db, {
          conversationId: subject.conversationId,
          uptoId: subject.messageId,
          limit: 50,
        }),
        current.historyTokenBudget,
      ),
      language,
      category: rules.category,
      urgency: rules.urgency,
      settings: current,
      instruction: draft.instruction,
      previousDraft: draft.instruction
        ? previousDraftText(db, { messageId: subject.messageId, beforeId: draftId })
        : null,
    };

    const started = now();
    let partial = '';
    try {
      const result = await drafter.draft(draftContext, {
        signal: controller.signal,
        onDelta: (delta, text) => {
          partial = text;
          events.emit('draft:delta', {
            draftId,
            conversationId: subject.conversationId,
            delta,
            text,
          });
        },
      });
      const triage = await modelTriage;
      const stored = derivedWrite(() => {
        const ok = completeDraft(db, {
          id: draftId,
          text: result.text,
          model: result.model,
          source: result.source,
          language,
          category: triage.category,
          urgency: triage.urgency,
          promptTokens: result.promptTokens,
          completionTokens: result.completionTokens,
          latencyMs: now() - started,
        });
        recordTriage(subject, guess?.language ?? null, triage);
        return ok;
      });
      if (stored) {
        maybeStartCountdown(draftId);
        jobLog.info(
          { draftId, provider: drafter.provider, latencyMs: now() - started },
          'draft ready',
        );
      }
      emitDraft(draftId);
    } catch (error) {
      if (error instanceof DraftCancelled || controller.signal.aborted) {
        await modelTriage;
        if (context.signal.aborted || closing) throw error; // shutting down: resume on next start
        jobLog.info({ draftId }, 'generation cancelled (superseded)');
        return;
      }
      const failure =
        error instanceof DrafterError
          ? error
          : new DrafterError(
              'unknown',
              `The draft failed unexpectedly (${error instanceof Error ? error.message : String(error)}).`,
            );
      const triage = await modelTriage;
      derivedWrite(() => {
        failDraft(db, {
          id: draftId,
          error: failure.message,
          errorKind: failure.kind,
          partialText: partial,
          category: triage.category,
          urgency: triage.urgency,
          latencyMs: now() - started,
        });
        recordTriage(subject, guess?.language ?? null, triage);
      });
      emitDraft(draftId);
      jobLog.warn({ draftId, kind: failure.kind }, 'draft failed');
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
    } finally {
      context.signal.removeEventListener('abort', onWorkerAbort);
      if (generations.get(subject.conversationId)?.controller === controller) {
        generations.delete(subject.conversationId);
      }
    }
  }

  return {
    handleDraftJob,

    regenerate(draftId: number, instruction: string | undefined): number {
      const draft = getDraft(db, draftId);
      if (!draft) throw new Refusal('That draft no longer exists.');
      if (draft.state === 'approved' || draft.state === 'edited') {
        throw new Refusal('That draft was already sent; write a new reply instead.');
      }
      if (latestDraftInConversation(db, draft.conversation_id)?.id !== draft.id) {
        throw new Refusal(
          'A newer draft exists for this conversation; regenerate that one.',
        );
      }
      const subject = getDraftSubject(db, draft.reply_to_message_id);
      if (!subject) throw new Refusal('The message this draft answers no longer exists.');
      if (subject.contact.optedOut)
        throw new Refusal('The customer opted out; no drafts are written for them.');
      if (subject.newerInbound)
        throw new Refusal(
          'The customer wrote again; a draft for the newer message is on its way.',
        );
      const { newId, superseded } = db.transaction(() => {
        const ids = supersede(draft.conversation_id);
        const jobId = enqueueJob(
          db,
          'draft',
          { messageId: draft.reply_to_message_id },
          { now: now(), dedupeKey: `draft:${draft.reply_to_message_id}:regenerate:${draft.id}` },
        );
        if (jobId === undefined)
          throw new Refusal('That draft is already being regenerated.');
        const id = insertDraft(db, {
          conversationId: draft.conversation_id,
          replyToMessageId: draft.reply_to_message_id,
          provider: drafter.provider,
          model: drafter.model,
          state: 'generating',
          text: '',
          instruction: instruction?.trim() || null,
          jobId,
          now: now(),
        });
        audit(db, {
          actor: 'operator',
          action: 'draft.regenerated',
          subjectType: 'draft',
          subjectId: draft.id,
          details: { newDraftId: id, ...(instruction ? { instruction } : {}) },
          now: now(),
        });
        return { newId: id, superseded: ids };
      })();
      for (const id of superseded) emitDraft(id, false);
      emitDraft(newId);
      deps.onQueued();
      return newId;
    },

    stopAutoSend(draftId: number): void {
      const stopped = db.transaction(() => {
        if (!setDraftAutoSendAt(db, draftId, null)) return false;
        audit(db, {
          actor: 'operator',
          action: 'draft.auto_send_stopped',
          subjectType: 'draft',
          subjectId: draftId,
          now: now(),
        });
        return true;
      })();
      if (!stopped) throw new Refusal('No auto-send countdown is running for that draft.');
      clearCountdown(draftId);
      emitDraft(draftId);
    },

    setAiMode(conversationId: number, mode: AiMode): void {
      const before = getConversationAiMode(db, conversationId);
      if (before === undefined) throw new Refusal('That conversation no longer exists.');
      if (before === mode) return;
      const stopped = db.transaction(() => {
        setConversationAiMode(db, conversationId, mode);
        audit(db, {
          actor: 'operator',
          action: 'conversation.ai_mode_changed',
          subjectType: 'conversation',
          subjectId: conversationId,
          details: { from: before, to: mode },
          now: now(),
        });
        return mode === 'auto' ? [] : stopConversationCountdowns(db, conversationId);
      })();
      for (const id of stopped) {
        clearCountdown(id);
        emitDraft(id, false);
      }
      if (mode === 'auto') {
        const latest = latestDraftInConversation(db, conversationId);
        if (latest && maybeStartCountdown(latest.id)) emitDraft(latest.id, false);
      }
      emitConversation(conversationId);
    },

    /**
     * The operator answered by hand: a draft still waiting would answer a question already
     * answered, so it gives way (and its generation stops), like for a newer inbound message.
     */
    answeredByOperator(conversationId: number): void {
      for (const id of supersede(conversationId)) emitDraft(id, false);
      emitConversation(conversationId);
    },

    /** After an operator decision elsewhere (approve, reject): stop its countdown, push the change. */
    decided(draftId: number): void {
      clearCountdown(draftId);
      emitDraft(draftId);
    },

    /** Countdowns survive a restart: each starts again in full, so the operator sees it. */
    resumeCountdowns(): void {
      for (const { id, autoSendAt } of listAutoSendCountdowns(db)) {
        if (autoSendAt > now()) {
          scheduleCountdown(id, autoSendAt);
          continue;
        }
        const at = now() + autoSendDelay();
        if (setDraftAutoSendAt(db, id, at)) scheduleCountdown(id, at);
      }
    },

    /** Stops countdown timers and running generations (their jobs resume after the next start). */
    close(): void {
      closing = true;
      for (const timer of countdowns.values()) clearTimeout(timer);
      countdowns.clear();
      for (const { controller } of generations.values()) {
        controller.abort(new DraftCancelled('Switchboard is shutting down'));
      }
    },

    settings,
  };
}
