import type { Context, MiddlewareHandler } from 'hono';
import { ProblemError } from '../problem-error.js';

/**
 * Answers 504 `request-timeout` when a request runs longer than `ms` (a stuck vendor, a slow disk).
 * `exempt` requests are long-lived on purpose (event streams, which have their own lifetime cap and end
 * on shutdown); a timeout there would cut a healthy stream.
 */
export const requestTimeout =
  (ms: number, { exempt }: { exempt?: (c: Context) => boolean } = {}): MiddlewareHandler =>
  async (c, next) => {
    if (exempt?.(c)) return next();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new ProblemError('request-timeout', 'The request took too long. Please try again.')),
        ms,
      );
    });
    try {
      await Promise.race([next(), expired]);
    } finally {
      clearTimeout(timer);
    }
  };
