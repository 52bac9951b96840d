/**
 * The drafting service: the draft lifecycle around the `draft` job (draftJob.ts): supersede and
 * regenerate, per-conversation AI mode, and auto-send (autoSend.ts). The operator's commands and
 * the composition root talk to drafting through this one object.
 */
import type { AiMode, AwayState, DraftingSettings } from '../../../shared/types';
import type { EventBus } from '../events';
import type { Logger } from '../log';
import type { DecisionListener } from '../messaging/draftDecision';
import type { Db } from '../store/database';
import { getDraft, latestDraftInConversation, supersedeUndecidedDrafts } from '../store/drafts';
import { changeAiMode } from './aiMode';
import { createAutoSend } from './autoSend';
import { readAway, setAway } from './away';
import { createClosedReply } from './closedReply';
import type { Drafter } from './drafter';
import { createDraftEvents } from './draftEvents';
import { createDraftJob, type DraftKnowledge } from './draftJob';
import { Generations } from './generations';
import { createHandoffGuard } from './handoff';
import { regenerateDraft } from './regenerate';
import { proposeTemplate } from './templateProposal';
import { readDraftingSettings } from './settings';

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
  /** The business's knowledge (retrieval into drafts, the claim check); absent in some tests. */
  knowledge?: DraftKnowledge | undefined;
}

export type DraftingService = ReturnType<typeof createDraftingService>;

export function createDraftingService(deps: DraftingServiceDeps) {
  const { db, drafter, now } = deps;
  const emit = createDraftEvents(db, deps.events);
  const generations = new Generations();
  let closing = false;

  const settings = (): DraftingSettings => readDraftingSettings(db, { demo: deps.demo });
  const handoff = createHandoffGuard({ db, events: deps.events, emit, logger: deps.logger, now, settings }); // prettier-ignore
  const closedReply = createClosedReply({
    db,
    logger: deps.logger,
    now,
    settings,
    away: () => readAway(db),
    handoff,
    onMessageChanged: deps.onMessageChanged,
    onQueued: deps.onQueued,
  });

  /** Every undecided draft of the conversation gives way; their generations stop. */
  const supersede = (conversationId: number, exceptId?: number): number[] => {
    const ids = supersedeUndecidedDrafts(db, {
      conversationId,
      now: now(),
      ...(exceptId ? { exceptId } : {}),
    });
    for (const id of ids) autoSend.clear(id);
    const running = generations.draftIn(conversationId);
    if (running !== undefined && running !== exceptId && ids.includes(running)) {
      generations.cancel(conversationId, 'superseded');
    }
    return ids;
  };

  // What drafting hears after a decision, whoever made it (the operator, or auto-send).
  const listener: DecisionListener = {
    decided(draftId) {
      autoSend.clear(draftId);
      // The operator answered with the draft: a hand-off hold has done its job.
      const draft = getDraft(db, draftId);
      if (draft && (draft.state === 'approved' || draft.state === 'edited')) {
        handoff.release(draft.conversation_id);
      }
      emit.draft(draftId);
    },
    answeredByOperator(conversationId) {
      for (const id of supersede(conversationId)) emit.draft(id, false);
      handoff.release(conversationId);
      emit.conversation(conversationId);
    },
  };

  const autoSend = createAutoSend({
    db,
    events: deps.events,
    emit,
    logger: deps.logger,
    now,
    settings,
    delayMs: deps.autoSendDelayMs,
    unsupportedClaims: (conversationId, text) => deps.knowledge?.checkClaims(conversationId, text) ?? [], // prettier-ignore
    decisions: { onMessageChanged: deps.onMessageChanged, onQueued: deps.onQueued, drafting: listener }, // prettier-ignore
    handoff,
  });

  const handleDraftJob = createDraftJob({
    db,
    events: deps.events,
    emit,
    logger: deps.logger,
    now,
    drafter,
    settings,
    generations,
    supersede,
    readyToSend: (draftId, signals) => autoSend.maybeStart(draftId, signals),
    failedToDraft: (draftId, signals) => autoSend.afterFailedDraft(draftId, signals),
    closedHours: (subject, language) => closedReply.maybeReply(subject, language),
    closing: () => closing,
    knowledge: deps.knowledge,
  });

  return {
    handleDraftJob,

    /** Returns the new draft's id; refuses (Refusal) what cannot be regenerated. */
    regenerate(draftId: number, instruction: string | undefined): number {
      const { newId, superseded } = regenerateDraft(db, { draftId, instruction, drafter, now: now(), supersede }); // prettier-ignore
      for (const id of superseded) emit.draft(id, false);
      emit.draft(newId);
      deps.onQueued();
      return newId;
    },

    /** The operator is typing in a conversation: no automatic reply goes out there meanwhile. */
    operatorTyping: (conversationId: number) => autoSend.operatorTyping(conversationId),

    away: (): AwayState => readAway(db),
    /** The "away" switch; returns the new state. */
    setAway: (on: boolean): AwayState => setAway(db, { on, now: now(), events: deps.events }),

    /** "Suggest a template" (WhatsApp, window closed): a ready draft proposing one; its id. */
    async suggestTemplate(conversationId: number): Promise<number> {
      const { draftId, superseded } = await proposeTemplate(
        { db, drafter, logger: deps.logger, now, businessName: () => settings().profile.name, supersede }, // prettier-ignore
        conversationId,
      );
      for (const id of superseded) emit.draft(id, false);
      emit.draft(draftId);
      return draftId;
    },

    /** The operator stopped the countdown; refuses when none is running. */
    stopAutoSend: (draftId: number) => autoSend.stopByOperator(draftId),

    setAiMode(conversationId: number, mode: AiMode): void {
      const stopped = changeAiMode(db, { conversationId, mode, now: now() });
      if (stopped === undefined) return;
      for (const id of stopped) {
        autoSend.clear(id);
        emit.draft(id, false);
      }
      if (mode === 'auto') {
        const latest = latestDraftInConversation(db, conversationId);
        if (latest && autoSend.maybeStart(latest.id)) emit.draft(latest.id, false);
      }
      emit.conversation(conversationId);
    },

    /**
     * The operator answered by hand: a draft still waiting would answer a question already
     * answered, so it gives way (and its generation stops), like for a newer inbound message.
     */
    answeredByOperator: listener.answeredByOperator,

    /** After a decision (approve, reject, auto-send): stop its countdown, push the change. */
    decided: listener.decided,

    /** Countdowns survive a restart: each starts again in full, so the operator sees it. */
    resumeCountdowns: () => autoSend.resume(),

    /** Stops countdown timers and running generations (their jobs resume after the next start). */
    close(): void {
      closing = true;
      autoSend.close();
      generations.cancelAll('Switchboard is shutting down');
    },

    settings,
  };
}
