import { useState } from 'react';
import type { KnowledgeUse, UnsupportedClaim } from '../../../../shared/knowledge';
import type { DraftView } from '../../../../shared/types';
import { Button } from '../ui/Button';
import { Callout } from '../ui/Callout';
import { Dialog, DialogTitle } from '../ui/Dialog';
import styles from './DraftCard.module.css';

/**
 * What the draft was based on ("Based on: Prices 2026 · Cancellation policy", each opens the
 * passage as it read when the draft was written) and the facts in it that nothing supports.
 */
export function DraftKnowledge({
  draft,
  claims,
}: {
  draft: DraftView;
  claims: UnsupportedClaim[];
}) {
  const [open, setOpen] = useState<KnowledgeUse | null>(null);
  const sources = draft.state === 'ready' || draft.state === 'generating' ? draft.basedOn : [];
  return (
    <div className={styles.knowledge}>
      {/* Always there (empty until the draft is ready), so the panel keeps its height. */}
      <p className={styles.basedOn} data-testid="draft-based-on">
        {sources.length > 0 && <span className="muted">Based on: </span>}
        {sources.map((source, n) => (
          <span key={source.passageId}>
            {n > 0 && <span aria-hidden="true"> · </span>}
            <button
              type="button"
              className={styles.source}
              onClick={() => setOpen(source)}
              data-testid="draft-source"
            >
              {source.title}
            </button>
          </span>
        ))}
      </p>
      {claims.length > 0 && (
        <Callout tone="warning" as="div" className={styles.claims} data-testid="draft-claims">
          <p>Not in what your business told Switchboard (check before sending):</p>
          <ul>
            {claims.map((claim) => (
              <li key={`${claim.start}-${claim.text}`} data-testid="draft-claim">
                <strong>{claim.text}</strong> — {claim.note}
              </li>
            ))}
          </ul>
        </Callout>
      )}
      <Dialog
        isOpen={open !== null}
        onClose={() => setOpen(null)}
        className={styles.passageDialog ?? ''}
        testId="passage-dialog"
      >
        {open && (
          <>
            <DialogTitle>{open.title}</DialogTitle>
            {open.heading !== open.title && (
              <h4 className={styles.passageHeading}>{open.heading}</h4>
            )}
            <p className={styles.passageText} data-testid="passage-text">
              {open.text}
            </p>
            <p className="muted">
              As it read when this draft was written. Edit it in Settings → Knowledge.
            </p>
            <div className="form-actions">
              <Button onClick={() => setOpen(null)} data-testid="passage-close">
                Close
              </Button>
            </div>
          </>
        )}
      </Dialog>
    </div>
  );
}
