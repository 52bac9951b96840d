import { useEffect, useRef } from 'react';
import type { UnsupportedClaim } from '../../../../shared/knowledge';
import type { DraftView } from '../../../../shared/types';
import styles from './DraftCard.module.css';

/** The text with each unsupported claim marked ("$45", flagged in the list below the text). */
function Marked({ text, claims }: { text: string; claims: UnsupportedClaim[] }) {
  const parts: Array<string | UnsupportedClaim> = [];
  let at = 0;
  for (const claim of [...claims].sort((a, b) => a.start - b.start)) {
    if (claim.start < at || text.slice(claim.start, claim.end) !== claim.text) continue;
    parts.push(text.slice(at, claim.start), claim);
    at = claim.end;
  }
  parts.push(text.slice(at));
  return parts.map((part, n) =>
    typeof part === 'string' ? (
      part
    ) : (
      <mark key={n} className={styles.claim} title={part.note} data-testid="draft-claim-mark">
        {part.text}
      </mark>
    ),
  );
}

/** The draft as written: streaming in, its text, or why there is none. */
export function DraftBody({
  draft,
  claims = [],
}: {
  draft: DraftView;
  claims?: UnsupportedClaim[];
}) {
  const body = useRef<HTMLDivElement>(null);
  const generating = draft.state === 'generating';
  const failed = draft.state === 'failed';
  const noSuggestion = failed && draft.errorKind === 'no-suggestion';

  // Keep the newest words in view while a long draft streams into its fixed-height box.
  useEffect(() => {
    if (generating && body.current) body.current.scrollTop = body.current.scrollHeight;
  }, [draft.text, generating]);

  return (
    <div
      ref={body}
      className={`${styles.body}${failed ? ` ${noSuggestion ? styles.bodyInfo : styles.bodyError}` : ''}`}
      aria-live="polite"
      aria-busy={generating}
      data-testid="draft-body"
    >
      {failed ? (
        <p data-testid="draft-error" role={noSuggestion ? undefined : 'alert'}>
          {draft.error ?? 'The draft could not be written.'}
          {draft.willRetry && ' Switchboard will try again by itself.'}
        </p>
      ) : (
        <p data-testid="draft-text">
          {draft.text === '' && generating ? (
            <span className="muted">Writing a reply…</span>
          ) : (
            <Marked text={draft.text} claims={generating ? [] : claims} />
          )}
          {generating && <span className={styles.caret} aria-hidden="true" />}
        </p>
      )}
    </div>
  );
}

/** The reply being edited; takes the focus with the caret at the end when editing starts. */
export function DraftEditor({
  draftId,
  value,
  onChange,
}: {
  draftId: number;
  value: string;
  onChange: (text: string) => void;
}) {
  const textbox = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    const box = textbox.current;
    if (!box) return;
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
  }, []);
  return (
    <>
      <label htmlFor={`draft-edit-${draftId}`} className="visually-hidden">
        Draft
      </label>
      <textarea
        id={`draft-edit-${draftId}`}
        ref={textbox}
        className={`${styles.body} ${styles.edit}`}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-describedby={`draft-meter-${draftId}`}
        data-testid="draft-edit"
      />
    </>
  );
}
