import { afterEach, describe, expect, it } from 'vitest';
import { AUDIENCE, HS_ISSUER, HS_SECRET, ISSUER, signTicket, unsignedTicket } from '../support/tickets.js';
import { PORTAL, testServer, CONSULT } from '../support/server.js';

type Server = Awaited<ReturnType<typeof testServer>>;
let server: Server | undefined;
const start = async (...args: Parameters<typeof testServer>) => (server = await testServer(...args));
afterEach(async () => server?.app.close());

/** A patient's ticket, scoped to its appointment as every patient ticket must be. */
const patient = (key: CryptoKey | Uint8Array, claims: Parameters<typeof signTicket>[1] = {}) =>
  signTicket(key, { appointment: 'apt-1', ...claims });

const problem = async (res: Response) => {
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  return (await res.json()) as { code: string; status: number; type: string; title: string };
};

describe('POST /v1/join', () => {
  it('mints a one-time sandbox link for a valid ticket', async () => {
    const { join, keys, openVisit } = await start();
    await openVisit('apt-1');
    const res = await join(await patient(keys.privateKey), { appointment: 'apt-1' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.json();
    expect(body.provider).toBe('sandbox');
    expect(body.allowedOrigins).toEqual([CONSULT]);
    expect(new URL(body.url).origin).toBe(CONSULT);
    expect(new URL(body.url).pathname).toBe(`/sandbox/rooms/${body.roomId}`);
    expect(new URL(body.url).searchParams.get('token')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(body.expiresAt)).toBeGreaterThan(Date.now());
  });

  it('uses the same room for the same appointment and a new token each time', async () => {
    const { join, keys, openVisit } = await start();
    await openVisit('apt-1');
    const a = await (await join(await patient(keys.privateKey), { appointment: 'apt-1' })).json();
    const b = await (await join(await patient(keys.privateKey), { appointment: 'apt-1' })).json();
    expect(a.roomId).toBe(b.roomId);
    expect(a.url).not.toBe(b.url);
  });

  it('accepts HS256 tickets from an HS256 issuer', async () => {
    const { join, openVisit } = await start();
    await openVisit('apt-1');
    const key = new TextEncoder().encode(HS_SECRET);
    const res = await join(await patient(key, { alg: 'HS256', iss: HS_ISSUER }), { appointment: 'apt-1' });
    expect(res.status).toBe(200);
  });

  describe('refuses tickets with a distinct code', () => {
    const now = () => Math.floor(Date.now() / 1000);
    const cases: [string, (s: Server) => Promise<string | undefined>, string][] = [
      ['missing', async () => undefined, 'ticket-missing'],
      ['garbage', async () => 'not-a-jwt', 'ticket-invalid'],
      [
        'alg none',
        async () =>
          unsignedTicket({
            iss: ISSUER,
            aud: AUDIENCE,
            sub: 'x',
            jti: 'abcdefgh',
            iat: now(),
            exp: now() + 60,
            role: 'patient',
          }),
        'ticket-invalid',
      ],
      [
        'forged (other key)',
        async () => signTicket((await (await import('../support/tickets.js')).makeKeys()).privateKey),
        'ticket-invalid',
      ],
      [
        'HS256 signed with the ES256 public key',
        async (s) => signTicket(new TextEncoder().encode(JSON.stringify(s.keys.publicJwk)), { alg: 'HS256' }),
        'ticket-invalid',
      ],
      [
        'expired',
        async (s) => signTicket(s.keys.privateKey, { iat: now() - 100, exp: now() - 60 }),
        'ticket-expired',
      ],
      [
        'wrong issuer',
        async (s) => signTicket(s.keys.privateKey, { iss: 'https://evil.test' }),
        'ticket-wrong-issuer',
      ],
      [
        'wrong audience',
        async (s) => signTicket(s.keys.privateKey, { aud: 'someone-else' }),
        'ticket-wrong-audience',
      ],
      ['wrong typ', async (s) => signTicket(s.keys.privateKey, { typ: 'JWT' }), 'ticket-wrong-type'],
      [
        'future nbf',
        async (s) => signTicket(s.keys.privateKey, { nbf: now() + 300 }),
        'ticket-not-yet-valid',
      ],
      [
        'stale iat',
        async (s) => signTicket(s.keys.privateKey, { iat: now() - 600, exp: now() + 60 }),
        'ticket-stale',
      ],
      ['no jti', async (s) => signTicket(s.keys.privateKey, { jti: undefined }), 'ticket-invalid'],
      [
        'unknown role',
        async (s) => signTicket(s.keys.privateKey, { role: 'admin' as never }),
        'ticket-invalid',
      ],
    ];
    for (const [name, make, code] of cases) {
      it(name, async () => {
        const s = await start();
        const res = await s.join(await make(s), { appointment: 'apt-1' });
        expect(res.status).toBe(401);
        expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
        expect((await problem(res)).code).toBe(code);
      });
    }
  });

  it('refuses a replayed ticket', async () => {
    const { join, keys, openVisit } = await start();
    await openVisit('apt-1');
    const ticket = await patient(keys.privateKey);
    expect((await join(ticket, { appointment: 'apt-1' })).status).toBe(200);
    const again = await join(ticket, { appointment: 'apt-1' });
    expect(again.status).toBe(401);
    expect((await problem(again)).code).toBe('ticket-replayed');
  });

  it('never gives a patient a clinician link', async () => {
    const { join, keys } = await start();
    const res = await join(await patient(keys.privateKey), { appointment: 'apt-1', role: 'clinician' });
    expect(res.status).toBe(403);
    expect((await problem(res)).code).toBe('forbidden-role');
  });

  it('refuses staff tickets', async () => {
    const { join, keys } = await start();
    const res = await join(await signTicket(keys.privateKey, { role: 'staff' }), { appointment: 'apt-1' });
    expect((await problem(res)).code).toBe('forbidden-role');
  });

  it('keeps an appointment-scoped ticket to its appointment', async () => {
    const { join, keys } = await start();
    const res = await join(await signTicket(keys.privateKey, { appointment: 'apt-A' }), {
      appointment: 'apt-B',
    });
    expect(res.status).toBe(403);
    expect((await problem(res)).code).toBe('forbidden-scope');
  });

  it('answers 404 problem+json for an unknown room', async () => {
    const { join, keys } = await start();
    const res = await join(await patient(keys.privateKey), { room: 'r_nope' });
    expect(res.status).toBe(404);
    const body = await problem(res);
    expect(body).toMatchObject({
      code: 'room-not-found',
      status: 404,
      type: 'urn:video-consult:problem:room-not-found',
    });
  });

  it.each([
    ['both ids', { appointment: 'a', room: 'b' }],
    ['no id', {}],
    ['bad id', { appointment: '../etc/passwd' }],
    ['unknown field', { appointment: 'a', admin: true }],
    ['bad role', { appointment: 'a', role: 'staff' }],
  ])('answers 400 with field errors for %s', async (_name, body) => {
    const { join, keys } = await start();
    const res = await join(await patient(keys.privateKey), body);
    expect(res.status).toBe(400);
    const p = (await problem(res)) as unknown as { code: string; errors: unknown[] };
    expect(p.code).toBe('bad-request');
    expect(p.errors.length).toBeGreaterThan(0);
  });

  it('answers 400 for malformed JSON and 415 for a non-JSON body', async () => {
    const { join, keys } = await start();
    expect((await problem(await join(await patient(keys.privateKey), '{"appointment":'))).code).toBe(
      'bad-request',
    );
    const res = await join(await patient(keys.privateKey), 'appointment=a', {
      'content-type': 'text/plain',
    });
    expect(res.status).toBe(415);
  });
});

describe('CORS', () => {
  const preflight = (origin: string) =>
    server!.app.request('/v1/join', {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });

  it('answers an allowed origin exactly, with Vary: Origin', async () => {
    await start();
    const res = await preflight(PORTAL);
    expect(res.headers.get('access-control-allow-origin')).toBe(PORTAL);
    expect(res.headers.get('vary')).toMatch(/origin/i);
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it.each(['https://evil.test', 'null', `${PORTAL}.evil.test`, 'http://portal.hospital.test'])(
    'gives %s no CORS headers',
    async (origin) => {
      await start();
      const res = await preflight(origin);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    },
  );

  it('rejects a config that allows the null origin', async () => {
    await expect(start({ allowedOrigins: ['null'] })).rejects.toThrow(/allowedOrigins\.0/);
  });
});

describe('operations', () => {
  it('GET /healthz and /readyz answer', async () => {
    const { app } = await start();
    expect(await (await app.request('/healthz')).json()).toEqual({ status: 'ok' });
    expect(await (await app.request('/readyz')).json()).toEqual({
      status: 'ready',
      checks: { database: 'ok', providers: ['sandbox'], shuttingDown: false },
    });
  });

  it('unknown paths are 404 problem+json', async () => {
    const { app } = await start();
    const res = await app.request('/nope');
    expect((await problem(res)).code).toBe('not-found');
  });

  it('caps request bodies (413)', async () => {
    const { join, keys } = await start();
    const res = await join(await patient(keys.privateKey), {
      appointment: 'a',
      pad: 'x'.repeat(2_000_000),
    });
    expect(res.status).toBe(413);
    expect((await problem(res)).code).toBe('payload-too-large');
  });
});
