import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ProblemError } from '../problem-error.js';

/** The largest request body any route takes. */
export const MAX_BODY_BYTES = 16 * 1024;

export const payloadTooLarge = () =>
  new ProblemError('payload-too-large', `Bodies are limited to ${MAX_BODY_BYTES} bytes.`);

/**
 * 413 `payload-too-large` for a body over `MAX_BODY_BYTES`. A declared `Content-Length` is judged from the
 * header alone: Hono's `bodyLimit` asks the request for its `body` first, which makes the Node adapter build
 * a Fetch Request and a web stream around the socket for every POST (a tenth of a join's CPU). Bodies sent
 * chunked are counted by Hono's `bodyLimit` as they arrive; `readJsonBody` counts again when it reads.
 */
export const limitBody = (): MiddlewareHandler => {
  const chunked = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw payloadTooLarge();
    },
  });
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const length = c.req.header('content-length');
    if (length === undefined || c.req.header('transfer-encoding') !== undefined) return chunked(c, next);
    if (Number.parseInt(length, 10) > MAX_BODY_BYTES) throw payloadTooLarge();
    return next();
  };
};
