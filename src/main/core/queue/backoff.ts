export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
  /** How much each wait grows over the last (2: doubling). */
  factor?: number;
}

export const defaultBackoff: BackoffPolicy = { baseMs: 2_000, maxMs: 10 * 60_000 };

/**
 * Delay before attempt `attempt + 1`, after `attempt` failures: exponential, capped, with "equal
 * jitter" (half fixed, half random) so that jobs failing together do not retry together, yet
 * never retry sooner than half the nominal delay.
 */
export function backoffDelay(
  attempt: number,
  policy: BackoffPolicy = defaultBackoff,
  random: () => number = Math.random,
): number {
  const nominal = Math.min(
    policy.maxMs,
    policy.baseMs * (policy.factor ?? 2) ** Math.max(0, attempt - 1),
  );
  return Math.round(nominal / 2 + (random() * nominal) / 2);
}
