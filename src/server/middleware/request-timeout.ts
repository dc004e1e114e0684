import type { MiddlewareHandler } from 'hono';
import { ProblemError } from '../problem-error.js';

/** Answers 504 `request-timeout` when a request runs longer than `ms` (a stuck vendor, a slow disk). */
export const requestTimeout =
  (ms: number): MiddlewareHandler =>
  async (_c, next) => {
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
