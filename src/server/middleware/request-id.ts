import type { MiddlewareHandler } from 'hono';
import { randomUUID } from 'node:crypto';
import type { AppEnv } from '../env.js';

const CLIENT_ID_MAX = 64;

/** A client's correlation id as it may appear in a log line: safe characters only, bounded. */
const sanitize = (value: string | undefined): string | undefined => {
  const clean = value?.replace(/[^A-Za-z0-9._:=+/-]/g, '').slice(0, CLIENT_ID_MAX);
  return clean ? clean : undefined;
};

/**
 * `requestId` is always ours (a UUID, echoed in `X-Request-Id` and every problem): a client-chosen id
 * stored as the audit row's id could forge or collide with other requests' trails. The client's own
 * `X-Request-Id`, if any, is kept apart as `clientRequestId` for the request log only.
 */
export const requestIds = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  const id = randomUUID();
  c.set('requestId', id);
  const theirs = sanitize(c.req.header('x-request-id'));
  if (theirs) c.set('clientRequestId', theirs);
  c.header('X-Request-Id', id);
  await next();
};
