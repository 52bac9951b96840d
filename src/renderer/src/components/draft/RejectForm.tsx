import { useEffect, useRef } from 'react';
import { Button } from '../ui/Button';
import styles from './DraftCard.module.css';

/** Rejecting a draft: an optional reason, then Reject draft or Cancel (Escape cancels too). */
export function RejectForm({
  draftId,
  reason,
  onReason,
  onReject,
  onCancel,
  locked,
}: {
  draftId: number;
  reason: string;
  onReason: (text: string) => void;
  onReject: () => void;
  onCancel: () => void;
  locked: boolean;
}) {
  const reasonBox = useRef<HTMLInputElement>(null);
  useEffect(() => reasonBox.current?.focus(), []);
  return (
    <form
      className={styles.actions}
      onSubmit={(event) => {
        event.preventDefault();
        onReject();
      }}
    >
      <label htmlFor={`draft-reason-${draftId}`} className="visually-hidden">
        Reason
      </label>
      <input
        id={`draft-reason-${draftId}`}
        ref={reasonBox}
        className={styles.input}
        placeholder="Why? (optional: wrong facts, wrong tone…)"
        value={reason}
        onChange={(event) => onReason(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') onCancel();
        }}
        data-testid="draft-reject-reason"
      />
      <Button type="submit" variant="danger" disabled={locked} data-testid="draft-reject-confirm">
        Reject draft
      </Button>
      <Button onClick={onCancel}>Cancel</Button>
    </form>
  );
}
