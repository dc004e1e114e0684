import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer } from '../support/server.js';
import { demoTicketRoutes } from '../../src/server/demo/demo-tickets.js';
import { generateKeyPair } from 'jose';

let server: Awaited<ReturnType<typeof testServer>>;
beforeAll(async () => {
  server = await testServer(
    {},
    {
      demo: true,
      demoSigner: { privateKey: (await generateKeyPair('ES256')).privateKey, issuer: 'd', audience: 'd' },
    },
  );
});
afterAll(() => server.app.close());

describe('GET /openapi.json', () => {
  it('is OpenAPI 3.1 with the protocol schemas', async () => {
    const doc = await (await server.app.request('/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.schemas.JoinRequest.properties).toHaveProperty('appointment');
    expect(doc.components.schemas.JoinResponse.required).toEqual(
      expect.arrayContaining(['url', 'expiresAt', 'allowedOrigins']),
    );
    expect(doc.components.schemas.Problem.required).toEqual(
      expect.arrayContaining(['type', 'title', 'status', 'code']),
    );
  });

  it('documents every route the app serves, with its method', async () => {
    const doc = await (await server.app.request('/openapi.json')).json();
    const served = server.app.routes
      .filter((r) => r.method !== 'ALL')
      .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
    expect(served.length).toBeGreaterThan(10);
    expect(served).toContain('get /demo/ticket');
    const documented = Object.entries(doc.paths as Record<string, object>).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m} ${path}`),
    );
    for (const route of served) expect(documented, route).toContain(route);
    void demoTicketRoutes;
  });
});
