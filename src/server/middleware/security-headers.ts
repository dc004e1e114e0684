import type { MiddlewareHandler } from 'hono';
import { setOnAnswer } from './response-headers.js';

/** One year: the usual HSTS lifetime (OWASP HTTP headers cheat sheet). */
const HSTS = 'max-age=31536000';

/**
 * Headers every response carries, whatever made it (a route, a problem, a preflight, a stream, a page):
 * `X-Content-Type-Options: nosniff`, and HSTS when the server is reached over https (`publicUrl`), so a
 * browser never tries plain http for it again. `includeSubDomains`/`preload` are the domain owner's
 * choice, set at the proxy if wanted. Runs first so that it also wraps error and not-found answers.
 */
export const securityHeaders = ({ https }: { https: boolean }): MiddlewareHandler => {
  const headers: [string, string][] = [['X-Content-Type-Options', 'nosniff']];
  if (https) headers.push(['Strict-Transport-Security', HSTS]);
  return async (c, next) => {
    await next();
    setOnAnswer(c, headers);
  };
};
