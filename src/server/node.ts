import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';

export interface NodeServeOptions {
  port?: number;
  hostname?: string;
  /** How long in-flight requests may run after shutdown starts. */
  graceMs?: number;
}

export interface RunningServer {
  readonly url: string;
  /** Stops accepting, lets in-flight requests finish within the grace period, then closes. */
  close(): Promise<void>;
}

/** The one place that knows about Node's http module: serves a Fetch-API app on a port. */
export function serveNode(
  app: { fetch: (request: Request) => Response | Promise<Response> },
  { port = 8787, hostname = '127.0.0.1', graceMs = 10_000 }: NodeServeOptions = {},
): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server: ServerType = serve({ fetch: app.fetch, port, hostname }, (info: AddressInfo) => {
      const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      resolve({ url: `http://${host}:${info.port}`, close: () => shutdown(server as Server, graceMs) });
    });
    server.once('error', reject);
  });
}

function shutdown(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), graceMs);
    force.unref();
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    // Keep-alive sockets with no request in flight would hold close() open for their timeout.
    server.closeIdleConnections();
  });
}
