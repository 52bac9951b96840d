/**
 * Everything one draft card keeps while the operator decides, in one reducer: what is being done
 * (viewing, editing, giving a reason), the typed text, which command is running and how it went.
 * The draft itself is not here: it comes from the drafts store, pushed by the core.
 */
export type CardMode = 'view' | 'edit' | 'reject';
export type CardBusy = 'approve' | 'reject' | 'regenerate' | 'stop';

export interface CardState {
  mode: CardMode;
  /** The reply as being edited (only while `mode` is edit). */
  edited: string;
  /** "shorter, more formal": for Regenerate. */
  instruction: string;
  /** Why the draft is rejected (optional). */
  reason: string;
  busy: CardBusy | null;
  /** Approved or rejected: the card waits for the core's pushed draft and takes no more clicks. */
  done: boolean;
  error: string | null;
  /** The core asked to confirm (quiet hours): the sentence to show beside "Send anyway". */
  confirmation: string | null;
  /** What "Send anyway" answers: quiet hours (the core asked), or facts nothing supports. */
  confirmationKind: 'quiet-hours' | 'claims' | null;
  /** The operator already said yes to the unsupported claims of this text. */
  claimsConfirmed: boolean;
}

export type CardEvent =
  | { type: 'edit'; text: string }
  | { type: 'type'; text: string }
  | { type: 'discard-edits' }
  | { type: 'mode'; mode: CardMode }
  | { type: 'instruction'; text: string }
  | { type: 'reason'; text: string }
  | { type: 'started'; busy: CardBusy }
  | { type: 'succeeded'; decided: boolean }
  | { type: 'failed'; error: string }
  | { type: 'needs-confirmation'; message: string; kind?: 'quiet-hours' | 'claims' }
  | { type: 'claims-confirmed' };

export const initialCardState: CardState = {
  mode: 'view',
  edited: '',
  instruction: '',
  reason: '',
  busy: null,
  done: false,
  error: null,
  confirmation: null,
  confirmationKind: null,
  claimsConfirmed: false,
};

export function cardReducer(state: CardState, event: CardEvent): CardState {
  switch (event.type) {
    case 'edit':
      return { ...state, mode: 'edit', edited: event.text, confirmation: null, claimsConfirmed: false }; // prettier-ignore
    case 'type':
      // A changed text answers a different question than the one the core asked to confirm.
      return { ...state, edited: event.text, confirmation: null, claimsConfirmed: false };
    case 'discard-edits':
      return { ...state, mode: 'view', confirmation: null, claimsConfirmed: false };
    case 'mode':
      return { ...state, mode: event.mode };
    case 'instruction':
      return { ...state, instruction: event.text };
    case 'reason':
      return { ...state, reason: event.text };
    case 'started':
      return { ...state, busy: event.busy, error: null };
    case 'succeeded':
      return event.decided
        ? { ...state, busy: null, done: true, confirmation: null }
        : { ...state, busy: null };
    case 'failed':
      return { ...state, busy: null, error: event.error };
    case 'needs-confirmation':
      return { ...state, busy: null, confirmation: event.message, confirmationKind: event.kind ?? 'quiet-hours' }; // prettier-ignore
    case 'claims-confirmed':
      return { ...state, confirmation: null, confirmationKind: null, claimsConfirmed: true };
  }
}
