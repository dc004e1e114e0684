import { CircuitBreaker } from './circuit-breaker.js';
import { resolveDeps, type ProviderDeps, type ResolvedDeps } from './deps.js';
import { createVendorHttp, type VendorHttp } from './vendor-http.js';

/** The parsed shape of `plumbingEntries`. */
export interface PlumbingOptions {
  timeoutMs: number;
  getRetries: number;
  retryBaseDelayMs: number;
  breakerFailureThreshold: number;
  breakerCoolDownMs: number;
  tokenRefreshMarginMs: number;
}

export interface Plumbing {
  http: VendorHttp;
  breaker: CircuitBreaker;
  deps: ResolvedDeps;
}

/** One breaker and one HTTP client per provider instance, i.e. per configured vendor. */
export const createPlumbing = (
  vendor: string,
  baseUrl: string,
  options: PlumbingOptions,
  deps?: ProviderDeps,
): Plumbing => {
  const resolved = resolveDeps(deps);
  const breaker = new CircuitBreaker({
    vendor,
    failureThreshold: options.breakerFailureThreshold,
    coolDownMs: options.breakerCoolDownMs,
    now: resolved.now,
  });
  const http = createVendorHttp({
    vendor,
    baseUrl,
    timeoutMs: options.timeoutMs,
    getRetries: options.getRetries,
    retryBaseDelayMs: options.retryBaseDelayMs,
    breaker,
    deps: resolved,
  });
  return { http, breaker, deps: resolved };
};

/** For shared work (a single-flight login) that no single caller may cancel; it is bounded by its timeout. */
export const SHARED_WORK: AbortSignal = new AbortController().signal;
