import { afterEach, describe, expect, it } from 'vitest';
import { signTicket } from '../support/tickets.js';
import { PORTAL, testServer } from '../support/server.js';

type Server = Awaited<ReturnType<typeof testServer>>;
let server: Server | undefined;
afterEach(async () => server?.app.close());

/** Joins as `role` and returns the room page's path (with token). */
async function link(
  s: Server,
  role: 'patient' | 'clinician' = 'patient',
  headers: Record<string, string> = {},
) {
  const res = await s.join(await signTicket(s.keys.privateKey, { role }), { appointment: 'apt-1' }, headers);
  const body = await res.json();
  const url = new URL(body.url);
  return { path: url.pathname + url.search, roomId: body.roomId as string };
}

const sessionOf = (html: string) => /"session":"([^"]+)"/.exec(html)![1]!;

describe('sandbox room page', () => {
  it('opens once with a valid token and never again', async () => {
    server = await testServer();
    const { path } = await link(server);
    const first = await server.app.request(path);
    expect(first.status).toBe(200);
    const html = await first.text();
    expect(html).toContain('Video visit');
    expect(html).toContain('getUserMedia');
    const second = await server.app.request(path);
    expect(second.status).toBe(410);
    expect(await second.text()).toContain('This link cannot be used');
  });

  it('refuses an expired token', async () => {
    let clock = Date.now();
    server = await testServer({ joinLinkTtlSeconds: 30 }, { now: () => new Date(clock) });
    const { path } = await link(server);
    clock += 31_000;
    expect((await server.app.request(path)).status).toBe(410);
  });

  it('refuses a token used on another room and a forged token', async () => {
    server = await testServer();
    const { path } = await link(server);
    const token = new URL(path, 'http://x').searchParams.get('token');
    expect((await server.app.request(`/sandbox/rooms/r_other?token=${token}`)).status).toBe(410);
    expect((await server.app.request(path.replace(/token=.*/, 'token=' + 'A'.repeat(43)))).status).toBe(410);
  });

  it('may be framed only by the page that asked for the link, and posts only to it', async () => {
    server = await testServer();
    const { path } = await link(server);
    const res = await server.app.request(path);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain(`frame-ancestors ${PORTAL}`);
    expect(csp).toMatch(/script-src 'nonce-[^']+'/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await res.text()).toContain(`"parentOrigin":"${PORTAL}"`);
  });

  it('may not be framed at all when the request came from no allowed page', async () => {
    server = await testServer();
    const { path } = await link(server, 'patient', { origin: 'https://evil.test' });
    const res = await server.app.request(path);
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(await res.text()).toContain('"parentOrigin":null');
  });

  it('lets the clinician end the visit, not the patient; state follows', async () => {
    server = await testServer();
    const patient = await link(server, 'patient');
    const patientSession = sessionOf(await (await server.app.request(patient.path)).text());
    const clinician = await link(server, 'clinician');
    const clinicianSession = sessionOf(await (await server.app.request(clinician.path)).text());
    const end = (session: string) =>
      server!.app.request(`/sandbox/rooms/${patient.roomId}/end`, {
        method: 'POST',
        headers: { 'x-sandbox-session': session },
      });
    expect((await end(patientSession)).status).toBe(403);
    expect((await end('forged')).status).toBe(401);
    expect((await end(clinicianSession)).status).toBe(204);
    const state = await server.app.request(`/sandbox/rooms/${patient.roomId}/state`, {
      headers: { 'x-sandbox-session': patientSession },
    });
    expect(await state.json()).toEqual({ status: 'ended' });
    const late = await server.join(await signTicket(server.keys.privateKey), { appointment: 'apt-1' });
    expect((await late.json()).code).toBe('room-ended');
  });

  it('never logs join tokens', async () => {
    server = await testServer();
    const { path } = await link(server);
    const token = new URL(path, 'http://x').searchParams.get('token')!;
    const dump = JSON.stringify(server.logLines);
    expect(dump).not.toContain(token);
  });
});
