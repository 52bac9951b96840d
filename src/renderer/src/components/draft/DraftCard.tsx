import type { KeyboardEvent } from 'react';
import type { DraftView } from '../../../../shared/types';
import { SendAnyway } from '../SendAnyway';
import { DraftTranslation } from '../Translation';
import { DraftActions } from './DraftActions';
import { DraftBody, DraftEditor } from './DraftBody';
import { DraftHead } from './DraftHead';
import { DraftKnowledge } from './DraftKnowledge';
import { DraftMeter } from './DraftMeter';
import { RejectForm } from './RejectForm';
import { useDraftCard } from './useDraftCard';
import { Callout } from '../ui/Callout';
import styles from './DraftCard.module.css';

/** One open draft: what it says, its meter, and the operator's decision. State: useDraftCard. */
export function DraftCard({ draft }: { draft: DraftView }) {
  const card = useDraftCard(draft);
  const { state, dispatch, flags } = card;

  function onKeyDown(event: KeyboardEvent<HTMLElement>) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && state.mode !== 'reject') {
      event.preventDefault();
      card.approve();
    }
  }

  return (
    <section
      className={styles.panel}
      aria-labelledby={`draft-title-${draft.id}`}
      data-testid="draft-panel"
      data-state={draft.state}
      data-draft-id={draft.id}
      onKeyDown={onKeyDown}
    >
      <DraftHead draft={draft} onStop={card.stopAutoSend} stopping={state.busy === 'stop'} />

      {flags.editing ? (
        <DraftEditor
          draftId={draft.id}
          value={state.edited}
          onChange={(text) => dispatch({ type: 'type', text })}
        />
      ) : (
        <DraftBody draft={draft} claims={card.claims} />
      )}
      <DraftKnowledge draft={draft} claims={card.claims} />
      {!flags.editing && <DraftTranslation draft={draft} />}

      {/* Always there (empty when failed), so every state of the panel has the same height. */}
      <DraftMeter
        draft={draft}
        report={card.report}
        editing={flags.editing}
        onUseFix={(fixed) => card.startEditing(fixed)}
      />

      {state.confirmation && (
        <SendAnyway
          message={state.confirmation}
          onConfirm={card.confirm}
          disabled={flags.locked}
          small
          className={styles.confirm}
          testId="draft-confirm"
        />
      )}
      {state.error && (
        <Callout tone="problem" role="alert" data-testid="draft-action-error">
          {state.error}
        </Callout>
      )}

      {state.mode === 'reject' ? (
        <RejectForm
          draftId={draft.id}
          reason={state.reason}
          onReason={(text) => dispatch({ type: 'reason', text })}
          onReject={card.reject}
          onCancel={() => dispatch({ type: 'mode', mode: 'view' })}
          locked={flags.locked}
        />
      ) : (
        <DraftActions draft={draft} card={card} />
      )}
    </section>
  );
}
