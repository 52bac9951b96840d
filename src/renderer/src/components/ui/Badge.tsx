import type { HTMLAttributes } from 'react';
import type { SecretState } from '../../../../shared/types';
import styles from './Badge.module.css';
import tones from './tone.module.css';

export type BadgeTone = 'caution' | 'danger' | 'ok' | 'neutral';

/** A short state word in a pill ("Demo mode", "Opted out", "Set"). */
export function Badge({
  tone,
  className,
  ...props
}: HTMLAttributes<HTMLSpanElement> & { tone: BadgeTone }) {
  return (
    <span className={[styles.badge, tones[tone], className].filter(Boolean).join(' ')} {...props} />
  );
}

/** Whether a secret is stored: never its value, only "Set" or "Not set". */
export function SecretBadge({ state, testId }: { state: SecretState; testId: string }) {
  return (
    <Badge tone={state.set ? 'ok' : 'neutral'} data-testid={testId}>
      {state.set ? 'Set' : 'Not set'}
    </Badge>
  );
}
