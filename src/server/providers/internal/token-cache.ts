import { abortable } from './abortable.js';
import { isUnauthorized } from './vendor-error.js';

export interface IssuedToken {
  value: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

export interface TokenCacheOptions {
  /** Logs in. Runs without any caller's signal: it is shared, so one caller giving up must not fail the rest. */
  login: () => Promise<IssuedToken>;
  now: () => number;
  /** A token this close to its expiry is replaced before use, so it cannot expire in flight. */
  refreshMarginMs: number;
}

/**
 * A vendor access token, reused until shortly before it expires. Logins are single-flight: however many
 * callers find the cache cold at once, the vendor sees one login and all of them share its result. A failed
 * login is not cached; the next caller tries again.
 */
export class TokenCache {
  #current: IssuedToken | undefined;
  #pending: Promise<IssuedToken> | undefined;

  constructor(private readonly options: TokenCacheOptions) {}

  async get(signal: AbortSignal): Promise<string> {
    signal.throwIfAborted();
    const current = this.#current;
    if (current !== undefined && current.expiresAt - this.options.refreshMarginMs > this.options.now()) {
      return current.value;
    }
    this.#pending ??= this.options
      .login()
      .then((token) => (this.#current = token))
      .finally(() => (this.#pending = undefined));
    return (await abortable(this.#pending, signal)).value;
  }

  /** Forget `value` (the vendor refused it). A newer token that another caller already fetched is kept. */
  invalidate(value: string): void {
    if (this.#current?.value === value) this.#current = undefined;
  }
}

/**
 * Runs `call` with a token; when the vendor answers 401 (token revoked or expired early) it logs in again
 * and retries exactly once. A second 401 is final: it surfaces as `vendor-rejected`, never as a loop.
 * Retrying a POST here is safe: a 401 means the vendor refused before doing anything.
 */
export const withToken = async <T>(
  cache: TokenCache,
  signal: AbortSignal,
  call: (token: string) => Promise<T>,
): Promise<T> => {
  const token = await cache.get(signal);
  try {
    return await call(token);
  } catch (err) {
    if (!isUnauthorized(err)) throw err;
    cache.invalidate(token);
  }
  return call(await cache.get(signal));
};
