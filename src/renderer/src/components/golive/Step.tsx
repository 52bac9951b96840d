import { useId, type ReactNode } from 'react';
import styles from './GoLiveSection.module.css';

/** One numbered step of Go live: its number, title, a status beside the title, and its content. */
export function Step({
  n,
  title,
  status,
  children,
}: {
  n: number;
  title: string;
  status?: ReactNode;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <li className={styles.step} aria-labelledby={id}>
      <div className={styles.stepHead}>
        <span className={styles.stepNumber} aria-hidden="true">
          {n}
        </span>
        <h4 id={id}>{title}</h4>
        {status && <span className={styles.stepStatus}>{status}</span>}
      </div>
      {children}
    </li>
  );
}
