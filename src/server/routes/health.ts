import { Hono } from 'hono';
import type { Logger } from '../logger.js';
import type { ConsultStore } from '../store/types.js';

/**
 * `GET /healthz`: the process is alive. `GET /readyz`: send traffic here: the database takes a real write
 * (a full disk or a read-only file is "not ready", not a stream of 500s), providers are set up, and the
 * server is not shutting down (a load balancer stops sending before the listener closes).
 */
export const healthRoutes = (deps: {
  store: ConsultStore;
  providers: string[];
  /** Aborted when shutdown begins. */
  shutdown: AbortSignal;
  logger: Logger;
  now: () => Date;
}) =>
  new Hono()
    .get('/healthz', (c) => c.json({ status: 'ok' }))
    .get('/readyz', async (c) => {
      const database = await deps.store.checkWritable(deps.now()).then(
        () => 'ok' as const,
        (error: unknown) => {
          // The code only (SQLITE_FULL, SQLITE_READONLY…): the message can carry a file path.
          const code = (error as { code?: unknown }).code;
          deps.logger.warn(
            { code: typeof code === 'string' ? code : 'unknown' },
            'readiness: database write failed',
          );
          return 'unwritable' as const;
        },
      );
      const shuttingDown = deps.shutdown.aborted;
      const ready = database === 'ok' && deps.providers.length > 0 && !shuttingDown;
      c.header('Cache-Control', 'no-store');
      return c.json(
        {
          status: ready ? 'ready' : 'not ready',
          checks: { database, providers: deps.providers, shuttingDown },
        },
        ready ? 200 : 503,
      );
    });
