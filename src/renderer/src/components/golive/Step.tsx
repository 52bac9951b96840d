import { useId, type ReactNode } from 'react';

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
    <li className="golive-step" aria-labelledby={id}>
      <div className="golive-step-head">
        <span className="golive-step-number" aria-hidden="true">
          {n}
        </span>
        <h4 id={id}>{title}</h4>
        {status && <span className="golive-step-status">{status}</span>}
      </div>
      {children}
    </li>
  );
}
