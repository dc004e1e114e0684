/** Plumbing options that make the vendor suites fast: short timeouts, no real backoff, a small breaker. */
export const FAST_PLUMBING = {
  timeoutMs: 150,
  retryBaseDelayMs: 1,
  breakerFailureThreshold: 3,
  breakerCoolDownMs: 10_000,
} as const;

/** Adapter dependencies on a test clock with jitter fixed, so backoff timing is deterministic. */
export const testDeps = (clock: { now: () => number }) => ({ now: clock.now, random: () => 0.5 });
