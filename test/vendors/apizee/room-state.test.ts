import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createApizeeProvider, type ApizeeOptionsInput } from '../../../src/server/providers/apizee.js';
import type { Participant, RoomSpec, StoredRoom } from '../../../src/server/providers/types.js';
import { testClock } from '../support/clock.js';
import { APIZEE_ACCOUNT, APIZEE_API, createApizeeFake } from './fake.js';
import { rejection } from '../support/rejection.js';
import { signal, useFake } from '../support/use-fake.js';

const fake = createApizeeFake();
const server = useFake(fake);
const patient: Participant = { id: 'p-hash-1', role: 'patient', email: 'erika@example.org' };
const clinician: Participant = { id: 'c-hash-1', role: 'clinician', phone: '+33612345678' };
const plumbing = {
  timeoutMs: 150,
  retryBaseDelayMs: 1,
  breakerFailureThreshold: 3,
  breakerCoolDownMs: 10_000,
};
const conference = { mode: 'conference', ...APIZEE_ACCOUNT, ...plumbing } as const;
const ticket = { mode: 'ticket', ...APIZEE_ACCOUNT, agent: 'agent1@apizee.com', ...plumbing } as const;

const setup = async (options: ApizeeOptionsInput, roomId = 'r_room1') => {
  const provider = createApizeeProvider(options, { now: testClock().now, random: () => 0.5 });
  const spec: RoomSpec = {
    roomId,
    appointment: 'apt-1',
    startsAt: new Date(),
    durationMinutes: 20,
    participants: [patient, clinician],
  };
  const created = await provider.createRoom(spec, signal());
  const room: StoredRoom = {
    id: roomId,
    provider: 'apizee',
    appointment: 'apt-1',
    vendorRoomId: created.vendorRoomId,
    vendorData: created.vendorData!,
    status: 'open',
    startsAt: spec.startsAt,
    durationMinutes: 20,
  };
  return { provider, room, vendorId: Number(created.vendorRoomId) };
};

describe('apizee roomState', () => {
  it.each([
    ['scheduled', 'open'],
    ['ongoing', 'live'],
    ['ended', 'ended'],
    ['something-new', 'open'],
  ])('conference status %s -> %s', async (status, phase) => {
    const { provider, room, vendorId } = await setup(conference);
    fake.setConferenceStatus(vendorId, status);
    expect(await provider.roomState(room, signal())).toEqual({ phase });
  });

  it('finds its own conference among keyword matches, by id', async () => {
    const { provider, room, vendorId } = await setup(conference, 'r_room1');
    // "r_room1" is a keyword of "r_room10": the search returns both, newest first.
    const other = await setup(conference, 'r_room10');
    fake.setConferenceStatus(other.vendorId, 'ongoing');
    fake.kit.reset();
    expect(await provider.roomState(room, signal())).toEqual({ phase: 'open' });
    const [request] = fake.kit.sent('GET', '/api/conferences');
    expect(request?.query.get('search')).toBe('r_room1');
    fake.setConferenceStatus(vendorId, 'ongoing');
    expect(await provider.roomState(room, signal())).toEqual({ phase: 'live' });
  });

  it.each([
    ['invited', 'open'],
    ['done', 'ended'],
    ['ongoing', 'live'],
  ])('ticket state %s -> %s', async (state, phase) => {
    const { provider, room, vendorId } = await setup(ticket);
    fake.setTicketState(vendorId, state);
    expect(await provider.roomState(room, signal())).toEqual({ phase });
    expect(fake.kit.sent('GET', '/api/tickets').at(-1)?.query.get('reference')).toBe(room.id);
  });

  it.each([
    ['a conference without status', 'conference', { data: [{ id: 0, name: 'r_room1' }] }],
    ['a conference list that is not a list', 'conference', { data: 'none' }],
    ['a ticket without state or status', 'ticket', { data: [{ id: 0, reference: 'r_room1' }] }],
  ])('refuses a malformed answer (%s) as vendor-bad-response', async (_name, mode, body) => {
    const { provider, room, vendorId } = await setup(mode === 'conference' ? conference : ticket);
    const answer = JSON.parse(JSON.stringify(body).replace('"id":0', `"id":${vendorId}`)) as object;
    server.use(
      http.get(`${APIZEE_API}/${mode === 'conference' ? 'conferences' : 'tickets'}`, () =>
        HttpResponse.json(answer),
      ),
    );
    const err = await rejection(provider.roomState(room, signal()));
    expect([err.code, err.status]).toEqual(['vendor-bad-response', 502]);
  });

  it('refuses an answer that does not list the room', async () => {
    const { provider, room } = await setup(conference);
    server.use(http.get(`${APIZEE_API}/conferences`, () => HttpResponse.json({ total: 0, data: [] })));
    expect((await rejection(provider.roomState(room, signal()))).code).toBe('vendor-bad-response');
  });

  it('retries the lookup after a 503, and opens the breaker after repeated failures', async () => {
    const { provider, room } = await setup(conference);
    fake.kit.faults.inject({ kind: 'status-503', method: 'GET', path: '/api/conferences' });
    expect(await provider.roomState(room, signal())).toEqual({ phase: 'open' });
    expect(fake.kit.sent('GET', '/api/conferences')).toHaveLength(2);

    fake.kit.faults.inject({ kind: 'status-500', method: 'GET', path: '/api/conferences', times: 9 });
    for (let i = 0; i < 3; i++) {
      expect((await rejection(provider.roomState(room, signal()))).code).toBe('vendor-unavailable');
    }
    expect((await rejection(provider.roomState(room, signal()))).code).toBe('vendor-circuit-open');
    expect(fake.kit.sent('GET', '/api/conferences')).toHaveLength(11);
  });
});
