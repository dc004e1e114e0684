import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createKaleyraProvider } from '../../../src/server/providers/kaleyra.js';
import type { Participant, RoomSpec, StoredRoom } from '../../../src/server/providers/types.js';
import { testClock } from '../support/clock.js';
import {
  createKaleyraFake,
  KALEYRA_API_KEY,
  KALEYRA_BASE,
  KALEYRA_JOIN_ORIGIN,
  KALEYRA_OPTIONS,
} from './fake.js';
import { rejection } from '../support/rejection.js';
import { signal, useFake } from '../support/use-fake.js';
import { FAST_PLUMBING, testDeps } from '../support/fast-plumbing.js';

const fake = createKaleyraFake();
const server = useFake(fake);
const patient: Participant = { id: 'p-hash-1', role: 'patient', name: 'Jane Doe' };
const clinician: Participant = { id: 'c-hash-1', role: 'clinician', name: 'Joe Smith' };

const setup = () => {
  const clock = testClock();
  const provider = createKaleyraProvider(
    {
      ...KALEYRA_OPTIONS,
      ...FAST_PLUMBING,
    },
    testDeps(clock),
  );
  const room = async (participants = [patient, clinician], startsAt = new Date()): Promise<StoredRoom> => {
    const spec: RoomSpec = {
      roomId: 'room-1',
      appointment: 'apt-1',
      startsAt,
      durationMinutes: 30,
      participants,
    };
    const created = await provider.createRoom(spec, signal());
    return {
      id: spec.roomId,
      provider: 'kaleyra',
      appointment: spec.appointment,
      vendorRoomId: created.vendorRoomId,
      vendorData: created.vendorData!,
      status: 'open',
      startsAt,
      durationMinutes: 30,
    };
  };
  return { provider, room };
};

const detailRequests = () => fake.kit.sent('GET', /^\/teleconsultation\/room_/);

describe('kaleyra roomState (details.status, live, disabled)', () => {
  it('maps the room details: open while NOT_RUNNING, live while a call runs', async () => {
    const { provider, room } = setup();
    const r = await room();
    expect(await provider.roomState(r, signal())).toEqual({ phase: 'open' });
    fake.setState(r.vendorRoomId, { running: true });
    expect(await provider.roomState(r, signal())).toEqual({ phase: 'live' });
    fake.setState(r.vendorRoomId, { running: false });
    expect(await provider.roomState(r, signal())).toEqual({ phase: 'open' });
  });

  it.each([
    [{ status: 'RUNNING' }, 'live'],
    [{ status: 'running', live: false }, 'live'],
    [{ status: 'NOT_RUNNING', live: true }, 'live'],
    [{ status: 'NOT_RUNNING', live: false, disabled: true }, 'open'],
    [{ status: 'SOMETHING_ELSE' }, 'open'],
  ])('reads details %j as %s, never as waiting or ended', async (details, phase) => {
    const { provider, room } = setup();
    const r = await room();
    server.use(http.get(`${KALEYRA_BASE}/teleconsultation/:roomId`, () => HttpResponse.json({ details })));
    expect(await provider.roomState(r, signal())).toEqual({ phase });
  });

  it("asks as the room's clinician, whom the room remembers as its observer", async () => {
    const { provider, room } = setup();
    const r = await room([patient, clinician]);
    expect(r.vendorData.observer).toEqual({ id: 'c-hash-1', role: 'clinician' });
    fake.kit.reset();
    await provider.roomState(r, signal());
    const [request] = detailRequests();
    expect(request?.headers.get('miauserid')).toBe('c-hash-1');
    expect(request?.headers.get('miausergroups')).toBe('doctor');
    expect(request?.headers.get('apikey')).toBe(KALEYRA_API_KEY);
  });

  it('reads a deleted room (404 on the CRUD) as ended', async () => {
    const { provider, room } = setup();
    const r = await room();
    await provider.cancelRoom(r, signal());
    expect(await provider.roomState(r, signal())).toEqual({ phase: 'ended' });
  });

  it('refuses a room stored without an observer, without calling the vendor', async () => {
    const { provider, room } = setup();
    const r = await room();
    fake.kit.reset();
    const err = await rejection(
      provider.roomState({ ...r, vendorData: { roomId: r.vendorRoomId } }, signal()),
    );
    expect(err.code).toBe('vendor-rejected');
    expect(fake.kit.requests).toHaveLength(0);
  });

  it.each([
    ['no details', { accessLinkURL: `${KALEYRA_JOIN_ORIGIN}/x` }],
    ['a status that is not a string', { details: { status: 1 } }],
    ['live that is not a boolean', { details: { status: 'NOT_RUNNING', live: 'yes' } }],
  ])('refuses a malformed answer (%s) as vendor-bad-response', async (_name, body) => {
    const { provider, room } = setup();
    const r = await room();
    server.use(http.get(`${KALEYRA_BASE}/teleconsultation/:roomId`, () => HttpResponse.json(body)));
    const err = await rejection(provider.roomState(r, signal()));
    expect([err.code, err.status]).toEqual(['vendor-bad-response', 502]);
  });

  it('retries the GET after a network error and a timeout', async () => {
    const { provider, room } = setup();
    const r = await room();
    fake.kit.faults.inject({ kind: 'network-error', method: 'GET' });
    fake.kit.faults.inject({ kind: 'hang', method: 'GET' });
    expect(await provider.roomState(r, signal())).toEqual({ phase: 'open' });
    expect(detailRequests()).toHaveLength(3);
  });

  it('opens the breaker after repeated failures and answers at once while it is open', async () => {
    const { provider, room } = setup();
    const r = await room();
    fake.kit.faults.inject({ kind: 'status-503', method: 'GET', times: 9 });
    for (let i = 0; i < 3; i++) {
      expect((await rejection(provider.roomState(r, signal()))).code).toBe('vendor-unavailable');
    }
    const open = await rejection(provider.roomState(r, signal()));
    expect(open.code).toBe('vendor-circuit-open');
    expect(detailRequests()).toHaveLength(9);
  });
});
