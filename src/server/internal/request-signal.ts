import type { Context } from 'hono';
import type { AppEnv } from '../env.js';

/**
 * Aborted when the client goes away before its answer is sent, like the Fetch Request's `signal` that
 * `@hono/node-server` gives, but without asking the adapter for that Request: building it (with a web
 * stream around the socket) cost a join more than the rest of its routing. Other hosts: the Request's own.
 */
export function requestSignal(c: Context<AppEnv>): AbortSignal {
  const outgoing = c.env?.outgoing;
  if (!outgoing) return c.req.raw.signal;
  const controller = new AbortController();
  outgoing.once('close', () => {
    if (!outgoing.writableFinished) controller.abort(new Error('Client connection prematurely closed.'));
  });
  return controller.signal;
}
