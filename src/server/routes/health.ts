import { Hono } from 'hono';
import type { ConsultStore } from '../store/types.js';

/** `GET /healthz`: the process is alive. `GET /readyz`: the database answers and providers are set up. */
export const healthRoutes = (store: ConsultStore, providers: string[]) =>
  new Hono()
    .get('/healthz', (c) => c.json({ status: 'ok' }))
    .get('/readyz', async (c) => {
      const database = await store.ping().then(
        () => 'ok' as const,
        () => 'unreachable' as const,
      );
      const ready = database === 'ok' && providers.length > 0;
      return c.json(
        { status: ready ? 'ready' : 'not ready', checks: { database, providers } },
        ready ? 200 : 503,
      );
    });
