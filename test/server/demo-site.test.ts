import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoSiteRoutes } from '../../src/server/demo/demo-site.js';
import { packageRoot } from '../../src/server/internal/package-root.js';
import { testServer } from '../support/server.js';

const PUBLIC_URL = 'http://localhost:8787';

let server: Awaited<ReturnType<typeof testServer>>;
beforeAll(async () => {
  server = await testServer({ publicUrl: PUBLIC_URL, allowedOrigins: [PUBLIC_URL] }, { demo: true });
  server.app.route('/', demoSiteRoutes(packageRoot(), { publicUrl: server.app.config.publicUrl }));
});
afterAll(() => server.app.close());

describe('the demo page on another host than publicUrl', () => {
  it('redirects 127.0.0.1 to the same path and query on localhost, and is not cached', async () => {
    for (const method of ['GET', 'HEAD']) {
      const res = await server.app.request('http://127.0.0.1:8787/?startsIn=10&lang=de&dir=rtl', { method });
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe('http://localhost:8787/?startsIn=10&lang=de&dir=rtl');
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
    const bare = await server.app.request('http://[::1]:8787/');
    expect(bare.headers.get('location')).toBe('http://localhost:8787/');
  });

  it('builds the target from publicUrl alone, whatever host the request names', async () => {
    for (const origin of [
      'http://evil.example',
      'http://localhost:9999',
      'http://localhost',
      'https://localhost',
    ]) {
      const res = await server.app.request(`${origin}/?next=%2F%2Fevil.example`);
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe('http://localhost:8787/?next=%2F%2Fevil.example');
    }
  });

  it('serves the page on the canonical host, under its strict CSP', async () => {
    const res = await server.app.request('http://localhost:8787/?lang=fr');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("frame-src 'self'");
    expect(csp).toMatch(/script-src 'nonce-[^']+' 'self'/);
    expect(await res.text()).toContain('<video-consult-room');
  });

  it('leaves the API and the script files alone on any host', async () => {
    const visit = await server.app.request('http://127.0.0.1:8787/demo/visits?startsInSeconds=60', {
      method: 'POST',
      headers: { 'sec-fetch-site': 'same-origin' },
    });
    expect(visit.status).toBe(201);
    expect((await server.app.request('http://127.0.0.1:8787/healthz')).status).toBe(200);
    const script = await server.app.request('http://127.0.0.1:8787/video-consult.js');
    expect(script.status).not.toBe(302);
  });
});
