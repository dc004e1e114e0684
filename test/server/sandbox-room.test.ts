import { afterEach, describe, expect, it } from 'vitest';
import { signTicket } from '../support/tickets.js';
import { PORTAL, testServer } from '../support/server.js';
import { SANDBOX_SESSION_MS } from '../../src/server/routes/sandbox-room.js';

type Server = Awaited<ReturnType<typeof testServer>>;
let server: Server | undefined;
afterEach(async () => server?.app.close());

/** Joins the clinic's visit `apt-1` as `role` and returns the room page's path (with token). */
async function link(
  s: Server,
  role: 'patient' | 'clinician' = 'patient',
  headers: Record<string, string> = {},
  page: { lang?: string; dir?: 'ltr' | 'rtl' } = {},
) {
  await s.openVisit('apt-1');
  const ticket = await signTicket(s.keys.privateKey, { role, appointment: 'apt-1' });
  const res = await s.join(ticket, { appointment: 'apt-1', ...page }, headers);
  const body = await res.json();
  const url = new URL(body.url);
  return { path: url.pathname + url.search, roomId: body.roomId as string };
}

const sessionOf = (html: string) => /"session":"([^"]+)"/.exec(html)![1]!;

/** The message an inline script of the page posts, and the origin it posts to (none when it posts nothing). */
const postedBy = (html: string) => {
  const m = /postMessage\((\{[^)]*\}), ("[^"]*")\)/.exec(html);
  return m ? { message: JSON.parse(m[1]!) as unknown, origin: JSON.parse(m[2]!) as string } : undefined;
};

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
    const late = await server.join(await signTicket(server.keys.privateKey, { appointment: 'apt-1' }), {
      appointment: 'apt-1',
    });
    expect((await late.json()).code).toBe('room-ended');
    // The page's end goes through the server's end command: one audit row, and a second end is a no-op.
    expect((await end(clinicianSession)).status).toBe(204);
    const rows = await server.store.queryAudit({
      from: new Date(0),
      to: new Date(Date.now() + 60_000),
      limit: 100,
    });
    expect(rows.filter((r) => r.type === 'visit.ended').map((r) => [r.roomId, r.role])).toEqual([
      [patient.roomId, 'clinician'],
    ]);
  });

  it('never logs join tokens', async () => {
    server = await testServer();
    const { path } = await link(server);
    const token = new URL(path, 'http://x').searchParams.get('token')!;
    const dump = JSON.stringify(server.logLines);
    expect(dump).not.toContain(token);
  });

  it('tells the browser that its room page posts messages (so ready means ready)', async () => {
    server = await testServer();
    await server.openVisit('apt-1');
    const ticket = await signTicket(server.keys.privateKey, { appointment: 'apt-1' });
    const res = await server.join(ticket, { appointment: 'apt-1' });
    expect((await res.json()).postsMessages).toBe(true);
  });

  it('answers a spent link with a page the asking page may frame, which tells it link-expired', async () => {
    server = await testServer();
    const { path, roomId } = await link(server);
    expect((await server.app.request(path)).status).toBe(200);
    const again = await server.app.request(path);
    expect(again.status).toBe(410);
    // Not the browser's "refused to connect": the same frame-ancestors as the room page itself.
    expect(again.headers.get('content-security-policy')).toContain(`frame-ancestors ${PORTAL}`);
    const html = await again.text();
    expect(html).toContain('This link cannot be used');
    expect(postedBy(html)).toEqual({
      message: { source: 'video-consult-room', type: 'link-expired', roomId },
      origin: PORTAL,
    });
  });

  it('answers an expired, never used link the same way', async () => {
    let clock = Date.now();
    server = await testServer({ joinLinkTtlSeconds: 30 }, { now: () => new Date(clock) });
    const { path, roomId } = await link(server);
    clock += 31_000;
    const res = await server.app.request(path);
    expect(res.status).toBe(410);
    expect(res.headers.get('content-security-policy')).toContain(`frame-ancestors ${PORTAL}`);
    expect(postedBy(await res.text())?.message).toEqual({
      source: 'video-consult-room',
      type: 'link-expired',
      roomId,
    });
  });

  it('lets no page frame a link it never gave out, nor one of another room, and posts nothing', async () => {
    server = await testServer();
    const { path } = await link(server);
    const token = new URL(path, 'http://x').searchParams.get('token');
    for (const wrong of [
      path.replace(/token=[^&]*/, 'token=' + 'A'.repeat(43)),
      `/sandbox/rooms/r_other?token=${token}`,
    ]) {
      const res = await server.app.request(wrong);
      expect(res.status).toBe(410);
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(postedBy(await res.text())).toBeUndefined();
    }
    // Tried on another room, the link was not spent: it still opens its own.
    expect((await server.app.request(path)).status).toBe(200);
  });

  it('tells the framing page when the visit is already over', async () => {
    server = await testServer();
    const patient = await link(server, 'patient');
    const clinician = await link(server, 'clinician');
    const session = sessionOf(await (await server.app.request(clinician.path)).text());
    const end = await server.app.request(`/sandbox/rooms/${clinician.roomId}/end`, {
      method: 'POST',
      headers: { 'x-sandbox-session': session },
    });
    expect(end.status).toBe(204);
    // The patient's link, minted before the end, redeemed after it.
    const res = await server.app.request(patient.path);
    expect(res.status).toBe(410);
    expect(res.headers.get('content-security-policy')).toContain(`frame-ancestors ${PORTAL}`);
    const html = await res.text();
    expect(html).toContain('The visit has ended');
    expect(postedBy(html)).toEqual({
      message: { source: 'video-consult-room', type: 'ended', roomId: patient.roomId },
      origin: PORTAL,
    });
  });

  it("speaks the embedding page's language: en, de, fr, it, nl; else English", async () => {
    server = await testServer();
    const cases = [
      ['de-CH', 'de', 'Sprechstunde für alle beenden'],
      ['fr', 'fr', 'Terminer la consultation pour tous'],
      ['it', 'it', 'Termina la visita per tutti'],
      ['nl-BE', 'nl', 'Consult voor iedereen beëindigen'],
      ['en-GB', 'en', 'End the visit for everyone'],
      ['pl', 'en', 'End the visit for everyone'],
    ] as const;
    for (const [tag, lang, end] of cases) {
      const { path } = await link(server, 'clinician', {}, { lang: tag });
      expect(new URL(path, 'http://x').searchParams.get('lang')).toBe(lang);
      const html = await (await server.app.request(path)).text();
      expect(html).toContain(`<html lang="${lang}" dir="ltr">`);
      expect(html).toContain(end);
      // The spent link's notice too.
      expect(await (await server.app.request(path)).text()).toContain(`<html lang="${lang}" dir="ltr">`);
    }
    const german = await link(server, 'patient', {}, { lang: 'de' });
    const html = await (await server.app.request(german.path)).text();
    expect(html).toContain('<title>Videosprechstunde (Sandbox)</title>');
    expect(html).toContain('Sie sind als Patientin oder Patient im Raum.');
    expect(html).toContain('"youLeft":"Sie haben die Sprechstunde verlassen."');
  });

  it('follows a right-to-left page', async () => {
    server = await testServer();
    const { path } = await link(server, 'patient', {}, { lang: 'ar', dir: 'rtl' });
    expect(new URL(path, 'http://x').searchParams.get('dir')).toBe('rtl');
    expect(await (await server.app.request(path)).text()).toContain('<html lang="en" dir="rtl">');
  });

  it('refuses a malformed lang or dir in the join request', async () => {
    server = await testServer();
    await server.openVisit('apt-1');
    const ticket = () => signTicket(server!.keys.privateKey, { appointment: 'apt-1' });
    for (const page of [{ lang: 'de"><script>' }, { lang: 'x'.repeat(40) }, { dir: 'up' }]) {
      const res = await server.join(await ticket(), { appointment: 'apt-1', ...page });
      expect(res.status).toBe(400);
    }
  });

  it('ends a room page session after SANDBOX_SESSION_MS, counted from when the link was redeemed', async () => {
    let clock = Date.now();
    server = await testServer({}, { now: () => new Date(clock) });
    const { path, roomId } = await link(server, 'clinician');
    const session = sessionOf(await (await server.app.request(path)).text());
    const state = () =>
      server!.app.request(`/sandbox/rooms/${roomId}/state`, { headers: { 'x-sandbox-session': session } });
    clock += SANDBOX_SESSION_MS - 1000;
    expect((await state()).status).toBe(200);
    clock += 1000;
    const lapsed = await state();
    expect(lapsed.status).toBe(401);
    expect((await lapsed.json()).code).toBe('ticket-expired');
    const end = await server.app.request(`/sandbox/rooms/${roomId}/end`, {
      method: 'POST',
      headers: { 'x-sandbox-session': session },
    });
    expect(end.status).toBe(401);
  });
});
