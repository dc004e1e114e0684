import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SlotsResponse } from '../../src/protocol/slots.js';
import { testServer } from '../support/server.js';
import { signTicket } from '../support/tickets.js';
import { AGENT_ID, AUVIOUS_OPTIONS, createAuviousFake, OTHER_AGENT_ID } from './auvious/fake.js';
import { createWebcamconsultFake, WCC_OPTIONS, WCC_USERS } from './webcamconsult/fake.js';

// Issue 11: a booking through each appointment-centred vendor makes exactly one vendor appointment, also
// when the vendor's create times out once (the booking's durable job retries; the adapter looks for what
// the first attempt made before it creates again). The whole booking path: slots, hold, book, job.
const fakes = { auvious: createAuviousFake(), webcamconsult: createWebcamconsultFake() };
const msw = setupServer(...fakes.auvious.handlers, ...fakes.webcamconsult.handlers);
beforeAll(() => msw.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  fakes.auvious.reset();
  fakes.webcamconsult.reset();
});
afterAll(() => msw.close());

const PORTAL = 'https://portal.example.org';
const VENDORS = [
  {
    name: 'auvious',
    options: AUVIOUS_OPTIONS,
    createPath: '/api/appointments/',
    movePath: /^\/api\/appointments\/reschedule\/$/,
  },
  {
    name: 'webcamconsult',
    options: WCC_OPTIONS,
    createPath: '/appointments.json',
    movePath: /^\/appointment\/[^/]+\.json$/,
  },
] as const;

async function bookingThrough(name: (typeof VENDORS)[number]['name'], options: object) {
  const s = await testServer(
    {
      provider: name,
      providers: { [name]: { ...options, timeoutMs: 200 } },
      booking: {
        timezone: 'Europe/Berlin',
        clinicians: [
          { id: 'weber', displayName: 'Dr. Anna Weber', subject: 'clinician-weber' },
          // Auvious knows her by e-mail (`agents`); Dr. Weber is the default agent.
          {
            id: 'berg',
            displayName: 'Dr. Lea Berg',
            subject: 'clinician-berg',
            email: 'berg@klinik.example',
          },
        ],
        services: [
          {
            id: 'consult',
            title: 'Video consultation',
            durationMinutes: 30,
            access: 'public',
            // The first free start is soon: let the reschedule test change it online.
            changeCutoffMinutes: 0,
            clinicians: ['weber', 'berg'],
          },
        ],
        schedules: ['weber', 'berg'].map((clinician) => ({
          clinician,
          weekly: [
            { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const, from: '00:00', to: '23:30' },
          ],
        })),
      },
    },
    // Jobs run when the test says, and a failed attempt is due again at once.
    { jobs: { start: false, backoff: { baseMs: 0, maxMs: 0 } } },
  );
  const request = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    s.app.request(path, {
      method,
      headers: { 'content-type': 'application/json', origin: PORTAL, ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const slots = (await (await request('GET', '/v1/slots?service=consult')).json()) as SlotsResponse;
  const held = await (
    await request('POST', '/v1/holds', {
      service: 'consult',
      start: slots.slots[0]!.start,
      clinician: 'weber',
    })
  ).json();
  const booked = await request(
    'POST',
    '/v1/appointments',
    {
      holdId: held.holdId,
      holdSecret: held.holdSecret,
      patient: { name: 'Erika Mustermann', email: 'erika.mustermann@example.org' },
    },
    { 'idempotency-key': `booking-${name}-1`, 'booking-session': held.session },
  );
  expect(booked.status).toBe(201);
  const { appointment, token } = await booked.json();
  const status = async () =>
    (
      await (
        await request('GET', `/v1/appointments/${appointment.id}`, undefined, {
          authorization: `Bearer ${token}`,
        })
      ).json()
    ).status;
  /**
   * Reschedules the appointment to the `index`th free start of `clinician` (0: the first, which may be
   * its own start for another clinician): a new hold, then PATCH with the token.
   */
  const reschedule = async (index: number, clinician = 'weber') => {
    const free = (await (
      await request('GET', `/v1/slots?service=consult&clinician=${clinician}`)
    ).json()) as SlotsResponse;
    const next = await (
      await request('POST', '/v1/holds', { service: 'consult', start: free.slots[index]!.start, clinician })
    ).json();
    const moved = await request(
      'PATCH',
      `/v1/appointments/${appointment.id}`,
      { holdId: next.holdId, holdSecret: next.holdSecret },
      {
        'idempotency-key': `move-${name}-${index}-${clinician}`,
        authorization: `Bearer ${token}`,
        'booking-session': next.session,
      },
    );
    if (moved.status !== 200) throw new Error(await moved.text());
    return free.slots[index]!.start;
  };
  const view = async () =>
    (await (
      await request('GET', `/v1/appointments/${appointment.id}`, undefined, {
        authorization: `Bearer ${token}`,
      })
    ).json()) as { start: string; clinician: string };
  /** `POST /v1/visits/:appointment/end` with a clinician's ticket (`sub`), or the capability token. */
  const end = async (sub?: string) => {
    const bearer =
      sub === undefined ? token : await signTicket(s.keys.privateKey, { role: 'clinician', sub });
    return request('POST', `/v1/visits/${appointment.id}/end`, undefined, {
      authorization: `Bearer ${bearer}`,
    });
  };
  return { s, status, reschedule, view, end, appointment };
}

describe.each(VENDORS)('booking through $name', ({ name, options, createPath, movePath }) => {
  it('creates exactly one vendor appointment, and the appointment is booked', async () => {
    const { s, status } = await bookingThrough(name, options);
    expect(await status()).toBe('pending');
    await s.app.jobs.runDue();
    expect(await status()).toBe('booked');
    expect(fakes[name].appointments.size).toBe(1);
    await s.app.jobs.runDue();
    expect(fakes[name].appointments.size).toBe(1);
    await s.app.close();
  });

  it('creates exactly one when the create times out once', async () => {
    const { s, status } = await bookingThrough(name, options);
    // The vendor makes the appointment but its answer never comes: the adapter finds what it made (our
    // mark) instead of creating again, and the job completes; a second run changes nothing.
    fakes[name].kit.faults.inject({ kind: 'hang-after-effect', method: 'POST', path: createPath });
    await s.app.jobs.runDue();
    await s.app.jobs.runDue();
    expect(await status()).toBe('booked');
    expect(fakes[name].kit.sent('POST', createPath)).toHaveLength(1);
    expect(fakes[name].appointments.size).toBe(1);
    await s.app.close();
  });

  it('moves the one vendor appointment on a reschedule (same clinician): no cancel, no second create', async () => {
    const { s, status, reschedule } = await bookingThrough(name, options);
    await s.app.jobs.runDue();
    const [vendorId] = [...fakes[name].appointments.keys()];
    await reschedule(3);
    expect(await status()).toBe('pending');
    await s.app.jobs.runDue();
    expect(await status()).toBe('booked');
    expect(fakes[name].kit.sent('PUT', movePath)).toHaveLength(1);
    expect(fakes[name].kit.sent('DELETE', /./)).toHaveLength(0);
    expect(fakes[name].kit.sent('POST', createPath)).toHaveLength(1);
    expect([...fakes[name].appointments.keys()]).toEqual([vendorId]);
    await s.app.close();
  });
});

// Issue 11: a change of clinician. Auvious hands its appointment to the new clinician's agent (reassign,
// then a reschedule if the time changes too): one reassign, no cancel, no second create, also when the
// reassign's answer is lost once. webcamconsult edits the appointment's user (and time) with one PUT each.
describe('a reschedule to another clinician', () => {
  const auvious = { ...AUVIOUS_OPTIONS, agents: { 'berg@klinik.example': OTHER_AGENT_ID } };
  const REASSIGN = '/api/appointments/reassign/';
  const RESCHEDULE = '/api/appointments/reschedule/';
  const agentsOf = (id: string) =>
    fakes.auvious.appointments
      .get(id)
      ?.participants.filter((p) => p.type === 'AGENT')
      .map((p) => p.id);

  it('auvious: the same time with another clinician is one reassign, nothing else', async () => {
    const { s, status, reschedule, view } = await bookingThrough('auvious', auvious);
    await s.app.jobs.runDue();
    const [vendorId] = [...fakes.auvious.appointments.keys()];
    expect(agentsOf(vendorId!)).toEqual([AGENT_ID]);
    const before = await view();
    const start = await reschedule(0, 'berg');
    expect(start).toBe(before.start);
    await s.app.jobs.runDue();
    expect(await status()).toBe('booked');
    expect((await view()).clinician).toBe('berg');
    expect(fakes.auvious.kit.sent('PUT', REASSIGN).map((r) => r.body)).toEqual([
      { id: vendorId, userId: OTHER_AGENT_ID },
    ]);
    expect(fakes.auvious.kit.sent('PUT', RESCHEDULE)).toHaveLength(0);
    expect(fakes.auvious.kit.sent('DELETE', /./)).toHaveLength(0);
    expect(fakes.auvious.kit.sent('POST', '/api/appointments/')).toHaveLength(1);
    expect([...fakes.auvious.appointments.keys()]).toEqual([vendorId]);
    expect(agentsOf(vendorId!)).toEqual([OTHER_AGENT_ID]);
    await s.app.close();
  });

  it('auvious: another clinician at another time, the reassign timing out once: one reassign, one reschedule', async () => {
    const { s, status, reschedule } = await bookingThrough('auvious', auvious);
    await s.app.jobs.runDue();
    const [vendorId] = [...fakes.auvious.appointments.keys()];
    const start = await reschedule(4, 'berg');
    // Auvious hands the appointment over, but its answer never comes: the job's retry reads the
    // appointment, finds the new agent, and only reschedules.
    fakes.auvious.kit.reset();
    fakes.auvious.kit.faults.inject({ kind: 'hang-after-effect', method: 'PUT', path: REASSIGN });
    await s.app.jobs.runDue();
    expect(await status()).toBe('booked');
    await s.app.jobs.runDue();
    // The first attempt reads, reassigns (lost); the retry reads, finds it done, reads again to move.
    const own = `/api/appointments/${vendorId}`;
    expect(
      fakes.auvious.kit.requests
        .filter((r) => r.path === own || r.path === REASSIGN || r.path === RESCHEDULE)
        .map((r) => `${r.method} ${r.path === own ? 'appointment' : r.path}`),
    ).toEqual([
      'GET appointment',
      `PUT ${REASSIGN}`,
      'GET appointment',
      'GET appointment',
      `PUT ${RESCHEDULE}`,
    ]);
    expect(fakes.auvious.kit.sent('PUT', REASSIGN)).toHaveLength(1);
    expect(fakes.auvious.kit.sent('PUT', RESCHEDULE)).toHaveLength(1);
    expect(fakes.auvious.kit.sent('DELETE', /./)).toHaveLength(0);
    expect(fakes.auvious.kit.sent('POST', '/api/appointments/')).toHaveLength(0);
    expect([...fakes.auvious.appointments.keys()]).toEqual([vendorId]);
    expect(agentsOf(vendorId!)).toEqual([OTHER_AGENT_ID]);
    expect(fakes.auvious.appointments.get(vendorId!)?.start).toBe(Date.parse(start));
    await s.app.close();
  });

  it('auvious: a clinician without an agent fails the booking for good at once, not on every retry', async () => {
    const { defaultAgentUserId: _none, ...noDefault } = auvious;
    const { s, status } = await bookingThrough('auvious', noDefault);
    await s.app.jobs.runDue();
    expect(await status()).toBe('vendor-failed');
    const [job] = await s.store.jobs.list({ kind: 'vendor.create' });
    expect([job?.status, job?.attempts, job?.lastError]).toEqual(['failed', 1, 'bad-request']);
    expect(fakes.auvious.appointments.size).toBe(0);
    await s.app.close();
  });

  // Dr. Berg is a webcamconsult user of her own; Dr. Weber (no e-mail) is the default user.
  const wcc = { ...WCC_OPTIONS, users: { 'berg@klinik.example': WCC_USERS.doctor } };
  const MOVE = /^\/appointment\/[^/]+\.json$/;

  it('webcamconsult: the same time with another clinician is one PUT with her user, nothing else', async () => {
    const { s, status, reschedule, view } = await bookingThrough('webcamconsult', wcc);
    await s.app.jobs.runDue();
    const [vendorId] = [...fakes.webcamconsult.appointments.keys()];
    expect(fakes.webcamconsult.appointments.get(vendorId!)?.user_id).toBe(WCC_USERS.nurse);
    const before = await view();
    expect(await reschedule(0, 'berg')).toBe(before.start);
    await s.app.jobs.runDue();
    expect(await status()).toBe('booked');
    expect((await view()).clinician).toBe('berg');
    expect(
      fakes.webcamconsult.kit.sent('PUT', MOVE).map((r) => (r.body as { appointment: object }).appointment),
    ).toEqual([expect.objectContaining({ user_id: WCC_USERS.doctor, date: before.start })]);
    expect(fakes.webcamconsult.kit.sent('DELETE', /./)).toHaveLength(0);
    expect(fakes.webcamconsult.kit.sent('POST', '/appointments.json')).toHaveLength(1);
    expect([...fakes.webcamconsult.appointments.keys()]).toEqual([vendorId]);
    expect(fakes.webcamconsult.appointments.get(vendorId!)?.user_id).toBe(WCC_USERS.doctor);
    await s.app.close();
  });

  it('webcamconsult: another clinician at another time, the first answer lost: the same appointment, hers, moved', async () => {
    const { s, status, reschedule } = await bookingThrough('webcamconsult', wcc);
    await s.app.jobs.runDue();
    const [vendorId] = [...fakes.webcamconsult.appointments.keys()];
    const start = await reschedule(4, 'berg');
    // webcamconsult applies the hand-over, but its answer never comes: the job's retry sets the same fields
    // again, then moves.
    fakes.webcamconsult.kit.reset();
    fakes.webcamconsult.kit.faults.inject({ kind: 'hang-after-effect', method: 'PUT', path: MOVE });
    await s.app.jobs.runDue();
    await s.app.jobs.runDue();
    expect(await status()).toBe('booked');
    const puts = fakes.webcamconsult.kit
      .sent('PUT', MOVE)
      .map((r) => (r.body as { appointment: { user_id: string; date: string } }).appointment);
    expect(puts.map((a) => a.user_id)).toEqual([WCC_USERS.doctor, WCC_USERS.doctor, WCC_USERS.doctor]);
    expect(puts.at(-1)?.date).toBe(start);
    expect(fakes.webcamconsult.kit.sent('DELETE', /./)).toHaveLength(0);
    expect(fakes.webcamconsult.kit.sent('POST', '/appointments.json')).toHaveLength(0);
    expect([...fakes.webcamconsult.appointments.keys()]).toEqual([vendorId]);
    expect(fakes.webcamconsult.appointments.get(vendorId!)).toMatchObject({
      user_id: WCC_USERS.doctor,
      date: Date.parse(start),
    });
    await s.app.close();
  });
});

// Issue 11: the clinician ends a booked visit. Auvious is told (`PUT /{id}/end`, once, also when the first
// answer is lost); webcamconsult has no end call: the server marks the room ended (the elements close
// their frames on the live state), and nothing is sent to the vendor.
describe('the clinician ends a booked visit', () => {
  it('auvious: only its clinician, one PUT end (also after a lost answer), the room ended', async () => {
    const { s, end, appointment } = await bookingThrough('auvious', AUVIOUS_OPTIONS);
    await s.app.jobs.runDue();
    const [vendorId] = [...fakes.auvious.appointments.keys()];
    const END = `/api/appointments/${vendorId}/end`;
    const problem = async (res: Response) => [res.status, ((await res.json()) as { code: string }).code];
    expect(await problem(await end())).toEqual([403, 'forbidden-role']);
    expect(await problem(await end('clinician-berg'))).toEqual([403, 'forbidden-scope']);
    expect(fakes.auvious.kit.sent('PUT', END)).toHaveLength(0);

    fakes.auvious.kit.faults.inject({ kind: 'hang-after-effect', method: 'PUT', path: END });
    expect(await problem(await end('clinician-weber'))).toEqual([504, 'vendor-timeout']);
    const ended = await end('clinician-weber');
    expect([ended.status, ((await ended.json()) as { status: string }).status]).toEqual([200, 'ended']);
    expect((await end('clinician-weber')).status).toBe(200);
    expect(fakes.auvious.kit.sent('PUT', END)).toHaveLength(1);
    expect(fakes.auvious.appointments.get(vendorId!)?.state).toBe('ENDED');
    const room = await s.store.findRoomByAppointment('auvious', appointment.id);
    expect(room?.status).toBe('ended');
    await s.app.close();
  });

  it('webcamconsult: the room is ended here, the vendor is not called', async () => {
    const { s, end, appointment } = await bookingThrough('webcamconsult', WCC_OPTIONS);
    await s.app.jobs.runDue();
    const before = fakes.webcamconsult.kit.requests.length;
    expect((await end('clinician-weber')).status).toBe(200);
    expect(fakes.webcamconsult.kit.requests).toHaveLength(before);
    expect((await s.store.findRoomByAppointment('webcamconsult', appointment.id))?.status).toBe('ended');
    await s.app.close();
  });
});
