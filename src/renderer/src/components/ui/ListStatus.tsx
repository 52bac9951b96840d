import type { ReactNode } from 'react';

/**
 * What a loaded list shows instead of rows: why it could not be loaded, or, once loaded with
 * nothing in it, `children` (the sentence saying so).
 */
export function ListStatus({
  status,
  error,
  isEmpty,
  children,
}: {
  status: string;
  error: string | null;
  isEmpty: boolean;
  children: ReactNode;
}) {
  return (
    <>
      {status === 'error' && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {status === 'ready' && isEmpty && children}
    </>
  );
}
