import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SlotsResponse } from '../../src/protocol/slots.js';
import { testServer } from '../support/server.js';
import { AUVIOUS_OPTIONS, createAuviousFake } from './auvious/fake.js';
import { createWebcamconsultFake, WCC_OPTIONS } from './webcamconsult/fake.js';

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
        clinicians: [{ id: 'weber', displayName: 'Dr. Anna Weber', subject: 'clinician-weber' }],
        services: [
          {
            id: 'consult',
            title: 'Video consultation',
            durationMinutes: 30,
            access: 'public',
            // The first free start is soon: let the reschedule test change it online.
            changeCutoffMinutes: 0,
            clinicians: ['weber'],
          },
        ],
        schedules: [
          {
            clinician: 'weber',
            weekly: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: '00:00', to: '23:30' }],
          },
        ],
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
    await request('POST', '/v1/holds', { service: 'consult', start: slots.slots[0]!.start })
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
  /** Reschedules the appointment to the `index`th free start: a new hold, then PATCH with the token. */
  const reschedule = async (index: number) => {
    const free = (await (await request('GET', '/v1/slots?service=consult')).json()) as SlotsResponse;
    const next = await (
      await request('POST', '/v1/holds', { service: 'consult', start: free.slots[index]!.start })
    ).json();
    const moved = await request(
      'PATCH',
      `/v1/appointments/${appointment.id}`,
      { holdId: next.holdId, holdSecret: next.holdSecret },
      {
        'idempotency-key': `move-${name}-${index}`,
        authorization: `Bearer ${token}`,
        'booking-session': next.session,
      },
    );
    if (moved.status !== 200) throw new Error(await moved.text());
    return free.slots[index]!.start;
  };
  return { s, status, reschedule };
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
