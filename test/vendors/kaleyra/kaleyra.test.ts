import { describe, expect, it } from 'vitest';
import { createKaleyraProvider, type KaleyraOptionsInput } from '../../../src/server/providers/kaleyra.js';
import type { Participant, RoomSpec, StoredRoom } from '../../../src/server/providers/types.js';
import { testClock } from '../support/clock.js';
import { createKaleyraFake, KALEYRA_API_KEY, KALEYRA_JOIN_ORIGIN, KALEYRA_OPTIONS } from './fake.js';
import { rejection } from '../support/rejection.js';
import { signal, useFake } from '../support/use-fake.js';
import { FAST_PLUMBING, testDeps } from '../support/fast-plumbing.js';

const fake = createKaleyraFake();
useFake(fake);
const patient: Participant = { id: 'p-hash-1', role: 'patient', name: 'Jane Doe', language: 'it-IT' };
const clinician: Participant = { id: 'c-hash-1', role: 'clinician', name: 'Joe Smith', language: 'de' };
const startsAt = new Date('2030-02-22T15:30:00.000Z');
const spec: RoomSpec = {
  roomId: 'room-1',
  appointment: 'apt-1',
  startsAt,
  durationMinutes: 30,
  participants: [clinician, patient],
};

const setup = (overrides: Partial<KaleyraOptionsInput> = {}) => {
  const clock = testClock();
  const provider = createKaleyraProvider(
    {
      ...KALEYRA_OPTIONS,
      ...FAST_PLUMBING,
      ...overrides,
    },
    testDeps(clock),
  );
  return { provider, clock };
};

const stored = (roomId: string, durationMinutes = spec.durationMinutes): StoredRoom => ({
  id: spec.roomId,
  provider: 'kaleyra',
  appointment: spec.appointment,
  vendorRoomId: roomId,
  vendorData: { roomId },
  status: 'open',
  startsAt,
  durationMinutes,
});

const createdRoom = async (provider = setup().provider) => {
  const created = await provider.createRoom(spec, signal());
  return { ...stored(created.vendorRoomId), vendorData: created.vendorData ?? {} };
};

const count = (method: string, path: string | RegExp) => fake.kit.sent(method, path).length;

describe('kaleyra provider', () => {
  it('creates a teleconsultation, fetches per-participant access links on their behalf, and deletes it', async () => {
    const { provider } = setup();
    const created = await provider.createRoom(spec, signal());
    const [post] = fake.kit.sent('POST', '/teleconsultation');
    expect(post?.headers.get('apikey')).toBe(KALEYRA_API_KEY);
    expect(post?.body).toEqual({
      participants: {
        number: 2,
        data: [
          { userExternalId: 'c-hash-1', groups: ['doctor'], fullName: 'Joe Smith' },
          { userExternalId: 'p-hash-1', groups: ['patient'], fullName: 'Jane Doe', language: 'it' },
        ],
      },
      start_date: '2030-02-22T15:30:00.000Z',
      duration_in_seconds: 1800,
    });
    expect(created).toEqual({
      vendorRoomId: expect.stringMatching(/^room_/),
      // The clinician is who the live-state poll asks as (the backend answers participants only); the
      // listed ids tell a 401 for one of them (the backend's fault) from a stranger's.
      vendorData: {
        roomId: created.vendorRoomId,
        observer: { id: 'c-hash-1', role: 'clinician' },
        participants: ['c-hash-1', 'p-hash-1'],
      },
    });

    const room = stored(created.vendorRoomId);
    const patientLink = await provider.joinLink({ room, participant: patient, ttlSeconds: 60 }, signal());
    const clinicianLink = await provider.joinLink({ room, participant: clinician, ttlSeconds: 60 }, signal());
    expect(new URL(patientLink.url).origin).toBe(KALEYRA_JOIN_ORIGIN);
    expect(fake.links.get(patientLink.url)).toEqual({
      roomId: created.vendorRoomId,
      userExternalId: 'p-hash-1',
      groups: 'patient',
      language: 'it',
    });
    expect(fake.links.get(clinicianLink.url)).toEqual({
      roomId: created.vendorRoomId,
      userExternalId: 'c-hash-1',
      groups: 'doctor',
      language: null,
    });
    expect(patientLink.expiresAt.getTime()).toBe(startsAt.getTime() + 30 * 60_000);

    await provider.cancelRoom(room, signal());
    expect(count('DELETE', `/teleconsultation/${created.vendorRoomId}`)).toBe(1);
    expect(fake.rooms.get(created.vendorRoomId)?.trashed).toBe(true);
    const gone = await rejection(provider.joinLink({ room, participant: patient, ttlSeconds: 60 }, signal()));
    expect([gone.code, gone.status]).toEqual(['room-not-found', 404]);
  });

  it('asks for the patient link as the patient only: never with a clinician identity', async () => {
    const { provider } = setup();
    const room = await createdRoom(provider);
    fake.kit.reset();
    const links = await Promise.all(
      Array.from({ length: 5 }, () =>
        provider.joinLink({ room, participant: patient, ttlSeconds: 60 }, signal()),
      ),
    );
    for (const link of links) expect(fake.links.get(link.url)?.userExternalId).toBe('p-hash-1');
    for (const r of fake.kit.sent('GET', /^\/teleconsultation\//)) {
      expect([r.headers.get('miauserid'), r.headers.get('miausergroups')]).toEqual(['p-hash-1', 'patient']);
    }
  });

  it('rejects a duration under 300 s before calling the vendor', async () => {
    const { provider } = setup();
    const err = await rejection(provider.createRoom({ ...spec, durationMinutes: 4 }, signal()));
    expect([err.code, err.status]).toEqual(['bad-request', 400]);
    const reschedule = await rejection(
      provider.rescheduleRoom(stored('room_x'), { startsAt, durationMinutes: 4.9 }, signal()),
    );
    expect(reschedule.code).toBe('bad-request');
    expect(fake.kit.requests).toHaveLength(0);
    await provider.createRoom({ ...spec, durationMinutes: 5 }, signal());
    expect(
      (fake.kit.sent('POST', '/teleconsultation')[0]?.body as { duration_in_seconds: number })
        .duration_in_seconds,
    ).toBe(300);
  });

  it('reschedules with PATCH', async () => {
    const { provider } = setup();
    const room = await createdRoom(provider);
    await provider.rescheduleRoom(
      room,
      { startsAt: new Date('2030-02-23T09:00:00.000Z'), durationMinutes: 45 },
      signal(),
    );
    const [patch] = fake.kit.sent('PATCH', `/teleconsultation/${room.vendorRoomId}`);
    expect(patch?.body).toEqual({ start_date: '2030-02-23T09:00:00.000Z', duration_in_seconds: 2700 });
    expect(fake.rooms.get(room.vendorRoomId)?.durationSeconds).toBe(2700);
  });

  describe('documented error bodies', () => {
    it('maps 400 "no plus user in room" to vendor-rejected with a clear detail', async () => {
      const { provider } = setup();
      const err = await rejection(provider.createRoom({ ...spec, participants: [patient] }, signal()));
      expect([err.code, err.status]).toEqual(['vendor-rejected', 502]);
      expect(err.detail).toMatch(/'plus' group \(a clinician\)/);
    });

    it('retries a 401 once for a listed participant: one transient 401 still lets the patient in', async () => {
      const { provider } = setup();
      const room = await createdRoom(provider);
      fake.kit.reset();
      fake.knobs.spuriousUnauthorized = 1;
      const link = await provider.joinLink({ room, participant: patient, ttlSeconds: 60 }, signal());
      expect(fake.links.get(link.url)?.userExternalId).toBe('p-hash-1');
      expect(count('GET', `/teleconsultation/${room.vendorRoomId}`)).toBe(2);
    });

    it('maps a 401 that persists for a listed participant to vendor-rejected, not forbidden-scope', async () => {
      const { provider } = setup();
      const room = await createdRoom(provider);
      fake.kit.reset();
      fake.knobs.spuriousUnauthorized = 5;
      const err = await rejection(
        provider.joinLink({ room, participant: patient, ttlSeconds: 60 }, signal()),
      );
      expect([err.code, err.status]).toEqual(['vendor-rejected', 502]);
      expect(err.detail).not.toMatch(/not set up for you/);
      expect(count('GET', `/teleconsultation/${room.vendorRoomId}`)).toBe(2);
    });

    it('for a room stored without its participant list, asks once more, then reads a 401 as before', async () => {
      const { provider } = setup();
      const room = stored((await createdRoom(provider)).vendorRoomId); // vendorData: { roomId } only
      fake.kit.reset();
      fake.knobs.spuriousUnauthorized = 1;
      await provider.joinLink({ room, participant: patient, ttlSeconds: 60 }, signal());
      const stranger: Participant = { id: 'someone-else', role: 'patient' };
      const err = await rejection(
        provider.joinLink({ room, participant: stranger, ttlSeconds: 60 }, signal()),
      );
      expect([err.code, err.status]).toEqual(['forbidden-scope', 403]);
      expect(count('GET', `/teleconsultation/${room.vendorRoomId}`)).toBe(4);
    });

    it('maps 401 "Unauthorized user" (a participant outside the room) to 403 forbidden-scope, without retrying', async () => {
      const { provider } = setup();
      const room = await createdRoom(provider);
      fake.kit.reset();
      const stranger: Participant = { id: 'someone-else', role: 'patient' };
      const err = await rejection(
        provider.joinLink({ room, participant: stranger, ttlSeconds: 60 }, signal()),
      );
      expect(err.code).toBe('forbidden-scope');
      expect(err.status).toBe(403);
      expect(err.detail).toMatch(/not set up for you/);
      expect(count('GET', `/teleconsultation/${room.vendorRoomId}`)).toBe(1);
    });

    it('maps 401 for a wrong API key once, with no re-login loop (there is no login)', async () => {
      const { provider } = setup({ apiKey: 'wrong-key' });
      const err = await rejection(provider.createRoom(spec, signal()));
      expect(err.code).toBe('vendor-rejected');
      expect(err.detail).toBe('kaleyra refused our API key');
      expect(fake.kit.requests).toHaveLength(1);
    });

    it('maps 404 "not found on CRUD" to room-not-found for join, reschedule and cancel', async () => {
      const { provider } = setup();
      const room = stored('room_missing');
      for (const attempt of [
        provider.joinLink({ room, participant: patient, ttlSeconds: 60 }, signal()),
        provider.rescheduleRoom(room, { startsAt, durationMinutes: 30 }, signal()),
        provider.cancelRoom(room, signal()),
      ]) {
        const err = await rejection(attempt);
        expect([err.code, err.status]).toEqual(['room-not-found', 404]);
      }
    });
  });

  it('needs no vendor login: 100 concurrent joins are 100 GETs, each with the API key', async () => {
    const { provider } = setup();
    const room = await createdRoom(provider);
    fake.kit.reset();
    await Promise.all(
      Array.from({ length: 100 }, () =>
        provider.joinLink({ room, participant: patient, ttlSeconds: 60 }, signal()),
      ),
    );
    expect(fake.kit.requests).toHaveLength(100);
    expect(
      fake.kit.requests.every((r) => r.method === 'GET' && r.headers.get('apikey') === KALEYRA_API_KEY),
    ).toBe(true);
  });

  describe('vendor failures', () => {
    it('maps 500 to vendor-unavailable and never retries the POST', async () => {
      const { provider } = setup();
      fake.kit.faults.inject({ kind: 'status-500', method: 'POST' });
      expect((await rejection(provider.createRoom(spec, signal()))).code).toBe('vendor-unavailable');
      expect(count('POST', '/teleconsultation')).toBe(1);
    });

    it('maps 429 to vendor-unavailable with Retry-After and does not retry it', async () => {
      const { provider } = setup();
      const room = await createdRoom(provider);
      fake.kit.reset();
      fake.kit.faults.inject({ kind: 'status-429', method: 'GET', retryAfter: '30' });
      const err = await rejection(
        provider.joinLink({ room, participant: patient, ttlSeconds: 60 }, signal()),
      );
      expect([err.code, err.options.retryAfter]).toEqual(['vendor-unavailable', 30]);
      expect(count('GET', /^\/teleconsultation\//)).toBe(1);
    });

    it('maps a hung POST to vendor-timeout and does not create again (nothing to look it up with)', async () => {
      const { provider } = setup();
      fake.kit.faults.inject({ kind: 'hang-after-effect', method: 'POST' });
      const err = await rejection(provider.createRoom(spec, signal()));
      expect([err.code, err.status]).toEqual(['vendor-timeout', 504]);
      expect(count('POST', '/teleconsultation')).toBe(1);
      expect(fake.rooms.size).toBe(1);
    });

    it('retries a hung or failing GET at most twice', async () => {
      const { provider } = setup();
      const room = await createdRoom(provider);
      fake.kit.reset();
      fake.kit.faults.inject({ kind: 'hang', method: 'GET', times: 3 });
      expect(
        (await rejection(provider.joinLink({ room, participant: patient, ttlSeconds: 60 }, signal()))).code,
      ).toBe('vendor-timeout');
      expect(count('GET', /^\/teleconsultation\//)).toBe(3);

      fake.kit.reset();
      fake.kit.faults.inject({ kind: 'status-503', method: 'GET', times: 2 });
      await provider.joinLink({ room, participant: patient, ttlSeconds: 60 }, signal());
      expect(count('GET', /^\/teleconsultation\//)).toBe(3);
    });

    it('maps malformed JSON to vendor-bad-response', async () => {
      const { provider } = setup();
      fake.kit.faults.inject({ kind: 'malformed-json', method: 'POST' });
      expect((await rejection(provider.createRoom(spec, signal()))).code).toBe('vendor-bad-response');
    });

    it('refuses an accessLinkURL outside the configured origins', async () => {
      const { provider } = setup();
      const room = await createdRoom(provider);
      fake.kit.faults.inject({ kind: 'wrong-origin', method: 'GET' });
      const err = await rejection(
        provider.joinLink({ room, participant: patient, ttlSeconds: 60 }, signal()),
      );
      expect([err.code, err.status]).toEqual(['vendor-bad-response', 502]);
      expect(JSON.stringify({ detail: err.detail, reason: err.options.reason })).not.toContain(
        'direct-rest-call-handler',
      );
    });
  });

  it('opens its circuit after consecutive failures and closes it after a successful probe', async () => {
    const { provider, clock } = setup({
      breakerFailureThreshold: 2,
      breakerCoolDownMs: 20_000,
      getRetries: 0,
    });
    const room = await createdRoom(provider);
    fake.kit.faults.inject({ kind: 'status-503', method: 'GET', times: 2 });
    for (let i = 0; i < 2; i++)
      await rejection(provider.joinLink({ room, participant: patient, ttlSeconds: 60 }, signal()));
    fake.kit.reset();
    const open = await rejection(provider.joinLink({ room, participant: patient, ttlSeconds: 60 }, signal()));
    expect([open.code, open.status, open.options.retryAfter]).toEqual(['vendor-circuit-open', 503, 20]);
    expect(fake.kit.requests).toHaveLength(0);
    clock.advance(20_000);
    await provider.joinLink({ room, participant: patient, ttlSeconds: 60 }, signal());
    await provider.joinLink({ room, participant: patient, ttlSeconds: 60 }, signal());
    expect(fake.kit.requests).toHaveLength(2);
  });

  it('declares its origins and capabilities and refuses bad options', () => {
    const { provider } = setup();
    expect(provider.allowedOrigins).toEqual([KALEYRA_JOIN_ORIGIN]);
    expect(provider.capabilities).toMatchObject({ cancel: true, clinicianLink: true, minLinkTtlSeconds: 0 });
    expect(() => setup({ baseUrl: 'http://teleconsultation.hospital.example' })).toThrow();
    expect(() => setup({ joinOrigins: ['https://acme.bandyer.com/eu/path'] })).toThrow();
  });
});
