import type { MiddlewareHandler } from 'hono';

/**
 * Sends a request for a demo page that arrived on another host (`127.0.0.1:8787` for `localhost:8787`) to the
 * same path and query on `publicUrl`'s origin. The page, its API calls and the framed rooms then share the
 * origin the server's links carry, so the page's CSP (`frame-src 'self'`) admits the room. The Host header
 * decides only whether to redirect: the target is always built from `publicUrl`, never from it.
 * 302, not 308: a browser would keep a permanent redirect for that address after the demo is gone.
 */
export const redirectToCanonicalHost = (publicUrl: string): MiddlewareHandler => {
  const canonical = new URL(publicUrl);
  return async (c, next) => {
    const requested = new URL(c.req.url);
    // The host alone (name and port): a scheme rewritten by a proxy in front must not loop.
    if (requested.host === canonical.host) return next();
    const target = new URL(canonical.origin);
    target.pathname = requested.pathname;
    target.search = requested.search;
    c.header('Cache-Control', 'no-store');
    return c.redirect(target.href, 302);
  };
};
