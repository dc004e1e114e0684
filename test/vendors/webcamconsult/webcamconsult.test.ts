import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  createWebcamconsultProvider,
  type WebcamconsultOptionsInput,
} from '../../../src/server/providers/webcamconsult.js';
import type { Participant, RoomSpec, StoredRoom } from '../../../src/server/providers/types.js';
import { testClock } from '../support/clock.js';
import { FAST_PLUMBING, testDeps } from '../support/fast-plumbing.js';
import { rejection } from '../support/rejection.js';
import { signal, useFake } from '../support/use-fake.js';
import {
  createWebcamconsultFake,
  WCC_BASE,
  WCC_JOIN_ORIGIN,
  WCC_OPTIONS,
  WCC_TOKEN,
  WCC_USERS,
} from './fake.js';

const fake = createWebcamconsultFake();
const server = useFake(fake);
const patient: Participant = { id: 'p-hash-1', role: 'patient', name: 'Ester', email: 'Urias@Example.org' };
const clinician: Participant = {
  id: 'c-hash-1',
  role: 'clinician',
  name: 'Dokter J Akkermans',
  email: 'dr.akkermans@clinic.example',
};
const startsAt = new Date('2030-02-22T15:30:00.000Z');
const spec: RoomSpec = {
  roomId: 'room-1',
  appointment: 'apt-1',
  startsAt,
  durationMinutes: 30,
  participants: [clinician, patient],
};

const setup = (overrides: Partial<WebcamconsultOptionsInput> = {}) => {
  const clock = testClock(Date.parse('2030-02-22T15:00:00.000Z'));
  const provider = createWebcamconsultProvider(
    { ...WCC_OPTIONS, ...FAST_PLUMBING, ...overrides },
    testDeps(clock),
  );
  return { provider, clock };
};

const createdRoom = async (provider = setup().provider, roomSpec = spec): Promise<StoredRoom> => {
  const created = await provider.createRoom(roomSpec, signal());
  return {
    id: roomSpec.roomId,
    provider: 'webcamconsult',
    appointment: roomSpec.appointment,
    vendorRoomId: created.vendorRoomId,
    vendorData: created.vendorData ?? {},
    status: 'open',
    startsAt: roomSpec.startsAt,
    durationMinutes: roomSpec.durationMinutes,
  };
};

const count = (method: string, path: string | RegExp) => fake.kit.sent(method, path).length;

describe('webcamconsult provider', () => {
  it('books: finds no client, creates it, reads its token, creates the appointment; links from the templates', async () => {
    const { provider } = setup();
    const room = await createdRoom(provider);
    expect(fake.kit.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /clients.json',
      'POST /clients.json',
      'GET /clients.json',
      'GET /appointments.json',
      'POST /appointments.json',
    ]);
    // The organisation's token in the header, never in a URL.
    for (const r of fake.kit.requests) {
      expect(r.headers.get('authorization')).toBe(`Token token=${WCC_TOKEN}`);
      expect([...r.query.keys()]).toEqual([]);
    }
    expect(fake.kit.sent('POST', '/clients.json')[0]?.body).toEqual({
      client: { email: 'Urias@Example.org', last_name: 'Ester' },
    });
    const [client] = [...fake.clients.values()];
    expect(fake.kit.sent('POST', '/appointments.json')[0]?.body).toEqual({
      appointment: {
        user_id: WCC_USERS.doctor,
        client_id: client?.id,
        date: '2030-02-22T15:30:00.000Z',
        duration: 30,
        created_by_user_id: WCC_USERS.integration,
      },
    });
    const [appointment] = [...fake.appointments.values()];
    expect(room.vendorRoomId).toBe(appointment?.id);
    expect(room.vendorData).toEqual({
      appointmentId: appointment?.id,
      clientId: client?.id,
      userId: WCC_USERS.doctor,
      clientToken: client?.authentication_token,
    });

    fake.kit.reset();
    const patientLink = await provider.joinLink({ room, participant: patient, ttlSeconds: 60 }, signal());
    expect(patientLink.url).toBe(
      `${WCC_JOIN_ORIGIN}/consult/${appointment?.id}?token=${client?.authentication_token}`,
    );
    expect(patientLink.expiresAt.getTime()).toBe(startsAt.getTime() + 30 * 60_000);
    const clinicianLink = await provider.joinLink({ room, participant: clinician, ttlSeconds: 60 }, signal());
    expect(clinicianLink.url).toBe(
      `${WCC_JOIN_ORIGIN}/users/${WCC_USERS.doctor}/appointments/${appointment?.id}`,
    );
    expect(clinicianLink.url).not.toContain(client?.authentication_token);
    // Links are built, not fetched: the doc has no join endpoint.
    expect(fake.kit.requests).toHaveLength(0);
  });

  it('finds an existing client by e-mail (any case) and creates none', async () => {
    const existing = fake.addClient({ email: 'urias@example.org', last_name: 'de Ester' });
    const room = await createdRoom();
    expect(count('POST', '/clients.json')).toBe(0);
    expect(count('GET', '/clients.json')).toBe(1);
    expect(room.vendorData).toMatchObject({
      clientId: existing.id,
      clientToken: existing.authentication_token,
    });
  });

  it('reads a client list over 1 MB: the doc documents no paging, so a large organisation answers that much', async () => {
    for (let i = 0; i < 6_000; i++)
      fake.addClient({ email: `client-${i}@example.org`, last_name: 'x'.repeat(64) });
    const existing = fake.addClient({ email: 'urias@example.org' });
    const listed = JSON.stringify([...fake.clients.values()]).length;
    expect(listed).toBeGreaterThan(1_000_000);
    const room = await createdRoom();
    expect(room.vendorData).toMatchObject({ clientId: existing.id });
  });

  it('refuses a client listed without a usable token when the template needs one, and creates no appointment', async () => {
    fake.addClient({ email: 'urias@example.org', authentication_token: '' });
    const { provider } = setup();
    const err = await rejection(provider.createRoom(spec, signal()));
    expect([err.code, err.status]).toEqual(['vendor-bad-response', 502]);
    expect(count('POST', '/appointments.json')).toBe(0);
    // A template without {clientToken} needs none.
    const { provider: noToken } = setup({ joinUrlTemplate: `${WCC_JOIN_ORIGIN}/consult/{appointmentId}` });
    await noToken.createRoom(spec, signal());
    expect(fake.appointments.size).toBe(1);
  });

  it('looks the client up again when a parallel booking created it first (422 on email)', async () => {
    server.use(http.get(`${WCC_BASE}/clients.json`, () => HttpResponse.json([]), { once: true }));
    const existing = fake.addClient({ email: 'urias@example.org' });
    const room = await createdRoom();
    expect(count('POST', '/clients.json')).toBe(1);
    expect(room.vendorData).toMatchObject({ clientId: existing.id });
    expect(fake.clients.size).toBe(1);
  });

  it('refuses a patient without an e-mail with a field-level bad-request, before calling the vendor', async () => {
    const { provider } = setup();
    const noEmail = { ...spec, participants: [clinician, { ...patient, email: undefined }] };
    const err = await rejection(provider.createRoom(noEmail, signal()));
    expect([err.code, err.status]).toEqual(['bad-request', 400]);
    expect(err.options.errors).toEqual([
      { path: 'participants.email', message: 'required by webcamconsult' },
    ]);
    const two = { ...spec, participants: [clinician, patient, { ...patient, id: 'p-2' }] };
    expect((await rejection(provider.createRoom(two, signal()))).code).toBe('bad-request');
    expect(fake.kit.requests).toHaveLength(0);
  });

  it('maps the clinician by e-mail, else to defaultUserId, else refuses', async () => {
    const { provider } = setup();
    const unmapped = { ...clinician, email: 'locum@clinic.example' };
    const room = await createdRoom(provider, { ...spec, participants: [unmapped, patient] });
    expect(room.vendorData).toMatchObject({ userId: WCC_USERS.nurse });
    const { provider: strict } = setup({ defaultUserId: undefined });
    const err = await rejection(
      strict.createRoom({ ...spec, roomId: 'room-2', participants: [patient] }, signal()),
    );
    expect([err.code, err.options.errors?.[0]?.path]).toEqual(['bad-request', 'participants']);
  });

  it('reschedules with PUT /appointment/{id}.json, keeping the appointment', async () => {
    const { provider } = setup();
    const room = await createdRoom(provider);
    const moved = await provider.moveRoom!(
      room,
      { startsAt: new Date('2030-02-23T09:00:00.000Z'), durationMinutes: 45 },
      signal(),
    );
    expect(moved).toEqual({ vendorRoomId: room.vendorRoomId, vendorData: room.vendorData });
    const [put] = fake.kit.sent('PUT', `/appointment/${room.vendorRoomId}.json`);
    expect(put?.body).toEqual({
      appointment: {
        user_id: WCC_USERS.doctor,
        client_id: room.vendorData.clientId,
        date: '2030-02-23T09:00:00.000Z',
        duration: 45,
        created_by_user_id: WCC_USERS.integration,
      },
    });
    expect(fake.appointments.get(room.vendorRoomId)).toMatchObject({
      date: Date.parse('2030-02-23T09:00:00.000Z'),
      duration: 45,
    });
    expect(fake.createdCount()).toBe(1);
  });

  it("hands the appointment to another clinician's user with PUT /appointment/{id}.json, keeping it and its time", async () => {
    const { provider } = setup();
    const locum = { ...clinician, id: 'c-hash-2', email: 'locum@clinic.example' };
    const room = await createdRoom(provider);
    expect(room.vendorData).toMatchObject({ userId: WCC_USERS.doctor });
    // Not configured by e-mail: the default user.
    const handed = await provider.reassignRoom!(room, locum, signal());
    expect(handed).toEqual({
      vendorRoomId: room.vendorRoomId,
      vendorData: { ...room.vendorData, userId: WCC_USERS.nurse },
    });
    const [put] = fake.kit.sent('PUT', `/appointment/${room.vendorRoomId}.json`);
    expect(put?.body).toEqual({
      appointment: {
        user_id: WCC_USERS.nurse,
        client_id: room.vendorData.clientId,
        date: startsAt.toISOString(),
        duration: 30,
        created_by_user_id: WCC_USERS.integration,
      },
    });
    expect(fake.appointments.get(room.vendorRoomId)).toMatchObject({
      user_id: WCC_USERS.nurse,
      date: startsAt.getTime(),
    });
    // The clinician's link now opens the new user's view of the same appointment.
    const stored = { ...room, vendorData: handed.vendorData ?? {} };
    const link = await provider.joinLink({ room: stored, participant: locum, ttlSeconds: 600 }, signal());
    expect(link.url).toBe(`${WCC_JOIN_ORIGIN}/users/${WCC_USERS.nurse}/appointments/${room.vendorRoomId}`);
    // Again, as a retried job would: the same fields, still one appointment.
    await provider.reassignRoom!(room, locum, signal());
    expect(count('PUT', `/appointment/${room.vendorRoomId}.json`)).toBe(2);
    expect([fake.createdCount(), count('DELETE', /./)]).toEqual([1, 0]);
  });

  it('refuses a clinician without a user before calling the vendor when there is no default user', async () => {
    const { provider } = setup({ defaultUserId: undefined });
    const room = await createdRoom(provider);
    fake.kit.reset();
    const locum = { ...clinician, id: 'c-hash-2', email: 'locum@clinic.example' };
    const err = await rejection(provider.reassignRoom!(room, locum, signal()));
    expect([err.code, err.options.errors?.[0]?.path]).toEqual(['bad-request', 'participants']);
    expect(fake.kit.requests).toHaveLength(0);
  });

  it('cancels with DELETE /appointment/{id}.json (the id in the body too); a second cancel is room-not-found', async () => {
    const { provider } = setup();
    const room = await createdRoom(provider);
    await provider.cancelRoom(room, signal());
    const [del] = fake.kit.sent('DELETE', `/appointment/${room.vendorRoomId}.json`);
    expect(del?.body).toEqual({ appointment: { id: room.vendorRoomId } });
    expect(fake.appointments.size).toBe(0);
    const again = await rejection(provider.cancelRoom(room, signal()));
    expect([again.code, again.status]).toEqual(['room-not-found', 404]);
    const move = await rejection(provider.moveRoom!(room, { startsAt, durationMinutes: 30 }, signal()));
    expect(move.code).toBe('room-not-found');
  });

  it('maps 422 errors to field-level problem details naming fields only, never values or vendor text', async () => {
    const { provider } = setup({ users: { 'dr.akkermans@clinic.example': 'ffffffffffffffffffffffff' } });
    const err = await rejection(provider.createRoom(spec, signal()));
    expect([err.code, err.status]).toEqual(['vendor-rejected', 502]);
    expect(err.options.errors).toEqual([
      { path: 'appointment.user_id', message: 'webcamconsult refused this field' },
    ]);
    const shown = JSON.stringify({
      detail: err.detail,
      errors: err.options.errors,
      reason: err.options.reason,
    });
    expect(shown).not.toMatch(/bestaat|ffffffff|urias/i);
  });

  it('reads the live state: idle is open, started is live until the scheduled end, deleted is ended', async () => {
    const { provider, clock } = setup();
    const room = await createdRoom(provider);
    expect(await provider.roomState(room, signal())).toEqual({ phase: 'open' });
    fake.start(room.vendorRoomId, clock.now());
    expect(await provider.roomState(room, signal())).toEqual({ phase: 'live' });
    clock.advance(60 * 60_000);
    expect(await provider.roomState(room, signal())).toEqual({ phase: 'ended' });
    await provider.cancelRoom(room, signal());
    expect(await provider.roomState(room, signal())).toEqual({ phase: 'ended' });
  });

  describe('a create that times out', () => {
    it('adopts the one appointment our integration user made: exactly one vendor appointment', async () => {
      const { provider } = setup();
      // A look-alike made by hand in webcamconsult (same client, user and time) is never adopted.
      const client = fake.addClient({ email: 'urias@example.org', last_name: 'Ester' });
      fake.appointments.set('c0ffee00c0ffee00c0ffee00', {
        id: 'c0ffee00c0ffee00c0ffee00',
        user_id: WCC_USERS.doctor,
        client_id: client.id,
        created_by_user_id: WCC_USERS.doctor,
        date: startsAt.getTime(),
        duration: 30,
        division_id: null,
        state: 'idle',
        started_at: null,
      });
      fake.kit.faults.inject({ kind: 'hang-after-effect', method: 'POST', path: '/appointments.json' });
      const room = await createdRoom(provider);
      expect(fake.createdCount()).toBe(1);
      expect(count('POST', '/appointments.json')).toBe(1);
      expect(room.vendorRoomId).not.toBe('c0ffee00c0ffee00c0ffee00');
      expect(fake.appointments.get(room.vendorRoomId)?.created_by_user_id).toBe(WCC_USERS.integration);
    });

    it('creates once more when the vendor made nothing', async () => {
      const { provider } = setup();
      fake.kit.faults.inject({ kind: 'hang', method: 'POST', path: '/appointments.json' });
      await createdRoom(provider);
      expect(count('POST', '/appointments.json')).toBe(2);
      expect(fake.appointments.size).toBe(1);
    });

    it('a retry after the lookup failed too finds what the first attempt made (a booking job retrying)', async () => {
      const { provider } = setup({ getRetries: 0 });
      fake.kit.faults.inject({ kind: 'hang-after-effect', method: 'POST', path: '/appointments.json' });
      // The lookup before the create answers; the one after the timeout fails.
      let lookups = 0;
      server.use(
        http.get(`${WCC_BASE}/appointments.json`, () => {
          lookups += 1;
          return lookups === 2 ? HttpResponse.json({}, { status: 503 }) : undefined;
        }),
      );
      expect((await rejection(provider.createRoom(spec, signal()))).code).toBe('vendor-unavailable');
      const room = await createdRoom(provider);
      expect(fake.createdCount()).toBe(1);
      expect(count('POST', '/appointments.json')).toBe(1);
      expect(fake.appointments.has(room.vendorRoomId)).toBe(true);
    });

    it('refuses to guess between two appointments that would match', async () => {
      const { provider } = setup();
      const first = await createdRoom(provider);
      const twin = { ...fake.appointments.get(first.vendorRoomId)!, id: 'c0ffee00c0ffee00c0ffee01' };
      fake.appointments.set(twin.id, twin);
      fake.kit.reset();
      const err = await rejection(provider.createRoom(spec, signal()));
      expect(err.code).toBe('vendor-rejected');
      expect(count('POST', '/appointments.json')).toBe(0);
    });

    it('without integrationUserId adopts nothing and creates nothing more', async () => {
      const { provider } = setup({ integrationUserId: undefined });
      fake.kit.faults.inject({ kind: 'hang-after-effect', method: 'POST', path: '/appointments.json' });
      expect((await rejection(provider.createRoom(spec, signal()))).code).toBe('vendor-timeout');
      expect(count('GET', '/appointments.json')).toBe(0);
      expect(fake.createdCount()).toBe(1);
    });
  });

  describe('vendor failures', () => {
    it('maps 500 to vendor-unavailable and never retries a POST', async () => {
      const { provider } = setup();
      fake.kit.faults.inject({ kind: 'status-500', method: 'POST', path: '/appointments.json' });
      expect((await rejection(provider.createRoom(spec, signal()))).code).toBe('vendor-unavailable');
      expect(count('POST', '/appointments.json')).toBe(1);
    });

    it('maps 429 to vendor-unavailable with Retry-After and does not retry it', async () => {
      const { provider } = setup();
      const room = await createdRoom(provider);
      fake.kit.reset();
      fake.kit.faults.inject({ kind: 'status-429', method: 'GET', retryAfter: '30' });
      const err = await rejection(provider.roomState(room, signal()));
      expect([err.code, err.options.retryAfter]).toEqual(['vendor-unavailable', 30]);
      expect(fake.kit.requests).toHaveLength(1);
    });

    it('retries a hung or failing GET at most twice', async () => {
      const { provider } = setup();
      const room = await createdRoom(provider);
      fake.kit.reset();
      fake.kit.faults.inject({ kind: 'hang', method: 'GET', times: 3 });
      expect((await rejection(provider.roomState(room, signal()))).code).toBe('vendor-timeout');
      expect(fake.kit.requests).toHaveLength(3);
      fake.kit.reset();
      fake.kit.faults.inject({ kind: 'status-503', method: 'GET', times: 2 });
      expect(await provider.roomState(room, signal())).toEqual({ phase: 'open' });
      expect(fake.kit.requests).toHaveLength(3);
    });

    it('never retries a PUT or DELETE', async () => {
      const { provider } = setup();
      const room = await createdRoom(provider);
      fake.kit.faults.inject({ kind: 'status-503', method: 'PUT' });
      fake.kit.faults.inject({ kind: 'network-error', method: 'DELETE' });
      await rejection(provider.moveRoom!(room, { startsAt, durationMinutes: 20 }, signal()));
      await rejection(provider.cancelRoom(room, signal()));
      expect([count('PUT', /^\/appointment\//), count('DELETE', /^\/appointment\//)]).toEqual([1, 1]);
    });

    it('maps malformed JSON and a redirect to vendor-bad-response', async () => {
      const { provider } = setup();
      fake.kit.faults.inject({ kind: 'malformed-json', method: 'GET', path: '/clients.json' });
      expect((await rejection(provider.createRoom(spec, signal()))).code).toBe('vendor-bad-response');
      fake.kit.faults.inject({ kind: 'redirect', method: 'GET', path: '/clients.json', times: 3 });
      expect((await rejection(provider.createRoom(spec, signal()))).code).toBe('vendor-bad-response');
    });

    it('maps a refused token to vendor-rejected once: there is no login to repeat', async () => {
      const { provider } = setup({ apiToken: 'eb4710debb09db38826f79010b41b5aa' });
      const err = await rejection(provider.createRoom(spec, signal()));
      expect([err.code, err.detail]).toEqual(['vendor-rejected', 'webcamconsult refused our API token']);
      expect(fake.kit.requests).toHaveLength(1);
    });

    it('opens its circuit after consecutive failures and closes it after a successful probe', async () => {
      const { provider, clock } = setup({
        breakerFailureThreshold: 2,
        breakerCoolDownMs: 20_000,
        getRetries: 0,
      });
      const room = await createdRoom(provider);
      fake.kit.faults.inject({ kind: 'status-503', method: 'GET', times: 2 });
      for (let i = 0; i < 2; i++) await rejection(provider.roomState(room, signal()));
      fake.kit.reset();
      const open = await rejection(provider.roomState(room, signal()));
      expect([open.code, open.status, open.options.retryAfter]).toEqual(['vendor-circuit-open', 503, 20]);
      expect(fake.kit.requests).toHaveLength(0);
      clock.advance(20_000);
      await provider.roomState(room, signal());
      await provider.roomState(room, signal());
      expect(fake.kit.requests).toHaveLength(2);
    });
  });

  describe('options', () => {
    it('declares the templates’ origin and its capabilities', () => {
      const { provider } = setup();
      expect(provider.allowedOrigins).toEqual([WCC_JOIN_ORIGIN]);
      expect(provider.capabilities).toMatchObject({
        cancel: true,
        clinicianLink: true,
        roomNeedsParticipants: true,
        minLinkTtlSeconds: 0,
      });
      expect(provider.endRoom).toBeUndefined();
      expect(setup({ clinicianJoinUrlTemplate: undefined }).provider.capabilities.clinicianLink).toBe(false);
    });

    it('without a clinician template refuses a clinician join with not-supported', async () => {
      const { provider } = setup({ clinicianJoinUrlTemplate: undefined });
      const room = await createdRoom(provider);
      const err = await rejection(
        provider.joinLink({ room, participant: clinician, ttlSeconds: 60 }, signal()),
      );
      expect([err.code, err.status]).toEqual(['not-supported', 409]);
    });

    it.each([
      ['http', 'http://consult.webcamconsult.test/consult/{appointmentId}'],
      ['an unknown placeholder', 'https://consult.webcamconsult.test/consult/{appointmentId}?e={email}'],
      ['a placeholder in the host', 'https://{clientId}.webcamconsult.test/consult/{appointmentId}'],
      ['no appointment', 'https://consult.webcamconsult.test/consult?token={clientToken}'],
      ['a stray brace', 'https://consult.webcamconsult.test/consult/{appointmentId}}'],
      ['credentials', 'https://user:pw@consult.webcamconsult.test/consult/{appointmentId}'],
      ['no URL', '{appointmentId}'],
    ])('refuses a join template with %s', (_, joinUrlTemplate) => {
      expect(() => setup({ joinUrlTemplate })).toThrow();
    });

    it('refuses the client token in a clinician template, a missing user mapping, and a bad token without quoting it', () => {
      expect(() =>
        setup({ clinicianJoinUrlTemplate: `${WCC_JOIN_ORIGIN}/c/{appointmentId}?t={clientToken}` }),
      ).toThrow(/known placeholders only/);
      expect(() => setup({ users: {}, defaultUserId: undefined })).toThrow(/users .* or defaultUserId/);
      const bad = 'secret token, "quoted"';
      expect(() => setup({ apiToken: bad })).toThrow(/apiToken/);
      try {
        setup({ apiToken: bad });
      } catch (err) {
        expect(String((err as Error).message)).not.toContain('quoted');
      }
      expect(() => setup({ baseUrl: 'http://eapi.webcamconsult.com' })).toThrow();
    });
  });
});
