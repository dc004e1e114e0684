import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { bookingServer, MINUTE, PATIENT, T0 } from './support/booking.js';
import { ENGINES } from './support/engines.js';

type Server = Awaited<ReturnType<typeof bookingServer>>;
let server: Server | undefined;
afterEach(async () => server?.close());

const at = (ms: number) => new Date(ms).toISOString();
const HOUR = 60 * MINUTE;
const problem = async (res: Response) => [res.status, ((await res.json()) as { code: string }).code];

describe.each(ENGINES)('POST /v1/appointments (%s)', (engine) => {
  it('books a hold: 201 with the appointment (pending) and a capability token; jobs enqueued in the same transaction', async () => {
    server = await bookingServer({}, {}, engine);
    const s = server;
    const booked = await s.holdAndBook('derm-20', T0 + 6 * HOUR);
    expect(booked.appointment).toMatchObject({
      service: 'derm-20',
      clinician: 'dr-a',
      provider: 'sandbox',
      start: at(T0 + 6 * HOUR),
      end: at(T0 + 6 * HOUR + 20 * MINUTE),
      status: 'pending',
      sequence: 0,
      changeableUntil: at(T0 + 2 * HOUR),
    });
    expect(booked.token).toMatch(/^vca_[A-Za-z0-9_-]{43}$/);
    const jobs = await s.rows<{ kind: string; dedupe_key: string; payload: string }>(
      'SELECT kind, dedupe_key, payload FROM jobs ORDER BY kind',
    );
    expect(jobs.map((j) => [j.kind, j.dedupe_key])).toEqual([
      ['vendor.create', `vendor.create:${booked.appointment.id}`],
      ['webhook', `webhook:appointment.booked:${booked.appointment.id}:0`],
    ]);
    expect(JSON.parse(jobs[1]!.payload)).toMatchObject({
      type: 'appointment.booked',
      appointment: booked.appointment.id,
    });
    // the hold is consumed, the token stored as a hash only
    expect(await s.rows('SELECT * FROM booking_holds')).toEqual([]);
    expect(JSON.stringify(await s.rows('SELECT * FROM appointments'))).not.toContain(booked.token);
  });

  it('needs an Idempotency-Key; same key + same body replays, + another body is 422, while running 409', async () => {
    server = await bookingServer({}, {}, engine);
    const s = server;
    const h = await (await s.hold({ service: 'derm-20', start: at(T0 + 6 * HOUR) })).json();
    const body = { holdId: h.holdId, holdSecret: h.holdSecret, patient: PATIENT };
    const session = { 'booking-session': h.session };
    const missing = await s.json('POST', '/v1/appointments', body, session);
    expect(await problem(missing)).toEqual([400, 'idempotency-key-missing']);

    const key = randomUUID();
    const first = await s.book(body, key, session);
    expect(first.status).toBe(201);
    const firstBody = await first.json();
    const replay = await s.book(body, key, session);
    expect([replay.status, await replay.json()]).toEqual([201, firstBody]);
    const other = await s.book({ ...body, patient: { ...PATIENT, name: 'Max Mustermann' } }, key, session);
    expect(await problem(other)).toEqual([422, 'idempotency-key-reused']);

    const key2 = randomUUID();
    const held = await (await s.hold({ service: 'derm-20', start: at(T0 + 7 * HOUR) }, session)).json();
    const body2 = { holdId: held.holdId, holdSecret: held.holdSecret, patient: PATIENT };
    // While the first request with key2 runs (it has claimed the key and waits in its work until the second is
    // answered), the second is told so: on any machine, not only when the two happen to overlap.
    const bookings = s.store.bookings;
    const findHold = bookings.findHold.bind(bookings);
    let working!: () => void;
    let release!: () => void;
    const inWork = new Promise<void>((resolve) => (working = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    bookings.findHold = async (...args) => {
      working();
      await released;
      return findHold(...args);
    };
    const firstOfTwo = s.book(body2, key2, session);
    await inWork;
    const during = await s.book(body2, key2, session);
    release();
    expect(await problem(during)).toEqual([409, 'idempotency-key-in-flight']);
    const done = await firstOfTwo;
    expect(done.status).toBe(201);
    const replayed = await s.book(body2, key2, session);
    expect([replayed.status, await replayed.json()]).toEqual([201, await done.json()]);
    expect(await s.rows('SELECT id FROM appointments')).toHaveLength(2);
  });

  it('validates the patient field by field, and asks the date of birth only where the service does', async () => {
    server = await bookingServer({}, {}, engine);
    const s = server;
    const bookWith = async (service: string, start: number, patient: unknown) => {
      const h = await (await s.hold({ service, start: at(start) })).json();
      const res = await s.book({ holdId: h.holdId, holdSecret: h.holdSecret, patient: patient as never });
      return [res.status, await res.json()] as const;
    };
    const [status, body] = await bookWith('derm-20', T0 + 6 * HOUR, { name: '', email: 'not-an-email' });
    expect(status).toBe(400);
    expect(body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'patient.email',
      'patient.name',
    ]);
    expect(JSON.stringify(body)).not.toContain('not-an-email');
    const [, noContact] = await bookWith('derm-20', T0 + 7 * HOUR, { name: 'Erika Mustermann' });
    expect(noContact.errors).toEqual([
      { path: 'patient.email', message: 'give an email address or a phone number' },
    ]);
    const [, unasked] = await bookWith('derm-20', T0 + 8 * HOUR, { ...PATIENT, dateOfBirth: '1960-02-29' });
    expect(unasked.errors[0].path).toBe('patient.dateOfBirth');
    const [, missing] = await bookWith('derm-dob', T0 + 9 * HOUR, PATIENT);
    expect(missing.errors).toEqual([{ path: 'patient.dateOfBirth', message: 'required' }]);
    const [ok] = await bookWith('derm-dob', T0 + 10 * HOUR, { ...PATIENT, dateOfBirth: '1960-02-29' });
    expect(ok).toBe(201);
    const [phoneOnly] = await bookWith('derm-20', T0 + 11 * HOUR, {
      name: 'Erika',
      phone: '+49 170 1234567',
    });
    expect(phoneOnly).toBe(201);
  });
});

describe.each(ENGINES)('an appointment and its capability token (%s)', (engine) => {
  it('reads, cancels and fetches the calendar of its own appointment only (a token for A cannot touch B)', async () => {
    server = await bookingServer({}, {}, engine);
    const s = server;
    const a = await s.holdAndBook('derm-20', T0 + 6 * HOUR);
    const b = await s.holdAndBook('derm-20', T0 + 7 * HOUR);
    const read = await s.app.request(`/v1/appointments/${a.appointment.id}`, {
      headers: s.withToken(a.token),
    });
    expect([read.status, (await read.json()).id]).toEqual([200, a.appointment.id]);
    for (const [method, path] of [
      ['GET', `/v1/appointments/${b.appointment.id}`],
      ['DELETE', `/v1/appointments/${b.appointment.id}`],
      ['GET', `/v1/appointments/${b.appointment.id}/calendar.ics`],
    ] as const) {
      const res = await s.app.request(path, { method, headers: s.withToken(a.token) });
      expect(await problem(res), `${method} ${path}`).toEqual([403, 'forbidden-scope']);
    }
    const patch = await s.json(
      'PATCH',
      `/v1/appointments/${b.appointment.id}`,
      { holdId: 'h', holdSecret: 'x' },
      {
        ...s.withToken(a.token),
        'idempotency-key': randomUUID(),
      },
    );
    expect(await problem(patch)).toEqual([403, 'forbidden-scope']);
    // an unknown token, or none, is not accepted
    const forged = await s.app.request(`/v1/appointments/${a.appointment.id}`, {
      headers: s.withToken(`vca_${'A'.repeat(43)}`),
    });
    expect(await problem(forged)).toEqual([401, 'ticket-invalid']);
    expect(await problem(await s.app.request(`/v1/appointments/${a.appointment.id}`))).toEqual([
      401,
      'ticket-missing',
    ]);
    expect(
      (await s.app.request(`/v1/appointments/${b.appointment.id}`, { headers: s.withToken(b.token) })).status,
    ).toBe(200);
  });

  it("opens to the appointment's clinician and staff tickets, not to another clinician or patient", async () => {
    server = await bookingServer({}, {}, engine);
    const s = server;
    const a = await s.holdAndBook('derm-20', T0 + 6 * HOUR);
    const get = async (role: 'clinician' | 'staff' | 'patient', claims: Record<string, unknown>) =>
      (
        await s.app.request(`/v1/appointments/${a.appointment.id}`, {
          headers: { authorization: `Bearer ${await s.ticket(role, claims)}` },
        })
      ).status;
    expect(await get('clinician', { sub: 'sub-dr-a' })).toBe(200);
    expect(await get('clinician', { sub: 'sub-dr-b' })).toBe(403);
    expect(await get('staff', { sub: 'scheduler' })).toBe(200);
    expect(await get('patient', { appointment: a.appointment.id })).toBe(200);
    expect(await get('patient', { appointment: 'apt-other' })).toBe(403);
  });

  it('cancels: capacity freed, sequence raised, vendor and webhook jobs; inside the cut-off the patient gets 409', async () => {
    server = await bookingServer({}, {}, engine);
    const s = server;
    const a = await s.holdAndBook('derm-20', T0 + 6 * HOUR);
    const late = await s.holdAndBook('derm-20', T0 + 3 * HOUR); // cut-off 4 h: closed already
    const refused = await s.app.request(`/v1/appointments/${late.appointment.id}`, {
      method: 'DELETE',
      headers: s.withToken(late.token),
    });
    expect(await problem(refused)).toEqual([409, 'cancel-window-closed']);
    // the clinic may still cancel it
    const staff = await s.app.request(`/v1/appointments/${late.appointment.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${await s.ticket('staff', { sub: 'scheduler' })}` },
    });
    expect(staff.status).toBe(200);

    const res = await s.app.request(`/v1/appointments/${a.appointment.id}`, {
      method: 'DELETE',
      headers: s.withToken(a.token),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'cancelled', sequence: 1 });
    // cancelling again changes nothing
    const again = await s.app.request(`/v1/appointments/${a.appointment.id}`, {
      method: 'DELETE',
      headers: s.withToken(a.token),
    });
    expect((await again.json()).sequence).toBe(1);
    expect(
      (
        await s.rows<{ dedupe_key: string }>(
          'SELECT dedupe_key FROM jobs WHERE dedupe_key LIKE ? ORDER BY dedupe_key',
          `%${a.appointment.id}%`,
        )
      ).map((j) => j.dedupe_key),
    ).toEqual([
      `vendor.cancel:${a.appointment.id}`,
      `vendor.create:${a.appointment.id}`,
      `webhook:appointment.booked:${a.appointment.id}:0`,
      `webhook:appointment.cancelled:${a.appointment.id}:1`,
    ]);
    // the slot is free again
    expect((await s.hold({ service: 'derm-20', start: at(T0 + 6 * HOUR) })).status).toBe(201);
    // the calendar file now cancels the event
    const ics = await s.app.request(`/v1/appointments/${a.appointment.id}/calendar.ics`, {
      headers: s.withToken(a.token),
    });
    expect(ics.status).toBe(200);
    expect(s.doubles.entries.at(-1)).toMatchObject({ cancelled: true, sequence: 1 });
  });

  it('reschedules to a new hold atomically and idempotently; the old time is free, the new one taken', async () => {
    server = await bookingServer(
      { appointments: { visitPageUrl: 'https://portal.hospital.test/visits/{appointment}' } },
      {},
      engine,
    );
    const s = server;
    const a = await s.holdAndBook('derm-20', T0 + 6 * HOUR);
    const h = await (await s.hold({ service: 'derm-20', start: at(T0 + 8 * HOUR) })).json();
    const key = randomUUID();
    const move = () =>
      s.json(
        'PATCH',
        `/v1/appointments/${a.appointment.id}`,
        { holdId: h.holdId, holdSecret: h.holdSecret },
        {
          ...s.withToken(a.token),
          'idempotency-key': key,
        },
      );
    const moved = await move();
    expect(moved.status).toBe(200);
    const view = await moved.json();
    expect(view).toMatchObject({ start: at(T0 + 8 * HOUR), sequence: 1, status: 'pending' });
    expect(await (await move()).json()).toEqual(view);
    expect(await s.rows('SELECT * FROM booking_holds')).toEqual([]);
    expect((await s.hold({ service: 'derm-20', start: at(T0 + 6 * HOUR) })).status).toBe(201);
    expect(await problem(await s.hold({ service: 'derm-20', start: at(T0 + 8 * HOUR) }))).toEqual([
      409,
      'slot-taken',
    ]);
    expect(
      (await s.rows<{ dedupe_key: string }>("SELECT dedupe_key FROM jobs WHERE kind = 'vendor.move'")).map(
        (j) => j.dedupe_key,
      ),
    ).toEqual([`vendor.move:${a.appointment.id}:1`]);
    await s.app.request(`/v1/appointments/${a.appointment.id}/calendar.ics`, {
      headers: s.withToken(a.token),
    });
    expect(s.doubles.entries.at(-1)).toMatchObject({
      uid: `${a.appointment.id}@consult.hospital.test`,
      cancelled: false,
      sequence: 1,
      start: new Date(T0 + 8 * HOUR),
      url: `https://portal.hospital.test/visits/${a.appointment.id}`,
      summary: 'Video visit: Dermatology video visit',
      alarmMinutesBefore: 60,
    });
  });

  it('serves the calendar file as text/calendar with no-store, never with a join URL', async () => {
    server = await bookingServer({}, {}, engine);
    const s = server;
    const a = await s.holdAndBook('derm-20', T0 + 6 * HOUR);
    const res = await s.app.request(`/v1/appointments/${a.appointment.id}/calendar.ics`, {
      headers: s.withToken(a.token),
    });
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    // No organizer configured: a plain calendar file, no iTIP method (calendar.ts says why).
    expect(await res.text()).not.toContain('METHOD');
    expect(s.doubles.entries.at(-1)).toMatchObject({ sequence: 0, organizerName: 'Dr. Anna Arzt' });
    expect(s.doubles.entries.at(-1)?.url).toBe(undefined);
  });
});

describe.each(ENGINES)('booking in the OpenAPI document (%s)', (engine) => {
  it('documents every booking route the app serves, with its method, and the capability scheme', async () => {
    server = await bookingServer({}, {}, engine);
    const doc = await (await server.app.request('/openapi.json')).json();
    const served = server.app.routes
      .filter((r) => r.method !== 'ALL' && /^\/v1\/(holds|appointments)/.test(r.path))
      .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
    expect(served).toHaveLength(7);
    const documented = Object.entries(doc.paths as Record<string, object>).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m} ${path}`),
    );
    for (const route of served) expect(documented, route).toContain(route);
    expect(doc.components.securitySchemes.appointmentToken.scheme).toBe('bearer');
    expect(doc.components.schemas.AppointmentRequest.required).toEqual(
      expect.arrayContaining(['holdId', 'holdSecret', 'patient']),
    );
  });
});
