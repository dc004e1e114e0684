import type { Context } from 'hono';

/**
 * Sets headers on the answer a later handler made, in place. Hono's `c.header()` after `next()` rebuilds
 * the Response around a stream of its body, which Node then sends chunked: on the join path that was a
 * tenth of the server's CPU. The Headers of a Response we built are mutable; an immutable one (a
 * `Response.redirect`, a fetched Response) falls back to `c.header()`.
 */
export function setOnAnswer(
  c: Context,
  headers: readonly (readonly [string, string])[],
  vary?: string,
): void {
  try {
    const h = c.res.headers;
    for (const [name, value] of headers) h.set(name, value);
    if (vary !== undefined) h.append('Vary', vary);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    for (const [name, value] of headers) c.header(name, value);
    if (vary !== undefined) c.header('Vary', vary, { append: true });
  }
}
