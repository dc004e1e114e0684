import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { answerClientErrors } from './node-client-error.js';
import { drainable } from './node-shutdown.js';

export interface NodeServeOptions {
  port?: number;
  hostname?: string;
  /** How long in-flight requests may run after shutdown starts. */
  graceMs?: number;
  /**
   * After shutdown starts, the listener stays open until no new connection came for this long, so that
   * requests arriving with the signal are answered (`Connection: close`) instead of reset.
   */
  drainQuietMs?: number;
  /** The longest the listener stays open after shutdown starts (capped by `graceMs`). */
  drainMaxMs?: number;
}

export interface RunningServer {
  readonly url: string;
  /**
   * Answers what arrived and stops accepting, lets in-flight requests finish within the grace period
   * (503 `shutting-down` for any still running then), then closes.
   */
  close(): Promise<void>;
}

export interface ServableApp {
  // Method syntax: the app's own `fetch` takes host bindings of its own type as the second argument.
  fetch(request: Request, env?: unknown): Response | Promise<Response>;
  /** Ends long-lived responses (event streams) and marks the app not ready when shutdown begins. */
  drain?: () => void;
}

/** The one place that knows about Node's http module: serves a Fetch-API app on a port. */
export function serveNode(
  app: ServableApp,
  {
    port = 8787,
    hostname = '127.0.0.1',
    graceMs = 10_000,
    drainQuietMs = 100,
    drainMaxMs = 1000,
  }: NodeServeOptions = {},
): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    // Called only once the server runs, after `drain` below is set.
    const fetch = (request: Request, env?: unknown) => drain.answer(app.fetch(request, env));
    const server: ServerType = serve({ fetch, port, hostname }, (info: AddressInfo) => {
      const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      const close = () => {
        // An open event stream never falls idle: end it first, then its socket closes like any other.
        app.drain?.();
        return drain.close({ graceMs, drainQuietMs, drainMaxMs });
      };
      resolve({ url: `http://${host}:${info.port}`, close });
    });
    const drain = drainable(server as Server);
    answerClientErrors(server as Server);
    server.once('error', reject);
  });
}

/**
 * SIGTERM/SIGINT: answer what arrived and stop accepting, let requests in flight finish within the
 * grace period, run `cleanup` (close the database), exit 0.
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
