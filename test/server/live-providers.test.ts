import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signTicket } from '../support/tickets.js';
import { testServer } from '../support/server.js';
import {
  createKaleyraFake,
  KALEYRA_API_KEY,
  KALEYRA_BASE,
  KALEYRA_JOIN_ORIGIN,
} from '../vendors/kaleyra/fake.js';
import { readSse } from './support/sse.js';
import { sleep, spyProvider } from './support/spy-provider.js';

const kaleyra = createKaleyraFake();
const vendors = setupServer(...kaleyra.handlers);
beforeAll(() => vendors.listen({ onUnhandledRequest: 'error' }));
afterEach(() => kaleyra.reset());
afterAll(() => vendors.close());

type Server = Awaited<ReturnType<typeof testServer>>;
let server: Server | undefined;
afterEach(async () => server?.app.close());

/** A settable clock for the server; tickets are signed on it, so it may move far from real time. */
const clock = (start = Date.now()) => {
  let t = start;
  return { now: () => new Date(t), advance: (ms: number) => (t += ms), epoch: () => Math.floor(t / 1000) };
};

const stream = async (s: Server, roomId: string, ticket: string) =>
  s.app.request(`/v1/rooms/${roomId}/events`, { headers: { authorization: `Bearer ${ticket}` } });

describe('live state from a vendor (Kaleyra fake)', () => {
  const POLL_MS = 100;

  const kaleyraServer = async () => {
    server = await testServer(
      {
        provider: 'kaleyra',
        providers: {
          kaleyra: {
            baseUrl: KALEYRA_BASE,
            apiKey: KALEYRA_API_KEY,
            joinOrigins: [KALEYRA_JOIN_ORIGIN],
            getRetries: 0,
          },
        },
        rateLimit: { perSubject: 1000 },
        // Ten tabs of the same patient.
        live: { maxStreamsPerSubject: 10 },
      },
      { liveTimings: { pollIntervalMs: POLL_MS } },
    );
    const s = server;
    const res = await s.openRoom(
      await signTicket(s.keys.privateKey, { role: 'clinician', sub: 'dr-1', name: 'Dr. Who' }),
      {
        appointment: 'apt-1',
        durationMinutes: 20,
        participants: [{ subject: 'patient-4711', role: 'patient', name: 'Erika M.' }],
      },
    );
    const room = (await res.json()) as { roomId: string };
    const vendorRoomId = [...kaleyra.rooms.keys()][0]!;
    const patientTicket = () => signTicket(s.keys.privateKey, { sub: 'patient-4711', appointment: 'apt-1' });
    return { s, roomId: room.roomId, vendorRoomId, patientTicket };
  };

  it('asks the vendor once per interval for ten watchers, and every watcher sees the call start', async () => {
    const { s, roomId, vendorRoomId, patientTicket } = await kaleyraServer();
    const polls = () => kaleyra.kit.sent('GET', `/teleconsultation/${vendorRoomId}`).length;
    const streams = [];
    for (let i = 0; i < 10; i++) streams.push(readSse(await stream(s, roomId, await patientTicket())));
    for (const st of streams) expect((await st.nextState()).phase).toBe('open');
    const before = polls();
    const began = Date.now();
    await sleep(500);
    const asked = polls() - before;
    expect(asked).toBeGreaterThanOrEqual(2);
    expect(asked).toBeLessThanOrEqual(Math.ceil((Date.now() - began) / POLL_MS) + 1);

    kaleyra.setState(vendorRoomId, { running: true });
    for (const st of streams) expect((await st.nextState()).phase).toBe('live');
    // Asked as the room's clinician (its observer), never as the watching patient.
    const last = kaleyra.kit.sent('GET', `/teleconsultation/${vendorRoomId}`).at(-1);
    expect(last?.headers.get('miausergroups')).toBe('doctor');
  });

  it('reports a vendor outage as an error event with the last known state, then recovers', async () => {
    const { s, roomId, vendorRoomId, patientTicket } = await kaleyraServer();
    const st = readSse(await stream(s, roomId, await patientTicket()));
    expect((await st.nextState()).phase).toBe('open');
    kaleyra.kit.faults.inject({ kind: 'status-503', method: 'GET', times: 3 });
    expect((await st.nextState()).phase).toBe('open');
    expect(await st.nextEvent()).toEqual({ event: 'error', data: '{"code":"vendor-unavailable"}' });
    kaleyra.setState(vendorRoomId, { running: true });
    expect((await st.nextState()).phase).toBe('live');
  });
});

describe('live state of a sandbox room', () => {
  it('is live while a room page polls, and open again some seconds after it stopped', async () => {
    const time = clock();
    server = await testServer({}, { now: time.now, liveTimings: { sandboxPollIntervalMs: 30 } });
    const s = server;
    const ticket = (role: 'patient' | 'clinician') =>
      signTicket(s.keys.privateKey, {
        role,
        sub: `${role}-1`,
        iat: time.epoch(),
        exp: time.epoch() + 60,
        ...(role === 'patient' && { appointment: 'apt-1' }),
      });
    await s.openVisit('apt-1');
    const joined = await s.join(await ticket('patient'), { appointment: 'apt-1' });
    const { url, roomId } = (await joined.json()) as { url: string; roomId: string };

    const st = readSse(await stream(s, roomId, await ticket('clinician')));
    expect(await st.nextState()).toMatchObject({ phase: 'open', participants: 0 });

    // Loading the room page counts at once; its state polls keep it counted.
    const page = await s.app.request(new URL(url).pathname + new URL(url).search);
    const session = /"session":"([^"]+)"/.exec(await page.text())![1]!;
    expect(await st.nextState()).toMatchObject({ phase: 'live', participants: 1 });
    const poll = () =>
      s.app.request(`/sandbox/rooms/${roomId}/state`, { headers: { 'x-sandbox-session': session } });
    time.advance(8_000);
    expect((await poll()).status).toBe(200);
    time.advance(8_000); // 8 s after that poll: still there
    await expect(st.nextEvent(150)).rejects.toThrow(/no event/);
    time.advance(3_000);
    expect(await st.nextState()).toMatchObject({ phase: 'open', participants: 0 });
  });
});

describe("the caller's window", () => {
  /** A room starting `startsInMs` from the test clock's now, on a spy provider; tickets on that clock. */
  async function scheduled(startsInMs: number, durationMinutes?: number) {
    const time = clock();
    const spy = spyProvider();
    server = await testServer(
      { provider: 'spy' },
      { now: time.now, providers: [spy.provider], liveTimings: { pollIntervalMs: 30 } },
    );
    const s = server;
    const ticket = (role: 'patient' | 'clinician') =>
      signTicket(s.keys.privateKey, {
        role,
        sub: `${role}-1`,
        iat: time.epoch(),
        exp: time.epoch() + 60,
        ...(role === 'patient' && { appointment: 'apt-1' }),
      });
    const startsAt = new Date(time.now().getTime() + startsInMs).toISOString();
    const created = await s.openRoom(await ticket('clinician'), {
      appointment: 'apt-1',
      startsAt,
      durationMinutes,
    });
    const { roomId } = (await created.json()) as { roomId: string };
    return { s, spy, time, ticket, roomId };
  }

  it('shows a patient "waiting" until their window opens, while the clinician sees "open"', async () => {
    const { s, time, ticket, roomId } = await scheduled(30 * 60_000, 20);

    const patient = readSse(await stream(s, roomId, await ticket('patient')));
    const clinician = readSse(await stream(s, roomId, await ticket('clinician')));
    expect((await patient.nextState()).phase).toBe('waiting');
    expect((await clinician.nextState()).phase).toBe('open');

    time.advance(21 * 60_000); // 9 minutes before the start: the patient's window (10) is open
    expect((await patient.nextState()).phase).toBe('open');

    time.advance(9 * 60_000 + 20 * 60_000 + 30 * 60_000); // past the end and the grace period
    expect((await patient.nextState()).phase).toBe('ended');
    expect((await clinician.nextState()).phase).toBe('ended');
  });

  it('does not ask the provider before anyone may enter', async () => {
    const { s, spy, ticket, roomId } = await scheduled(3 * 3_600_000);
    const st = readSse(await stream(s, roomId, await ticket('clinician')));
    expect((await st.nextState()).phase).toBe('waiting');
    await sleep(100);
    expect(spy.control.polls).toBe(0);
  });
});
