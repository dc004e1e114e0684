import * as v from 'valibot';

const int = (min: number, max: number) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));

/**
 * Options every vendor adapter shares: timeouts, retries, breaker and token refresh. Spread into each
 * vendor's options schema so the config file reads the same for every vendor.
 */
export const plumbingEntries = {
  /** Per attempt, in milliseconds. */
  timeoutMs: v.optional(int(1, 60_000), 8_000),
  /** Extra attempts for GETs after a network error, timeout or 5xx (never for POST/PATCH/DELETE). */
  getRetries: v.optional(int(0, 2), 2),
  /** Base of the jittered exponential backoff between GET attempts. */
  retryBaseDelayMs: v.optional(int(0, 10_000), 200),
  /** Consecutive failures that open the vendor's circuit. */
  breakerFailureThreshold: v.optional(int(1, 1_000), 5),
  /** How long an open circuit fails fast before one probe may go through. */
  breakerCoolDownMs: v.optional(int(1, 3_600_000), 30_000),
  /** Replace a vendor access token this long before it expires. */
  tokenRefreshMarginMs: v.optional(int(0, 3_600_000), 60_000),
};

/** A secret resolved from the environment by the config loader; messages never quote the value. */
export const secretSchema = (name: string) =>
  v.pipe(v.string(`${name} must be a string`), v.minLength(1, `${name} must not be empty`));

// valibot runs every check of a pipe even after `v.url()` failed: parse defensively.
const urlOf = (value: string): URL | undefined => (URL.canParse(value) ? new URL(value) : undefined);

const isHttpsOrLocalhost = (value: string): boolean => {
  const url = urlOf(value);
  if (!url) return false;
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
  return url.protocol === 'https:' || (url.protocol === 'http:' && local);
};

/** A vendor API base: https (http only for localhost), no credentials, query or fragment. */
export const baseUrlSchema = v.pipe(
  v.string(),
  v.url(),
  v.check(isHttpsOrLocalhost, 'use https (http only for localhost)'),
  v.check((value) => {
    const url = urlOf(value);
    return (
      url !== undefined && url.username === '' && url.password === '' && url.search === '' && url.hash === ''
    );
  }, 'a base URL has no credentials, query or fragment'),
  v.transform((value) => value.replace(/\/+$/, '')),
);

/** An https origin that join links may have; normalised to `URL.origin`. */
export const originSchema = v.pipe(
  v.string(),
  v.url(),
  v.check((value) => urlOf(value)?.protocol === 'https:', 'join link origins must be https'),
  v.check(
    (value) => urlOf(value)?.origin === value.replace(/\/$/, ''),
    'give an origin only (scheme, host, port)',
  ),
  v.transform((value) => new URL(value).origin),
);
