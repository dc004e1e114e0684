import type { IncomingMessage } from 'node:http';

/** Hono environment of the consult app: per-request variables and what the Node adapter binds. */
export interface AppEnv {
  Variables: {
    requestId: string;
    clientIp: string;
  };
  Bindings: {
    /** Set by @hono/node-server; absent in other hosts and in `app.request` tests. */
    incoming?: IncomingMessage;
  };
}
