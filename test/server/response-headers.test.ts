import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { allowlistCors } from '../../src/server/middleware/cors.js';
import { securityHeaders } from '../../src/server/middleware/security-headers.js';

const PORTAL = 'https://portal.hospital.test';

/** The app's outer middleware around a handler that answers with a Response of its own. */
const appAnswering = (answer: () => Response) =>
  new Hono()
    .use(securityHeaders({ https: true }))
    .use('/v1/*', allowlistCors([PORTAL]))
    .post('/v1/thing', () => answer());

describe('headers every answer carries', () => {
  // Rebuilding the Response (Hono's `c.header()` after `next()`) wraps its body in a stream: a tenth of
  // a join's CPU under load. The headers go on the handler's own Response instead.
  it("are set on the handler's own Response, not on a rebuilt one", async () => {
    let made: Response | undefined;
    const app = appAnswering(() => (made = Response.json({ ok: true })));
    const res = await app.request('/v1/thing', { method: 'POST', headers: { origin: PORTAL } });
    expect(res).toBe(made);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000');
    expect(res.headers.get('access-control-allow-origin')).toBe(PORTAL);
    expect(res.headers.get('access-control-expose-headers')).toBe('Retry-After,X-Request-Id');
    expect(res.headers.get('vary')).toBe('Origin');
    expect(await res.json()).toEqual({ ok: true });
  });

  it('give another origin no Access-Control-Allow-Origin, and keep a Vary the handler set', async () => {
    const app = appAnswering(() => new Response('x', { headers: { vary: 'Accept-Language' } }));
    const res = await app.request('/v1/thing', {
      method: 'POST',
      headers: { origin: 'https://evil.test' },
    });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('vary')).toBe('Accept-Language, Origin');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('still reach an answer whose headers cannot change (a redirect)', async () => {
    const app = appAnswering(() => Response.redirect('https://consult.hospital.test/elsewhere', 302));
    const res = await app.request('/v1/thing', { method: 'POST', headers: { origin: PORTAL } });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('https://consult.hospital.test/elsewhere');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('access-control-allow-origin')).toBe(PORTAL);
    expect(res.headers.get('vary')).toBe('Origin');
  });
});
