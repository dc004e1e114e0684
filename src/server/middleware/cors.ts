import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { setOnAnswer } from './response-headers.js';

const EXPOSE = ['Retry-After', 'X-Request-Id'];

/**
 * CORS for an exact allowlist of origins. `null` (sandboxed frames, file: pages) is never allowed and
 * a disallowed origin gets no Access-Control-Allow-Origin. Credentials are never allowed: callers
 * authenticate with a ticket in the Authorization header, not cookies.
 *
 * Preflights go to Hono's `cors`. Other requests get the same headers Hono's `cors` gives them, set on
 * the answer in place: Hono's own rebuilds the Response twice per request (see `setOnAnswer`).
 */
export const allowlistCors = (origins: readonly string[]): MiddlewareHandler => {
  const allowed = new Set(origins.filter((o) => o !== 'null'));
  const preflight = cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'PATCH', 'DELETE'],
    // `Booking-Session`: the anonymous booking session (a header, never a cookie).
    allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'Booking-Session'],
    exposeHeaders: EXPOSE,
    maxAge: 600,
  });
  const expose = ['Access-Control-Expose-Headers', EXPOSE.join(',')] as const;
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') return preflight(c, next);
    const origin = c.req.header('origin');
    await next();
    setOnAnswer(
      c,
      origin !== undefined && allowed.has(origin)
        ? [['Access-Control-Allow-Origin', origin], expose]
        : [expose],
      'Origin',
    );
  };
};
