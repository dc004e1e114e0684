import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { JoinResponseSchema } from '../../src/protocol/join.js';
import { createJoinPhase } from '../../src/server/live/join-phase.js';
import type { Observation } from '../../src/server/live/room-watch.js';
import type { StoredRoom } from '../../src/server/providers/types.js';
import { signTicket } from '../support/tickets.js';
import { testServer } from '../support/server.js';
import { readSse } from './support/sse.js';
import { spyProvider } from './support/spy-provider.js';

// The join answer carries what the room needs to frame the link at once (issue 9, item 4): the room's phase as
// the caller's event stream would say it, and the visit window. Nothing in it may let a patient in early.

type Server = Awaited<ReturnType<typeof testServer>>;
let server: Server | undefined;
afterEach(async () => server?.app.close());

async function start() {
  const spy = spyProvider();
  // One watcher poll per test at most: a minute apart.
  const s = (server = await testServer(
    { provider: 'spy' },
    { providers: [spy.provider], liveTimings: { pollIntervalMs: 60_000 } },
  ));
  const ticket = (role: 'patient' | 'clinician') =>
    signTicket(s.keys.privateKey, { role, sub: `${role}-1`, appointment: 'apt-1' });
  await s.openVisit('apt-1');
  const join = async (role: 'patient' | 'clinician') => {
    const res = await s.join(await ticket(role), { appointment: 'apt-1' });
    expect(res.status).toBe(200);
    const body: unknown = await res.json();
    expect(v.is(JoinResponseSchema, body)).toBe(true);
    return body as v.InferOutput<typeof JoinResponseSchema>;
  };
  const watch = async (roomId: string) =>
    readSse(
      await s.app.request(`/v1/rooms/${roomId}/events`, {
        headers: { authorization: `Bearer ${await ticket('clinician')}` },
      }),
    );
  return { spy, join, watch };
}

describe('POST /v1/join: what the room needs to frame at once', () => {
  it('says the room is open, with the visit window on the server clock', async () => {
    const { spy, join } = await start();
    spy.control.hostPresent = true;
    const before = Date.now();
    const body = await join('patient');
    expect(body.phase).toBe('open');
    expect(body.visit).toMatchObject({
      appointment: 'apt-1',
      roomId: body.roomId,
      provider: 'spy',
      status: 'open',
    });
    expect(Date.parse(body.visit!.serverTime)).toBeGreaterThanOrEqual(before - 1000);
  });

  it('keeps a patient waiting while the clinician is not there, never the clinician', async () => {
    const { spy, join } = await start();
    spy.control.phase = 'live';
    spy.control.participants = 1;
    spy.control.hostPresent = false;
    expect((await join('patient')).phase).toBe('waiting');
    expect((await join('clinician')).phase).toBe('live');
    spy.control.hostPresent = true;
    expect((await join('patient')).phase).toBe('live');
  });

  it('asks the provider once per join of a room nobody watches, and not at all for a watched one', async () => {
    const { spy, join, watch } = await start();
    const { roomId } = await join('patient');
    expect(spy.control.polls).toBe(1);
    await join('clinician');
    expect(spy.control.polls).toBe(2);
    // Watched: the watcher's poll answers the joins (the phase its stream says, as fresh as its lease).
    const stream = await watch(roomId);
    expect((await stream.nextState()).phase).toBe('open');
    expect(spy.control.polls).toBe(3);
    for (let i = 0; i < 3; i++) expect((await join('patient')).phase).toBe('open');
    expect(spy.control.polls).toBe(3);
    await stream.cancel();
  });

  it('asks the provider again when the watcher last failed', async () => {
    const { spy, join, watch } = await start();
    const { roomId } = await join('patient');
    spy.control.fail = 'vendor-unavailable';
    const stream = await watch(roomId);
    expect((await stream.nextState()).phase).toBe('open');
    expect(await stream.nextEvent()).toEqual({ event: 'error', data: '{"code":"vendor-unavailable"}' });
    const polls = spy.control.polls;
    spy.control.fail = undefined;
    spy.control.phase = 'live';
    spy.control.hostPresent = true;
    expect((await join('patient')).phase).toBe('live');
    expect(spy.control.polls).toBe(polls + 1);
    await stream.cancel();
  });

  it('says no phase when the provider cannot be asked (the room then waits for the stream)', async () => {
    const { spy, join } = await start();
    spy.control.fail = 'vendor-unavailable';
    const body = await join('patient');
    expect(body).not.toHaveProperty('phase');
    expect(body.visit?.status).toBe('open');
  });
});

describe('the join phase of a watched room', () => {
  const NOW = Date.UTC(2030, 0, 1, 10, 0);
  const room: StoredRoom = {
    id: 'r_1',
    provider: 'spy',
    appointment: 'apt-1',
    vendorRoomId: 'v_1',
    vendorData: {},
    status: 'open',
    startsAt: new Date(NOW),
    durationMinutes: 20,
  };
  const joinWindow = { patientMinutesBefore: 10, clinicianMinutesBefore: 60, graceMinutesAfter: 30 };
  const observation = (ageMs: number, error?: 'vendor-unavailable'): Observation => ({
    state: { roomId: 'r_1', phase: 'live', observedAt: new Date(NOW - ageMs).toISOString() },
    ...(error && { error }),
  });
  const phaseWith = (latest: Observation | undefined) => {
    const asked = { n: 0 };
    const phase = createJoinPhase({
      observe: async (roomId) => {
        asked.n++;
        return { state: { roomId, phase: 'open', observedAt: new Date(NOW).toISOString() } };
      },
      latest: async () => latest,
      maxAgeMs: () => 1000,
      joinWindow,
      now: () => new Date(NOW),
    });
    return { asked, phase: () => phase(room, 'clinician', AbortSignal.timeout(1000)) };
  };

  it('is what the watcher last observed while it is as young as the lease, else asked once', async () => {
    const fresh = phaseWith(observation(1000));
    expect(await fresh.phase()).toBe('live');
    expect(fresh.asked.n).toBe(0);
    for (const latest of [observation(1001), observation(0, 'vendor-unavailable'), undefined]) {
      const asked = phaseWith(latest);
      expect(await asked.phase()).toBe('open');
      expect(asked.asked.n).toBe(1);
    }
  });
});
