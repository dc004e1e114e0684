import { generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoSiteRoutes } from '../../src/server/demo/demo-site.js';
import { packageRoot } from '../../src/server/internal/package-root.js';
import { testServer } from '../support/server.js';

let server: Awaited<ReturnType<typeof testServer>>;
beforeAll(async () => {
  // Demo mode and the demo site too, so that every route the CLI can serve is in the table.
  const { privateKey } = await generateKeyPair('ES256');
  server = await testServer(
    { rateLimit: { perIp: 1_000_000 } },
    { demo: true, demoSigner: { privateKey, issuer: 'demo', audience: 'demo' } },
  );
  server.app.route('/', demoSiteRoutes(packageRoot(), { publicUrl: server.app.config.publicUrl }));
});
afterAll(() => server.app.close());

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** The app's own route table: every path pattern with the methods it answers (HEAD wherever GET is). */
const routeTable = () => {
  const table = new Map<string, Set<string>>();
  for (const { method, path } of server.app.routes) {
    if (method === 'ALL') continue;
    const methods = table.get(path) ?? new Set<string>();
    methods.add(method);
    if (method === 'GET') methods.add('HEAD');
    table.set(path, methods);
  }
  return table;
};

describe('a known path with the wrong method', () => {
  it('the route table is the one the server really serves', () => {
    const table = routeTable();
    expect(table.get('/v1/join')).toEqual(new Set(['POST']));
    expect(table.get('/demo/ticket')).toEqual(new Set(['GET', 'HEAD']));
    expect(table.get('/locales/:file')).toEqual(new Set(['GET', 'HEAD']));
    expect(table.size).toBeGreaterThan(14);
  });

  it('answers 405 problem+json with the right Allow list, on every route', async () => {
    for (const [pattern, allowed] of routeTable()) {
      const path = pattern.replace(/:\w+/g, 'r_sample1');
      for (const method of METHODS.filter((m) => !allowed.has(m))) {
        const res = await server.app.request(path, {
          method,
          ...(method === 'POST' || method === 'PUT' || method === 'PATCH' ? { body: '{}' } : {}),
        });
        expect(res.status, `${method} ${path}`).toBe(405);
        expect(res.headers.get('allow')?.split(', ').sort(), `${method} ${path}`).toEqual(
          [...allowed].sort(),
        );
        if (method === 'HEAD') continue;
        expect(res.headers.get('content-type')).toBe('application/problem+json');
        expect(await res.json()).toMatchObject({ status: 405, code: 'method-not-allowed' });
      }
    }
  });

  it('GET /v1/join is 405 with Allow: POST, not 404', async () => {
    const res = await server.app.request('/v1/join');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect((await res.json()).code).toBe('method-not-allowed');
  });

  it('an unknown path stays 404 not-found', async () => {
    const res = await server.app.request('/v1/nothing-here', { method: 'DELETE' });
    expect(res.status).toBe(404);
    expect((await res.json()).code).toBe('not-found');
  });
});
