import type { HTMLAttributes } from 'react';
import styles from './Callout.module.css';
import tones from './tone.module.css';

/** A callout's tone in the shared tints: a warning is the caution tint, a problem the danger one. */
const tint = { warning: tones.caution, problem: tones.danger } as const;

/**
 * A message in a tinted box (a Unicode warning, a blocked send, a question to confirm). A `div`
 * when it holds a button row, else a paragraph; `className` adds the caller's layout.
 */
export function Callout({
  tone,
  as: Element = 'p',
  className,
  ...props
}: HTMLAttributes<HTMLElement> & { tone: 'warning' | 'problem'; as?: 'p' | 'div' }) {
  return (
    <Element
      className={[styles.callout, tint[tone], className].filter(Boolean).join(' ')}
      {...props}
    />
  );
}
