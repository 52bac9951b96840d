import type { DraftView } from '../../../../shared/types';
import { useDraftsStore } from '../../stores/draftsStore';
import { Button } from '../ui/Button';
import type { DraftCardModel } from './useDraftCard';
import styles from './DraftCard.module.css';

/** Approve / Edit (or Discard edits) / Reject, Dismiss for a failed draft, and Regenerate. */
export function DraftActions({ draft, card }: { draft: DraftView; card: DraftCardModel }) {
  const dismiss = useDraftsStore((s) => s.dismiss);
  const { state, dispatch, flags } = card;
  const { ready, failed, editing, generating, locked, blocked } = flags;
  return (
    <div className={styles.actions}>
      {!failed && (
        <>
          <Button
            variant="primary"
            disabled={!ready || locked || blocked}
            onClick={() => card.approve()}
            aria-keyshortcuts="Control+Enter Meta+Enter"
            title="Send this reply (Ctrl+Enter)"
            data-testid="draft-approve"
          >
            {state.busy === 'approve' ? 'Sending…' : 'Approve'}
          </Button>
          {draft.template ? null : editing ? (
            <Button
              disabled={locked}
              onClick={() => dispatch({ type: 'discard-edits' })}
              data-testid="draft-discard-edit"
            >
              Discard edits
            </Button>
          ) : (
            <Button
              disabled={!ready || locked}
              onClick={() => card.startEditing()}
              data-testid="draft-edit-button"
            >
              Edit
            </Button>
          )}
          <Button
            disabled={!ready || locked}
            onClick={() => dispatch({ type: 'mode', mode: 'reject' })}
            data-testid="draft-reject"
          >
            Reject
          </Button>
        </>
      )}
      {failed && !draft.willRetry && (
        <Button onClick={() => dismiss(draft.id)} data-testid="draft-dismiss">
          Dismiss
        </Button>
      )}
      <span className={styles.spacer} />
      {/* Regenerating would throw the edits away: finish or discard them first. */}
      {/* A template's words are WhatsApp's: its values change in the picker, not here. */}
      {!editing && !draft.template && (
        <form
          className={styles.regenerate}
          onSubmit={(event) => {
            event.preventDefault();
            card.regenerate();
          }}
        >
          <label htmlFor={`draft-instruction-${draft.id}`} className="visually-hidden">
            Instruction
          </label>
          <input
            id={`draft-instruction-${draft.id}`}
            className={styles.input}
            placeholder="e.g. shorter, more formal"
            value={state.instruction}
            onChange={(event) => dispatch({ type: 'instruction', text: event.target.value })}
            disabled={generating || locked}
            data-testid="draft-instruction-input"
          />
          <Button type="submit" disabled={generating || locked} data-testid="draft-regenerate">
            {state.busy === 'regenerate' ? 'Starting…' : 'Regenerate'}
          </Button>
        </form>
      )}
    </div>
  );
}
