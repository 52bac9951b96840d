import { useEffect } from 'react';
import { isOpenDraft, useDraftsStore } from '../stores/draftsStore';
import { DraftCard } from './draft/DraftCard';
import { Button } from './ui/Button';
import styles from './draft/DraftCard.module.css';

/** The latest draft of the open conversation: streams in, then waits for the operator's decision. */
export function DraftPanel({
  conversationId,
  optedOut,
}: {
  conversationId: number;
  optedOut: boolean;
}) {
  const draft = useDraftsStore((state) => state.latest[conversationId]);
  const dismissed = useDraftsStore((state) => (draft ? state.dismissed[draft.id] === true : false));
  const load = useDraftsStore((state) => state.load);
  const loadError = useDraftsStore((state) => state.loadErrors[conversationId]);

  useEffect(() => {
    void load(conversationId);
  }, [conversationId, load]);

  if (optedOut) return null;
  if (loadError && !isOpenDraft(draft)) {
    return (
      <div className={styles.loadError} role="alert" data-testid="draft-load-error">
        <span>Drafts could not be loaded: {loadError}</span>
        <Button variant="quiet" onClick={() => void load(conversationId)}>
          Try again
        </Button>
      </div>
    );
  }
  if (!isOpenDraft(draft) || dismissed) return null;
  return <DraftCard key={draft.id} draft={draft} />;
}
