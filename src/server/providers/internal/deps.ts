/**
 * What a provider factory takes besides its options. Everything that makes a test non-deterministic
 * (network, clock, randomness) comes in here so that tests can replace it.
 */
export interface ProviderDeps {
  /** Defaults to the global `fetch`, looked up on every call so msw/node interception applies. */
  fetch?: typeof globalThis.fetch;
  /** Epoch milliseconds. Drives token expiry and the circuit breaker's cool-down. */
  now?: () => number;
  /** In [0, 1). Drives the retry jitter. */
  random?: () => number;
}

export type ResolvedDeps = Required<ProviderDeps>;

export const resolveDeps = (deps: ProviderDeps = {}): ResolvedDeps => ({
  fetch: deps.fetch ?? ((input, init) => globalThis.fetch(input, init)),
  now: deps.now ?? Date.now,
  random: deps.random ?? Math.random,
});
