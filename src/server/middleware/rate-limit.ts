import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.js';
import { ProblemError } from '../problem-error.js';

export interface RateLimiter {
  /**
   * Counts one request for `key`; throws (or rejects with) 429 `rate-limited` with Retry-After when over
   * the limit. Asynchronous when the counters are shared by several instances (pg-rate-limit.ts).
   */
  hit(key: string): void | Promise<void>;
}

/**
 * Fixed-window counters in memory. Enough for one server process; with PostgreSQL (`database.url`)
 * every instance counts in the shared table instead (src/server/store/pg-rate-limit.ts).
 */
export function createRateLimiter(
  limit: number,
  windowMs: number,
  now: () => number = Date.now,
): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  let lastSweep = now();
  return {
    hit(key) {
      const t = now();
      if (t - lastSweep > windowMs) {
        for (const [k, w] of windows) if (t - w.start >= windowMs) windows.delete(k);
        lastSweep = t;
      }
      let w = windows.get(key);
      if (!w || t - w.start >= windowMs) {
        w = { start: t, count: 0 };
        windows.set(key, w);
      }
      w.count++;
      if (w.count > limit) {
        const retryAfter = Math.max(1, Math.ceil((w.start + windowMs - t) / 1000));
        throw new ProblemError('rate-limited', 'Too many requests. Please wait a moment and try again.', {
          retryAfter,
        });
      }
    },
  };
}

export const rateLimitByIp =
  (limiter: RateLimiter): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    if (c.req.method !== 'OPTIONS') await limiter.hit(`ip:${c.get('clientIp')}`);
    await next();
  };
