import type { DraftErrorKind } from '../../../shared/types';

/**
 * A drafting failure the operator should read about. `message` is one plain sentence saying what
 * went wrong and what to do; `kind` decides whether the queue tries again.
 */
export class DrafterError extends Error {
  override name = 'DrafterError';
  constructor(
    readonly kind: DraftErrorKind,
    message: string,
    /** The provider said when to come back (HTTP Retry-After). */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}

/** The generation was cancelled on purpose (superseded, regenerated, shutting down). */
export class DraftCancelled extends Error {
  override name = 'DraftCancelled';
}
