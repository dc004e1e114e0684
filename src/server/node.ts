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

export interface ServableApp {
  fetch: (request: Request) => Response | Promise<Response>;
  /** Ends long-lived responses (event streams) so that shutdown need not wait out the grace period. */
  drain?: () => void;
}

/** The one place that knows about Node's http module: serves a Fetch-API app on a port. */
export function serveNode(
  app: ServableApp,
  { port = 8787, hostname = '127.0.0.1', graceMs = 10_000 }: NodeServeOptions = {},
): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server: ServerType = serve({ fetch: app.fetch, port, hostname }, (info: AddressInfo) => {
      const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      const close = () => {
        // An open event stream never falls idle: end it first, then its socket closes like any other.
        app.drain?.();
        return shutdown(server as Server, graceMs);
      };
      resolve({ url: `http://${host}:${info.port}`, close });
    });
    server.once('error', reject);
  });
}

function shutdown(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), graceMs);
    // A keep-alive socket whose last request finishes after close() began would otherwise hold the
    // server open until the grace period ends: close sockets as soon as they fall idle.
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    force.unref();
    sweep.unref();
    server.close(() => {
      clearTimeout(force);
      clearInterval(sweep);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/**
 * SIGTERM/SIGINT: stop accepting, let requests in flight finish within the grace period, run
 * `cleanup` (close the database), exit 0.
 */
export function exitOnSignals(running: RunningServer, cleanup: () => Promise<void>, log = console.log): void {
  const stop = async (signal: string) => {
    log(`${signal}: finishing requests in flight, then stopping`);
    await running.close();
    await cleanup();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}
