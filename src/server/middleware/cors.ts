import { cors } from 'hono/cors';

/**
 * CORS for an exact allowlist of origins. `null` (sandboxed frames, file: pages) is never allowed and
 * a disallowed origin gets no Access-Control-* headers at all. Credentials are never allowed: callers
 * authenticate with a ticket in the Authorization header, not cookies.
 */
export const allowlistCors = (origins: readonly string[]) => {
  const allowed = new Set(origins.filter((o) => o !== 'null'));
  return cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'DELETE'],
    allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key'],
    exposeHeaders: ['Retry-After', 'X-Request-Id'],
    maxAge: 600,
  });
};
