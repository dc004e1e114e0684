import type { IncomingMessage, ServerResponse } from 'node:http';

/** Hono environment of the consult app: per-request variables and what the Node adapter binds. */
export interface AppEnv {
  Variables: {
    /** Ours, always generated: the id in audit rows, logs and problems. */
    requestId: string;
    /** The client's `X-Request-Id`, sanitized and bounded; logged beside ours, never stored. */
    clientRequestId?: string;
    clientIp: string;
  };
  Bindings: {
    /** Set by @hono/node-server; absent in other hosts and in `app.request` tests. */
    incoming?: IncomingMessage;
    /** Set by @hono/node-server beside `incoming`. */
    outgoing?: ServerResponse;
  };
}
