import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/server/config.js';
import { signTicket } from '../support/tickets.js';
import { CONSULT, PORTAL, testServer } from '../support/server.js';
import { readSse } from './support/sse.js';

type Server = Awaited<ReturnType<typeof testServer>>;
let server: Server | undefined;
afterEach(async () => server?.app.close());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** One response of every kind the server sends: JSON, problem+json, 405, preflight, SSE, pages. */
async function everyKindOfResponse(s: Server) {
  await s.openVisit('apt-1');
  const patient = await signTicket(s.keys.privateKey, { appointment: 'apt-1' });
  const joined = await (await s.join(patient, { appointment: 'apt-1' })).json();
  const page = new URL(joined.url);
  const events = await s.app.request(`/v1/rooms/${joined.roomId}/events`, {
    headers: { authorization: `Bearer ${await signTicket(s.keys.privateKey, { appointment: 'apt-1' })}` },
  });
  const responses: [string, Response][] = [
    ['json', await s.app.request('/healthz')],
    ['openapi', await s.app.request('/openapi.json')],
    [
      'join',
      await s.join(await signTicket(s.keys.privateKey, { appointment: 'apt-1' }), { appointment: 'apt-1' }),
    ],
    ['problem 404', await s.app.request('/nope')],
    ['problem 401', await s.join(undefined, { appointment: 'apt-1' })],
    ['problem 405', await s.app.request('/v1/join')],
    [
      'preflight',
      await s.app.request('/v1/join', {
        method: 'OPTIONS',
        headers: { origin: PORTAL, 'access-control-request-method': 'POST' },
      }),
    ],
    ['sse', events],
    ['page', await s.app.request(page.pathname + page.search)],
    ['page 410', await s.app.request(page.pathname + page.search)],
  ];
  await readSse(events).cancel();
  return responses;
}

describe('security headers', () => {
  it('sends X-Content-Type-Options: nosniff and HSTS (publicUrl is https) on every response', async () => {
    server = await testServer();
    for (const [kind, res] of await everyKindOfResponse(server)) {
      expect(res.headers.get('x-content-type-options'), kind).toBe('nosniff');
      expect(res.headers.get('strict-transport-security'), kind).toBe('max-age=31536000');
    }
  });

  it('sends no HSTS when publicUrl is plain http (localhost)', async () => {
    server = await testServer({ publicUrl: 'http://localhost:8787' });
    const res = await server.app.request('/healthz');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });
});

describe('request ids', () => {
  it("never takes the client's X-Request-Id as ours; logs it apart, bounded and sanitized", async () => {
    server = await testServer();
    await server.openVisit('apt-1');
    const theirs = 'portal-4711';
    const res = await server.join(
      await signTicket(server.keys.privateKey, { appointment: 'apt-1' }),
      { appointment: 'apt-1' },
      { 'x-request-id': theirs },
    );
    expect(res.status).toBe(200);
    const ours = res.headers.get('x-request-id')!;
    expect(ours).toMatch(UUID);
    const rows = await server.store.queryAudit({
      from: new Date(0),
      to: new Date(Date.now() + 1000),
      limit: 100,
    });
    const joinRows = rows.filter((r) => r.type === 'join.minted');
    expect(joinRows.map((r) => r.requestId)).toEqual([ours]);
    expect(rows.some((r) => r.requestId === theirs)).toBe(false);
    const line = server.logLines
      .map((l) => JSON.parse(l))
      .find((l) => l.msg === 'request' && l.requestId === ours);
    expect(line).toMatchObject({ requestId: ours, clientRequestId: theirs });

    // A problem's requestId is ours as well.
    const problem = await server.app.request('/nope', { headers: { 'x-request-id': theirs } });
    expect((await problem.json()).requestId).toBe(problem.headers.get('x-request-id'));

    // Long or odd values are cut and cleaned before they reach a log line.
    const odd = `${'a'.repeat(100)}<script>"\\ {}`;
    const cut = await server.app.request('/healthz', { headers: { 'x-request-id': odd } });
    const logged = server.logLines
      .map((l) => JSON.parse(l))
      .find((l) => l.msg === 'request' && l.requestId === cut.headers.get('x-request-id'));
    expect(logged.clientRequestId).toBe('a'.repeat(64));
    const junk = await server.app.request('/healthz', { headers: { 'x-request-id': '<>"{}' } });
    const junkLine = server.logLines
      .map((l) => JSON.parse(l))
      .find((l) => l.msg === 'request' && l.requestId === junk.headers.get('x-request-id'));
    expect(junkLine).not.toHaveProperty('clientRequestId');
  });
});

describe('tickets', () => {
  it.each(['Bearer', 'bearer', 'BEARER', 'bEaReR'])(
    'takes the %s scheme (case-insensitive)',
    async (scheme) => {
      server = await testServer();
      await server.openVisit('apt-1');
      const ticket = await signTicket(server.keys.privateKey, { appointment: 'apt-1' });
      const res = await server.join(
        undefined,
        { appointment: 'apt-1' },
        { authorization: `${scheme} ${ticket}` },
      );
      expect(res.status).toBe(200);
    },
  );

  it('refuses a ticket without iat as ticket-invalid', async () => {
    server = await testServer();
    const res = await server.join(
      await signTicket(server.keys.privateKey, { appointment: 'apt-1', iat: undefined }),
      { appointment: 'apt-1' },
    );
    expect(res.status).toBe(401);
    expect((await res.json()).code).toBe('ticket-invalid');
  });
});

describe('demo mode', () => {
  it('cannot be switched on by configuration', async () => {
    const base = {
      publicUrl: CONSULT,
      audience: 'a',
      allowedOrigins: [],
      pseudonymSecret: 'x'.repeat(32),
      issuers: [{ issuer: 'p', algorithms: ['HS256'], secret: 's'.repeat(32) }],
    };
    expect(() => parseConfig({ ...base, demo: true })).toThrow(/demo: .*--demo/);
    expect(() => parseConfig({ ...base, demo: false })).toThrow(/demo: .*--demo/);
  });

  it('is off unless the caller (the CLI with --demo) asks for it', async () => {
    server = await testServer();
    expect((await server.app.request('/demo/visits', { method: 'POST' })).status).toBe(404);
    await server.app.close();
    server = await testServer({}, { demo: true });
    expect((await server.app.request('/demo/visits', { method: 'POST' })).status).toBe(201);
  });
});
