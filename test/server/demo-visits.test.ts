import { afterEach, describe, expect, it } from 'vitest';
import { signTicket } from '../support/tickets.js';
import { testServer } from '../support/server.js';

type Server = Awaited<ReturnType<typeof testServer>>;
let server: Server | undefined;
afterEach(async () => server?.app.close());

const now = new Date('2031-05-04T10:00:00.000Z');
const demo = async () => (server = await testServer({}, { demo: true, now: () => now }));
const visitOf = async (s: Server, appointment: string) => {
  const epoch = Math.floor(now.getTime() / 1000);
  const ticket = await signTicket(s.keys.privateKey, { appointment, iat: epoch, exp: epoch + 60 });
  return (
    await s.app.request(`/v1/visits/${appointment}`, { headers: { authorization: `Bearer ${ticket}` } })
  ).json();
};

describe('POST /demo/visits', () => {
  it('schedules a 20-minute sandbox visit with Dr. Demo, N seconds from now, for a fresh appointment', async () => {
    const s = await demo();
    const res = await s.app.request('/demo/visits?startsInSeconds=1200', {
      method: 'POST',
      headers: { 'sec-fetch-site': 'same-origin' },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const { appointment } = (await res.json()) as { appointment: string };
    expect(appointment).toMatch(/^demo-[A-Za-z0-9_-]+$/);
    expect(await visitOf(s, appointment)).toMatchObject({
      provider: 'sandbox',
      status: 'scheduled',
      startsAt: '2031-05-04T10:20:00.000Z',
      endsAt: '2031-05-04T10:40:00.000Z',
      clinicianName: 'Dr. Demo',
    });
    const other = await (await s.app.request('/demo/visits', { method: 'POST' })).json();
    expect(other.appointment).not.toBe(appointment);
    expect((await visitOf(s, other.appointment)).startsAt).toBe('2031-05-04T10:02:00.000Z');
  });

  it('refuses a start outside 0..3600 seconds and calls from another site', async () => {
    const s = await demo();
    for (const bad of ['-1', '3601', 'soon', '1.5']) {
      const res = await s.app.request(`/demo/visits?startsInSeconds=${bad}`, { method: 'POST' });
      expect([bad, res.status, (await res.json()).code]).toEqual([bad, 400, 'bad-request']);
    }
    expect((await s.app.request('/demo/visits?startsInSeconds=0', { method: 'POST' })).status).toBe(201);
    const cross = await s.app.request('/demo/visits', {
      method: 'POST',
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect([cross.status, (await cross.json()).code]).toEqual([403, 'origin-not-allowed']);
  });

  it('does not exist outside demo mode', async () => {
    server = await testServer();
    expect((await server.app.request('/demo/visits', { method: 'POST' })).status).toBe(404);
  });
});
