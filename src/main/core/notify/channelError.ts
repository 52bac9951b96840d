/** A channel could not deliver: one sentence for the operator, and whether a retry can help. */
export class ChannelError extends Error {
  override name = 'ChannelError';
  constructor(
    message: string,
    /** True when the same request may work later (service down, rate limit, no network). */
    readonly retryable: boolean,
    /** The service said when to come back. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}
