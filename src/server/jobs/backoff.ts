/** How long a failed job waits before its next attempt. */
export interface BackoffPolicy {
  /** Wait after the first failure (before jitter). */
  baseMs: number;
  /** No wait is longer than this. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 10_000, maxMs: 3600_000 };

/**
 * Exponential backoff with "equal jitter": after attempt n the wait is d/2 + random * d/2 with
 * d = min(maxMs, baseMs * 2^(n-1)). Half is fixed, so retries never bunch up at zero; half is random, so
 * jobs that failed together (a vendor outage) do not all come back in the same second.
 */
export function backoffMs(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const exponential = policy.baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 40);
  const capped = Math.min(policy.maxMs, exponential);
  return Math.round(capped / 2 + random() * (capped / 2));
}
