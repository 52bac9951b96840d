import type { ReactNode } from 'react';

/**
 * One of the side panel's cards: a section named by its heading. `name` gives the ids and test
 * ids (`${name}-title`, `${name}-panel`); `className` the card's own class for its inner rules.
 */
export function Card({
  name,
  title,
  className,
  children,
}: {
  name: string;
  title: string;
  className: string;
  children: ReactNode;
}) {
  return (
    <section
      className={`card ${className}`}
      aria-labelledby={`${name}-title`}
      data-testid={`${name}-panel`}
    >
      <h2 id={`${name}-title`} className="card-title">
        {title}
      </h2>
      {children}
    </section>
  );
}
