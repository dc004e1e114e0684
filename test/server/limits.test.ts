import { afterEach, describe, expect, it } from 'vitest';
import { slowProvider } from '../support/slow-provider.js';
import { signTicket } from '../support/tickets.js';
import { PORTAL, testServer } from '../support/server.js';

type Server = Awaited<ReturnType<typeof testServer>>;
let server: Server | undefined;
afterEach(async () => server?.app.close());

/** What @hono/node-server binds: the socket peer address. */
const fromPeer = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } });

const joinFrom = async (s: Server, peer: string, headers: Record<string, string> = {}) =>
  s.app.request(
    '/v1/join',
    {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: PORTAL,
        authorization: `Bearer ${await signTicket(s.keys.privateKey, { sub: `p-${Math.random()}`, appointment: 'apt-1' })}`,
        ...headers,
      },
      body: JSON.stringify({ appointment: 'apt-1' }),
    },
    fromPeer(peer),
  );

describe('rate limits', () => {
  it('answers the 6th request over a per-IP limit of 5 with 429 and Retry-After', async () => {
    server = await testServer({ rateLimit: { perIp: 5, windowSeconds: 60 } });
    await server.openVisit('apt-1');
    for (let i = 0; i < 5; i++) expect((await joinFrom(server, '203.0.113.7')).status).toBe(200);
    const sixth = await joinFrom(server, '203.0.113.7');
    expect(sixth.status).toBe(429);
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await sixth.json()).code).toBe('rate-limited');
    expect((await joinFrom(server, '203.0.113.8')).status).toBe(200);
  });

  it('opens again after the window', async () => {
    let t = Date.now();
    server = await testServer({ rateLimit: { perIp: 1, windowSeconds: 10 } }, { now: () => new Date(t) });
    await server.openVisit('apt-1');
    expect((await joinFrom(server, '203.0.113.7')).status).toBe(200);
    expect((await joinFrom(server, '203.0.113.7')).status).toBe(429);
    t += 10_001;
    // tickets are signed with the real clock, so keep the skew inside the tolerance
    expect((await joinFrom(server, '203.0.113.7')).status).toBe(200);
  });

  it('limits one ticket subject across addresses', async () => {
    server = await testServer({ rateLimit: { perSubject: 2 } });
    await server.openVisit('apt-1');
    const send = async (peer: string) =>
      server!.app.request(
        '/v1/join',
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${await signTicket(server!.keys.privateKey, { sub: 'same', appointment: 'apt-1' })}`,
          },
          body: JSON.stringify({ appointment: 'apt-1' }),
        },
        fromPeer(peer),
      );
    expect((await send('198.51.100.1')).status).toBe(200);
    expect((await send('198.51.100.2')).status).toBe(200);
    expect((await send('198.51.100.3')).status).toBe(429);
  });

  it('ignores X-Forwarded-For from an untrusted peer', async () => {
    server = await testServer({
      rateLimit: { perIp: 2 },
      trustedProxy: { header: 'x-forwarded-for', addresses: ['10.0.0.2'] },
    });
    await server.openVisit('apt-1');
    for (let i = 0; i < 2; i++) {
      expect((await joinFrom(server, '203.0.113.9', { 'x-forwarded-for': `192.0.2.${i}` })).status).toBe(200);
    }
    // Spoofing a new address each time does not escape the limit of the real peer.
    expect((await joinFrom(server, '203.0.113.9', { 'x-forwarded-for': '192.0.2.99' })).status).toBe(429);
  });

  it('uses the first untrusted hop when the peer is the trusted proxy', async () => {
    server = await testServer({
      rateLimit: { perIp: 1 },
      trustedProxy: { header: 'x-forwarded-for', addresses: ['10.0.0.2'] },
    });
    await server.openVisit('apt-1');
    expect((await joinFrom(server, '10.0.0.2', { 'x-forwarded-for': '6.6.6.6, 192.0.2.1' })).status).toBe(
      200,
    );
    expect((await joinFrom(server, '10.0.0.2', { 'x-forwarded-for': '192.0.2.2' })).status).toBe(200);
    // A client-supplied left part does not change who it is: 192.0.2.1 again is limited.
    expect((await joinFrom(server, '10.0.0.2', { 'x-forwarded-for': '7.7.7.7, 192.0.2.1' })).status).toBe(
      429,
    );
  });
});

describe('request limits', () => {
  it('refuses a 2 MB body with 413 before reading it', async () => {
    server = await testServer();
    const res = await server.join(
      await signTicket(server.keys.privateKey),
      `{"appointment":"${'a'.repeat(2 * 1024 * 1024)}"}`,
    );
    expect(res.status).toBe(413);
  });

  it('answers 504 request-timeout when a request runs too long', async () => {
    server = await testServer(
      { provider: 'slow', requestTimeoutMs: 200 },
      { providers: [slowProvider(Infinity)] },
    );
    await server.openVisit('apt-1');
    const res = await server.join(await signTicket(server.keys.privateKey, { appointment: 'apt-1' }), {
      appointment: 'apt-1',
    });
    expect(res.status).toBe(504);
    expect((await res.json()).code).toBe('request-timeout');
  });
});
