import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createArztkonsultationProvider } from '../../../src/server/providers/arztkonsultation.js';
import type { RoomSpec, StoredRoom } from '../../../src/server/providers/types.js';
import { testClock } from '../support/clock.js';
import { AK_OPTIONS, AK_ORIGIN, createArztFake } from './fake.js';
import { rejection } from '../support/rejection.js';
import { signal, useFake } from '../support/use-fake.js';
import { FAST_PLUMBING, testDeps } from '../support/fast-plumbing.js';

const fake = createArztFake();
const server = useFake(fake);
const MINUTE = 60_000;

const setup = () => {
  const clock = testClock();
  const provider = createArztkonsultationProvider(
    {
      ...AK_OPTIONS,
      ...FAST_PLUMBING,
    },
    testDeps(clock),
  );
  /** A call scheduled `startsInMinutes` from the test clock's now, 15 minutes long. */
  const room = async (startsInMinutes = 0): Promise<StoredRoom & { callId: number }> => {
    const startsAt = new Date(clock.now() + startsInMinutes * MINUTE);
    const spec: RoomSpec = {
      roomId: 'room-1',
      appointment: 'apt-1',
      startsAt,
      durationMinutes: 15,
      participants: [],
    };
    const created = await provider.createRoom(spec, signal());
    const callId = created.vendorData!.callId as number;
    return {
      id: spec.roomId,
      provider: 'arztkonsultation',
      appointment: spec.appointment,
      vendorRoomId: created.vendorRoomId,
      vendorData: created.vendorData!,
      status: 'open',
      startsAt,
      durationMinutes: 15,
      callId,
    };
  };
  return { provider, clock, room };
};

const logRequests = () => fake.kit.sent('GET', '/api/v2/calllogs');

describe('arztkonsultation roomState (call logs)', () => {
  it('reads open, live, open again after a dropped session, and ended after the scheduled end', async () => {
    const { provider, clock, room } = setup();
    const r = await room();
    expect(await provider.roomState(r, signal())).toEqual({ phase: 'open' });

    fake.startSession(r.callId);
    expect(await provider.roomState(r, signal())).toEqual({ phase: 'live' });

    fake.endSession(r.callId);
    // Within the slot a dropped call can be resumed.
    expect(await provider.roomState(r, signal())).toEqual({ phase: 'open' });

    clock.advance(16 * MINUTE);
    expect(await provider.roomState(r, signal())).toEqual({ phase: 'ended' });
    // An unused call is not over just because its slot passed: the server's own window decides that.
    const unused = await room(-30);
    expect(await provider.roomState(unused, signal())).toEqual({ phase: 'open' });
  });

  it("asks for the call's logs with the client token and the call id", async () => {
    const { provider, room } = setup();
    const r = await room();
    const other = await room();
    fake.startSession(other.callId); // another call's session must not make ours live
    fake.kit.reset();
    expect(await provider.roomState(r, signal())).toEqual({ phase: 'open' });
    const [request] = logRequests();
    expect(request?.query.get('call_id')).toBe(String(r.callId));
    expect(fake.kit.requests.map((q) => `${q.method} ${q.path}`)).toEqual(['GET /api/v2/calllogs']);
  });

  it('ignores entries of other calls even if the vendor ignored the filter', async () => {
    const { provider, room } = setup();
    const r = await room();
    server.use(
      http.get(`${AK_ORIGIN}/api/v2/calllogs`, () =>
        HttpResponse.json({ data: [{ call_id: r.callId + 1, start: 1, end: null }] }),
      ),
    );
    expect(await provider.roomState(r, signal())).toEqual({ phase: 'open' });
  });

  it.each([
    ['no data array', { logs: [] }],
    ['an end that is not a time', { data: [{ end: 'soon' }] }],
    ['a list', []],
  ])('refuses a malformed answer (%s) as vendor-bad-response', async (_name, body) => {
    const { provider, room } = setup();
    const r = await room();
    server.use(http.get(`${AK_ORIGIN}/api/v2/calllogs`, () => HttpResponse.json(body)));
    const err = await rejection(provider.roomState(r, signal()));
    expect([err.code, err.status]).toEqual(['vendor-bad-response', 502]);
  });

  it('retries the GET after a 503 and a timeout, then succeeds', async () => {
    const { provider, room } = setup();
    const r = await room();
    fake.kit.faults.inject({ kind: 'status-503', path: '/api/v2/calllogs' });
    fake.kit.faults.inject({ kind: 'hang', path: '/api/v2/calllogs' });
    expect(await provider.roomState(r, signal())).toEqual({ phase: 'open' });
    expect(logRequests()).toHaveLength(3);
  });

  it('gives up after two retries and opens the breaker after repeated failures', async () => {
    const { provider, room } = setup();
    const r = await room();
    fake.kit.faults.inject({ kind: 'status-500', path: '/api/v2/calllogs', times: 9 });
    for (let i = 0; i < 3; i++) {
      expect((await rejection(provider.roomState(r, signal()))).code).toBe('vendor-unavailable');
    }
    expect(logRequests()).toHaveLength(9);
    const open = await rejection(provider.roomState(r, signal()));
    expect([open.code, open.status]).toEqual(['vendor-circuit-open', 503]);
    expect(logRequests()).toHaveLength(9);
  });

  it('logs in again once when the client token is refused', async () => {
    const { provider, room } = setup();
    const r = await room();
    fake.expireTokens();
    expect(await provider.roomState(r, signal())).toEqual({ phase: 'open' });
    expect(fake.kit.sent('POST', '/api/v2/client')).toHaveLength(2);
  });
});
