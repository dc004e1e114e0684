import type pg from 'pg';
import { createHmac } from 'node:crypto';
import { ProblemError } from '../problem-error.js';
import type { RateLimiter } from '../middleware/rate-limit.js';

export interface PgRateLimiterOptions {
  limit: number;
  windowMs: number;
  now: () => number;
  /** Keys (`ip:<address>`, `sub:<actor>`) are stored as keyed hashes of this secret, never in clear. */
  secret: string;
}

/**
 * Fixed-window counters every instance shares, in PostgreSQL (`rate_counters`, unlogged): one upsert per
 * request counts it and returns the window's total across instances, so that N instances allow `limit`
 * requests per window between them, not N times as many. Windows are aligned to the clock
 * (`floor(now / windowMs)`); old windows are deleted about once a window by whichever instance notices.
 */
export function createPgRateLimiter(pool: pg.Pool, o: PgRateLimiterOptions): RateLimiter {
  let lastSweep = o.now();
  const hashOf = (key: string) => createHmac('sha256', o.secret).update(key).digest('base64url').slice(0, 22);
  return {
    async hit(key) {
      const t = o.now();
      const start = Math.floor(t / o.windowMs) * o.windowMs;
      if (t - lastSweep > o.windowMs) {
        lastSweep = t;
        await pool.query('DELETE FROM rate_counters WHERE window_start < $1', [start]);
      }
      const { rows } = await pool.query<{ count: number }>(
        `INSERT INTO rate_counters (key, window_start, count) VALUES ($1, $2, 1)
         ON CONFLICT (key, window_start) DO UPDATE SET count = rate_counters.count + 1
         RETURNING count`,
        [hashOf(key), start],
      );
      if (rows[0]!.count > o.limit) {
        const retryAfter = Math.max(1, Math.ceil((start + o.windowMs - t) / 1000));
        throw new ProblemError('rate-limited', 'Too many requests. Please wait a moment and try again.', {
          retryAfter,
        });
      }
    },
  };
}
