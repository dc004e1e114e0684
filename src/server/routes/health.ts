import { Hono } from 'hono';
import type { ConsultStore } from '../store/types.js';

/** `GET /healthz`: the process is alive. `GET /readyz`: the database answers. */
export const healthRoutes = (store: ConsultStore) =>
  new Hono()
    .get('/healthz', (c) => c.json({ status: 'ok' }))
    .get('/readyz', async (c) => {
      try {
        await store.ping();
        return c.json({ status: 'ready' });
      } catch {
        return c.json({ status: 'not ready', checks: { database: 'unreachable' } }, 503);
      }
    });
