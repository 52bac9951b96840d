import type { ReactNode } from 'react';

/**
 * What a loaded list shows instead of rows: why it could not be loaded, or, once loaded with
 * nothing in it, the `empty` sentence.
 */
export function ListStatus({
  status,
  error,
  isEmpty,
  empty,
}: {
  status: string;
  error: string | null;
  isEmpty: boolean;
  empty: ReactNode;
}) {
  return (
    <>
      {status === 'error' && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {status === 'ready' && isEmpty && empty}
    </>
  );
}
