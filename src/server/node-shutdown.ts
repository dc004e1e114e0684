import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { problemType } from '../protocol/errors.js';
import { PROBLEM_CONTENT_TYPE } from '../protocol/problem.js';

export interface DrainOptions {
  /** How long requests in flight may still run once shutdown begins. */
  graceMs: number;
  /**
   * The listener stays open until no connection arrived for this long (what the kernel had queued is
   * accepted and answered instead of reset), at most `drainMaxMs`.
   */
  drainQuietMs: number;
  drainMaxMs: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const nextCheckPhase = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The answer for a request still running when the grace period ends: retry in a moment, elsewhere. */
export const shuttingDownResponse = (): Response =>
  new Response(
    JSON.stringify({
      type: problemType('shutting-down'),
      title: 'Service unavailable',
      status: 503,
      code: 'shutting-down',
      detail: 'The server is restarting. Please try again in a moment.',
    }),
    {
      status: 503,
      headers: {
        'Content-Type': PROBLEM_CONTENT_TYPE,
        'Cache-Control': 'no-store',
        'Retry-After': '1',
        Connection: 'close',
        'X-Content-Type-Options': 'nosniff',
      },
    },
  );

/**
 * Graceful HTTP/1.1 shutdown of a Node server. Closing the listening socket at once resets every
 * connection the kernel has queued but Node has not accepted yet (ECONNRESET for requests that arrive
 * with the signal), and destroying idle keep-alive sockets resets a request already on its way. So:
 * 1. from the first moment every response says `Connection: close`;
 * 2. the listener stays open until connections stop arriving (a short quiet period) and every
 *    accepted connection has sent its request, so what arrived is accepted and answered;
 * 3. then it stops listening, closes sockets as they fall idle, and ends with the grace period: a
 *    request still running then gets 503 `shutting-down` with `Retry-After`, then every socket closes.
 */
export function drainable(server: Server) {
  let draining = false;
  let accepted = 0;
  /** Accepted sockets whose first request has not come in yet: Node would count them idle. */
  const fresh = new Set<Socket>();
  const responses = new Set<ServerResponse>();
  let expire!: () => void;
  const graceOver = new Promise<void>((resolve) => (expire = resolve));

  server.on('connection', (socket: Socket) => {
    accepted++;
    fresh.add(socket);
    socket.once('close', () => fresh.delete(socket));
  });
  // First in line, before the app writes a header: a response during shutdown closes its socket.
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    fresh.delete(req.socket);
    if (draining) res.shouldKeepAlive = false;
    responses.add(res);
    res.once('close', () => responses.delete(res));
  });

  const acceptWhatArrives = async (quietMs: number, until: number) => {
    for (;;) {
      const seen = accepted;
      await sleep(Math.max(0, Math.min(quietMs, until - Date.now())));
      // The check phase follows a poll phase, which accepts everything the kernel had queued.
      await nextCheckPhase();
      // Closing the listener also closes "idle" sockets, which includes one whose request is still on
      // its way: wait for those requests too (a socket that sends nothing is cut at `until`).
      if ((accepted === seen && fresh.size === 0) || Date.now() >= until) return;
    }
  };

  return {
    /** Races a request's answer against the end of the grace period. */
    answer(pending: Response | Promise<Response>): Response | Promise<Response> {
      return Promise.race([pending, graceOver.then(shuttingDownResponse)]);
    },
    async close({ graceMs, drainQuietMs, drainMaxMs }: DrainOptions): Promise<void> {
      draining = true;
      const started = Date.now();
      for (const res of responses) if (!res.headersSent) res.shouldKeepAlive = false;
      const graceTimer = setTimeout(expire, graceMs);
      await acceptWhatArrives(drainQuietMs, started + Math.min(drainMaxMs, graceMs));

      const sweep = setInterval(() => server.closeIdleConnections(), 50);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive sockets whose last request ends later close as soon as they fall idle.
      server.closeIdleConnections();
      const cut = graceOver.then(async () => {
        // Let the 503s go out, then close whatever is left.
        for (let waited = 0; responses.size > 0 && waited < 1000; waited += 10) await sleep(10);
        server.closeAllConnections();
      });
      void cut;
      await closed;
      clearTimeout(graceTimer);
      clearInterval(sweep);
    },
  };
}
