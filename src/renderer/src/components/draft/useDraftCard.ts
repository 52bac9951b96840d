import { useReducer } from 'react';
import type { DraftView } from '../../../../shared/types';
import { api, errorMessage, OperatorError } from '../../api';
import { useDraftsStore } from '../../stores/draftsStore';
import { usePreSendCheck } from '../SegmentMeter';
import { CLAIMS_CONFIRMATION, describeClaims } from '../../../../shared/knowledge';
import { cardReducer, initialCardState, type CardBusy } from './draftCardState';
import { useClaimCheck } from './useClaimCheck';

/** One draft card's state and the operator's decisions on it (approve, reject, regenerate…). */
export function useDraftCard(draft: DraftView) {
  const apply = useDraftsStore((s) => s.apply);
  const [state, dispatch] = useReducer(cardReducer, initialCardState);

  const generating = draft.state === 'generating';
  const ready = draft.state === 'ready';
  const failed = draft.state === 'failed';
  const editing = state.mode === 'edit';
  const text = editing ? state.edited : ready ? draft.text : '';
  // A proposed template is not free text: the core checks it as a template when it is approved.
  const report = usePreSendCheck(draft.conversationId, draft.template ? '' : text);
  const claims = useClaimCheck(draft, text, editing);
  const blocked = report?.verdict === 'blocked' || (editing && state.edited.trim() === '');
  const locked = state.busy !== null || state.done;

  /** Runs one command; `decided` = the card is finished with once it worked (approve, reject). */
  async function run(busy: CardBusy, decided: boolean, action: () => Promise<unknown>) {
    if (state.busy !== null) return;
    dispatch({ type: 'started', busy });
    try {
      await action();
      dispatch({ type: 'succeeded', decided });
    } catch (failure) {
      if (failure instanceof OperatorError && failure.kind === 'needs-confirmation') {
        const kind = failure.message.startsWith(CLAIMS_CONFIRMATION) ? 'claims' : 'quiet-hours';
        dispatch({ type: 'needs-confirmation', message: failure.message, kind });
      } else {
        dispatch({ type: 'failed', error: errorMessage(failure) });
      }
    }
  }

  /**
   * Approve. A text stating prices, times… that nothing the business said supports needs one
   * more click first ("Send anyway"); the core refuses it without that too.
   */
  function approve(confirmQuietHours = false, confirmClaims = state.claimsConfirmed) {
    if (!ready || locked || blocked) return;
    if (claims.length > 0 && !confirmClaims) {
      const message = `${CLAIMS_CONFIRMATION} ${describeClaims(claims)}. Send it anyway?`;
      dispatch({ type: 'needs-confirmation', message, kind: 'claims' });
      return;
    }
    const confirm = { confirmQuietHours, confirmUnsupportedClaims: confirmClaims };
    const request = editing
      ? { draftId: draft.id, text: state.edited, ...confirm }
      : { draftId: draft.id, ...confirm };
    // The card goes away when the core pushes the decided draft; until then nothing can be clicked twice.
    void run('approve', true, () => api.invoke('drafts:approve', request));
  }

  function reject() {
    if (!ready || locked) return;
    const reason = state.reason.trim();
    const request = reason ? { draftId: draft.id, reason } : { draftId: draft.id };
    void run('reject', true, () => api.invoke('drafts:reject', request));
  }

  function regenerate() {
    if (locked) return;
    const instruction = state.instruction.trim();
    const request = instruction ? { draftId: draft.id, instruction } : { draftId: draft.id };
    void run('regenerate', false, async () =>
      apply(await api.invoke('drafts:regenerate', request)),
    );
  }

  function stopAutoSend() {
    void run('stop', false, async () =>
      apply(await api.invoke('drafts:stopAutoSend', { draftId: draft.id })),
    );
  }

  function startEditing(text = draft.text) {
    dispatch({ type: 'edit', text });
    // Editing while a countdown runs would race it: stop it first.
    if (draft.autoSendAt !== null) stopAutoSend();
  }

  /** "Send anyway" on the card's question: claims confirmed stay confirmed for quiet hours. */
  function confirm() {
    if (state.confirmationKind === 'claims') {
      dispatch({ type: 'claims-confirmed' });
      approve(false, true);
    } else approve(true);
  }

  return {
    state,
    dispatch,
    report,
    claims,
    confirm,
    flags: { generating, ready, failed, editing, blocked, locked },
    approve,
    reject,
    regenerate,
    stopAutoSend,
    startEditing,
  };
}

export type DraftCardModel = ReturnType<typeof useDraftCard>;
