import { compactCount, fullCount } from '../format';

/**
 * A count for a badge: exact under 1,000, compact above ("24.4k") so it never pushes into its
 * label. The exact number is what a screen reader hears; `data-count` carries it for tests.
 */
export function Count({ value }: { value: number }) {
  const compact = compactCount(value);
  const full = fullCount(value);
  if (compact === String(value)) return <>{compact}</>;
  return (
    <>
      <span aria-hidden="true" data-count={value}>
        {compact}
      </span>
      <span className="visually-hidden">{full}</span>
    </>
  );
}
