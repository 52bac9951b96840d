import { useEffect, useState } from 'react';
import type { DraftView } from '../../../../shared/types';
import { Button } from '../ui/Button';
import styles from './DraftCard.module.css';

function countdownText(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/**
 * The auto-send countdown, ticking once a second. A display clock only: when the draft goes out
 * (or is held) the core says so with a draft:updated event. Mounted per countdown, so its clock
 * starts fresh.
 */
function Countdown({
  autoSendAt,
  onStop,
  stopping,
}: {
  autoSendAt: number;
  onStop: () => void;
  stopping: boolean;
}) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = autoSendAt - now;
  return (
    <span className={`${styles.status} ${styles.statusAuto}`} data-testid="auto-send-countdown">
      <span role="timer" aria-live="off" title="This draft goes out by itself unless you stop it">
        {left > 0 ? `Auto-sends in ${countdownText(left)}` : 'Sending automatically…'}
      </span>
      <Button size="small" onClick={onStop} disabled={stopping} data-testid="auto-send-stop">
        Stop
      </Button>
    </span>
  );
}

export interface DraftStatusProps {
  draft: DraftView;
  /** Stops the auto-send countdown. */
  onStop: () => void;
  stopping: boolean;
}

/** Where the draft stands, in the card's head: writing, waiting, counting down, failed. */
export function DraftStatus({ draft, onStop, stopping }: DraftStatusProps) {
  if (draft.state === 'ready' && draft.autoSendAt !== null) {
    return <Countdown autoSendAt={draft.autoSendAt} onStop={onStop} stopping={stopping} />;
  }
  switch (draft.state) {
    case 'generating':
      return (
        <span className={styles.status} data-testid="draft-status">
          <span className={styles.dot} aria-hidden="true" />
          Writing…
        </span>
      );
    case 'ready':
      return (
        <span className={styles.status} data-testid="draft-status">
          Waiting for you
        </span>
      );
    case 'failed':
      return (
        <span
          className={`${styles.status}${draft.errorKind === 'no-suggestion' ? '' : ` ${styles.statusProblem}`}`}
          data-testid="draft-status"
        >
          {draft.errorKind === 'no-suggestion'
            ? 'No suggestion'
            : draft.willRetry
              ? 'Failed · trying again'
              : 'Failed'}
        </span>
      );
    default:
      return null;
  }
}
