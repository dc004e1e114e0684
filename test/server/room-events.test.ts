import { afterEach, describe, expect, it } from 'vitest';
import type { ConsultServerOptions } from '../../src/server/app.js';
import type { ConsultServerConfigInput } from '../../src/server/config.js';
import { signTicket } from '../support/tickets.js';
import { testServer } from '../support/server.js';
import { readSse } from './support/sse.js';
import { sleep, spyProvider } from './support/spy-provider.js';

type Server = Awaited<ReturnType<typeof testServer>>;
let server: Server | undefined;
afterEach(async () => server?.app.close());

const FAST = { pollIntervalMs: 40, heartbeatMs: 10_000, maxStreamMs: 10_000 };

async function start(overrides: Partial<ConsultServerConfigInput> = {}, options: ConsultServerOptions = {}) {
  const spy = spyProvider();
  server = await testServer(
    { provider: 'spy', ...overrides },
    { providers: [spy.provider], liveTimings: FAST, ...options },
  );
  const s = server;
  const ticket = (role = 'patient', claims: Record<string, unknown> = {}) =>
    signTicket(s.keys.privateKey, {
      role: role as never,
      sub: `${role}-1`,
      // Patient tickets always name their appointment.
      ...(role === 'patient' && { appointment: 'apt-1' }),
      ...claims,
    });
  const created = await s.openRoom(await ticket('clinician'), { appointment: 'apt-1' });
  const roomId = ((await created.json()) as { roomId: string }).roomId;
  const events = async (role = 'patient', claims: Record<string, unknown> = {}, id = roomId) =>
    s.app.request(`/v1/rooms/${id}/events`, {
      headers: { authorization: `Bearer ${await ticket(role, claims)}` },
    });
  return { s, spy, roomId, ticket, events };
}

describe('GET /v1/rooms/:id/events', () => {
  it('streams the current state first, as text/event-stream that is never stored', async () => {
    const { events, roomId, spy } = await start();
    spy.control.participants = 0;
    const res = await events();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const state = await readSse(res).nextState();
    expect(state).toEqual({ roomId, phase: 'open', participants: 0, observedAt: expect.any(String) });
    expect(Number.isNaN(Date.parse(state.observedAt))).toBe(false);
  });

  it('sends a change as it is seen, and nothing while nothing changes', async () => {
    const { events, spy } = await start();
    const stream = readSse(await events());
    expect((await stream.nextState()).phase).toBe('open');
    await sleep(150); // a few polls with the same answer: no event
    spy.control.phase = 'live';
    spy.control.participants = 2;
    const next = await stream.nextState();
    expect([next.phase, next.participants]).toEqual(['live', 2]);
    expect(spy.control.polls).toBeGreaterThan(3);
  });

  it('keeps a patient waiting while the provider says no clinician is there, never the clinician', async () => {
    const { events, spy } = await start();
    spy.control.phase = 'live';
    spy.control.participants = 1;
    spy.control.hostPresent = false;
    const patient = readSse(await events('patient'));
    const clinician = readSse(await events('clinician'));
    const first = await patient.nextState();
    expect([first.phase, first.participants]).toEqual(['waiting', 1]);
    expect(first).not.toHaveProperty('hostPresent'); // server-side only
    expect((await clinician.nextState()).phase).toBe('live');
    spy.control.hostPresent = true;
    spy.control.participants = 2;
    expect((await patient.nextState()).phase).toBe('live');
  });

  it('sends a comment heartbeat', async () => {
    const { events } = await start({}, { liveTimings: { ...FAST, heartbeatMs: 30 } });
    const stream = readSse(await events());
    await stream.nextState();
    expect(await stream.next(1000)).toEqual({ comment: 'heartbeat' });
  });

  it('closes the stream after its maximum lifetime', async () => {
    const { events } = await start({}, { liveTimings: { ...FAST, maxStreamMs: 150 } });
    const began = Date.now();
    const stream = readSse(await events());
    await stream.nextState();
    expect(await stream.nextEvent(2000)).toBeUndefined();
    expect(Date.now() - began).toBeLessThan(1500);
  });

  it('is not cut by the request timeout', async () => {
    const { events } = await start({ requestTimeoutMs: 100 }, { liveTimings: { ...FAST, heartbeatMs: 50 } });
    const res = await events();
    expect(res.status).toBe(200);
    const stream = readSse(res);
    await stream.nextState();
    await sleep(300);
    expect(await stream.next(1000)).toEqual({ comment: 'heartbeat' });
  });

  it('stops polling when the only client goes away', async () => {
    const { events, spy, s } = await start();
    const stream = readSse(await events());
    await stream.nextState();
    await stream.cancel();
    await sleep(60);
    const polls = spy.control.polls;
    await sleep(250);
    expect(spy.control.polls).toBe(polls);
    // The room can be watched again afterwards: a new loop starts.
    const again = readSse(await events('patient', { sub: 'patient-2' }));
    expect((await again.nextState()).phase).toBe('open');
    expect(spy.control.polls).toBeGreaterThan(polls);
    void s;
  });

  it('polls once per interval however many clients watch the room', async () => {
    const { events, spy } = await start();
    const streams = [];
    for (let i = 0; i < 10; i++) streams.push(readSse(await events('patient', { sub: `p-${i}` })));
    for (const stream of streams) expect((await stream.nextState()).phase).toBe('open');
    const before = spy.control.polls;
    const began = Date.now();
    await sleep(400);
    const polls = spy.control.polls - before;
    const intervals = (Date.now() - began) / FAST.pollIntervalMs;
    expect(polls).toBeGreaterThanOrEqual(3);
    expect(polls).toBeLessThanOrEqual(Math.ceil(intervals) + 1);
    spy.control.phase = 'live';
    for (const stream of streams) expect((await stream.nextState()).phase).toBe('live');
  });

  it('reports a provider failure as the last known state and an error event, without a crash', async () => {
    const { events, spy, s } = await start();
    spy.control.phase = 'live';
    const stream = readSse(await events());
    const first = await stream.nextState();
    spy.control.fail = 'vendor-unavailable';
    const again = await stream.nextState();
    expect(again).toEqual(first);
    expect(await stream.nextEvent()).toEqual({ event: 'error', data: '{"code":"vendor-unavailable"}' });
    expect((await s.app.request('/healthz')).status).toBe(200);
    await sleep(150); // the outage goes on: no repeated error events
    spy.control.fail = undefined;
    spy.control.phase = 'open';
    expect((await stream.nextState()).phase).toBe('open');
    const warnings = s.logLines.filter((l) => l.includes('live state unavailable'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('"code":"vendor-unavailable"');
  });

  it('reports a cancelled room as ended without asking the provider', async () => {
    const { events, spy, s, roomId, ticket } = await start();
    const stream = readSse(await events());
    await stream.nextState();
    const del = await s.app.request(`/v1/rooms/${roomId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${await ticket('clinician')}` },
    });
    expect(del.status).toBe(204);
    expect((await stream.nextState()).phase).toBe('ended');
    const polls = spy.control.polls;
    await sleep(150);
    expect(spy.control.polls).toBe(polls);
  });

  it('ends open streams when the server drains (shutdown)', async () => {
    const { events, s } = await start();
    const stream = readSse(await events());
    await stream.nextState();
    s.app.drain();
    expect(await stream.nextEvent(1000)).toBeUndefined();
  });

  it('caps concurrent streams per subject', async () => {
    const { events } = await start({ live: { maxStreamsPerSubject: 1 } });
    const first = readSse(await events());
    await first.nextState();
    const second = await events();
    expect(second.status).toBe(429);
    expect((await second.json()).code).toBe('rate-limited');
    await first.cancel();
    await sleep(50);
    expect((await events()).status).toBe(200);
  });

  describe('who may listen', () => {
    it('refuses a request without a ticket with 401', async () => {
      const { s, roomId } = await start();
      const res = await s.app.request(`/v1/rooms/${roomId}/events`);
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect((await res.json()).code).toBe('ticket-missing');
    });

    it('refuses staff, a ticket for another appointment, and an unknown room', async () => {
      const { events } = await start();
      const staff = await events('staff');
      expect([staff.status, (await staff.json()).code]).toEqual([403, 'forbidden-role']);
      const scoped = await events('patient', { appointment: 'apt-2' });
      expect([scoped.status, (await scoped.json()).code]).toEqual([403, 'forbidden-scope']);
      const unknown = await events('patient', {}, 'r_nope');
      expect([unknown.status, (await unknown.json()).code]).toEqual([404, 'room-not-found']);
    });

    it("accepts a ticket scoped to the room's appointment", async () => {
      const { events } = await start();
      const res = await events('patient', { appointment: 'apt-1' });
      expect(res.status).toBe(200);
      expect((await readSse(res).nextState()).phase).toBe('open');
    });
  });
});
