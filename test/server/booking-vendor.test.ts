import { afterEach, describe, expect, it } from 'vitest';
import { PermanentJobError } from '../../src/server/jobs/types.js';
import { ProblemError } from '../../src/server/problem-error.js';
import { PORTAL } from '../support/server.js';
import { bookingServer, countingProvider, jobOf, MINUTE, T0 } from './support/booking.js';
import { ENGINES, type Engine } from './support/engines.js';

type Server = Awaited<ReturnType<typeof bookingServer>>;
let server: Server | undefined;
afterEach(async () => server?.close());

const HOUR = 60 * MINUTE;
const signal = new AbortController().signal;

async function setup(engine: Engine) {
  const vendor = countingProvider();
  // The test runs the jobs by hand, as the runner would: no runner racing it.
  server = await bookingServer({}, { providers: [vendor.provider], jobs: { start: false } }, engine);
  const s = server;
  const jobs = s.app.bookingJobs!;
  /** Runs the appointment's queued job of `kind`, as the runner would (payload from the jobs table). */
  const run = async (kind: 'vendor.create' | 'vendor.move' | 'vendor.cancel', appointment: string) => {
    const [row] = await s.rows<{ payload: string }>(
      'SELECT payload FROM jobs WHERE kind = ? AND dedupe_key LIKE ? ORDER BY created_at DESC LIMIT 1',
      kind,
      `${kind}:${appointment}%`,
    );
    if (!row) throw new Error(`no ${kind} job`);
    await jobs.handlers[kind](jobOf(kind, JSON.parse(row.payload)), signal);
  };
  const status = async (id: string) => (await s.store.bookings.findAppointment(id))?.status;
  const join = (token: string, appointment: string) =>
    s.app.request('/v1/join', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', origin: PORTAL },
      body: JSON.stringify({ appointment }),
    });
  return { s, vendor, jobs, run, status, join };
}

describe.each(ENGINES)('booking: the vendor side (%s)', (engine) => {
  it('vendor down during booking: pending, then created exactly once when the job runs again (also after a crash)', async () => {
    const { s, vendor, run, status } = await setup(engine);
    const a = await s.holdAndBook('derm-vendor', T0 + 6 * HOUR);
    vendor.control.down = true;
    await expect(run('vendor.create', a.appointment.id)).rejects.toMatchObject({
      code: 'vendor-unavailable',
    });
    expect(await status(a.appointment.id)).toBe('pending');
    expect(vendor.control.creates).toBe(0);

    vendor.control.down = false;
    // The process dies after the vendor made the room but before our row was written: the retry asks for
    // the same room id, and the vendor adopts it.
    const insertRoom = s.store.insertRoom;
    s.store.insertRoom = async () => {
      throw new Error('killed');
    };
    await expect(run('vendor.create', a.appointment.id)).rejects.toThrow('killed');
    s.store.insertRoom = insertRoom;
    expect(await status(a.appointment.id)).toBe('pending');

    await run('vendor.create', a.appointment.id);
    await run('vendor.create', a.appointment.id); // a second run after a lost lease
    expect(await status(a.appointment.id)).toBe('booked');
    expect(vendor.control.creates).toBe(1);
    const room = await s.store.findRoomByAppointment('counting', a.appointment.id);
    expect(room).toMatchObject({
      startsAt: new Date(T0 + 6 * HOUR),
      durationMinutes: 20,
      clinicianName: 'Dr. Anna Arzt',
    });
    // the vendor got who it needs: the clinician and the patient
    expect([...vendor.control.rooms.values()][0]!.map((p) => [p.role, p.name])).toEqual([
      ['clinician', 'Dr. Anna Arzt'],
      ['patient', 'Erika Mustermann'],
    ]);
  });

  it('a vendor failure for good marks the appointment vendor-failed and enqueues its webhook', async () => {
    const { s, jobs, status } = await setup(engine);
    const a = await s.holdAndBook('derm-vendor', T0 + 6 * HOUR);
    await jobs.onFailed(
      jobOf('vendor.create', { appointment: a.appointment.id, sequence: 0 }),
      'vendor-rejected',
    );
    expect(await status(a.appointment.id)).toBe('vendor-failed');
    const hook = await s.rows<{ payload: string }>(
      "SELECT payload FROM jobs WHERE dedupe_key LIKE 'webhook:appointment.vendor-failed:%'",
    );
    expect(JSON.parse(hook[0]!.payload)).toMatchObject({
      appointment: a.appointment.id,
      reason: 'vendor-rejected',
    });
  });

  it("a vendor's refusal fails the job for good (no retries)", async () => {
    const { s, vendor, run } = await setup(engine);
    const a = await s.holdAndBook('derm-vendor', T0 + 6 * HOUR);
    vendor.provider.createRoom = async () => {
      throw new ProblemError('vendor-rejected', 'no');
    };
    const refused = run('vendor.create', a.appointment.id);
    await expect(refused).rejects.toBeInstanceOf(PermanentJobError);
    await expect(refused).rejects.toMatchObject({ code: 'vendor-rejected' });
  });

  it('the capability token joins the booked room with its window; nobody creates the room by joining', async () => {
    const { s, run, join } = await setup(engine);
    const a = await s.holdAndBook('derm-vendor', T0 + 6 * HOUR);
    const b = await s.holdAndBook('derm-vendor', T0 + 7 * HOUR);
    s.clock.t = T0 + 6 * HOUR - 5 * MINUTE;
    const early = await join(a.token, a.appointment.id);
    expect([early.status, (await early.json()).code]).toEqual([404, 'room-not-found']);
    expect(await s.store.findRoomByAppointment('counting', a.appointment.id)).toBe(undefined);

    await run('vendor.create', a.appointment.id);
    const res = await join(a.token, a.appointment.id);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ provider: 'counting', visit: { appointment: a.appointment.id } });
    expect(body.url).toMatch(/^https:\/\/counting\.test\//);
    const other = await join(a.token, b.appointment.id);
    expect([other.status, (await other.json()).code]).toEqual([403, 'forbidden-scope']);
    // a patient ticket for the appointment joins the same room; so does the clinician's
    const byTicket = async (role: 'patient' | 'clinician', claims: Record<string, unknown>) =>
      join(await s.ticket(role, claims), a.appointment.id);
    const patientJoin = await byTicket('patient', { appointment: a.appointment.id });
    expect([patientJoin.status, (await patientJoin.json()).roomId]).toEqual([200, body.roomId]);
    const clinicianJoin = await byTicket('clinician', { sub: 'sub-dr-a' });
    expect([clinicianJoin.status, (await clinicianJoin.json()).roomId]).toEqual([200, body.roomId]);
    // before its window it is not open yet
    s.clock.t = T0;
    expect((await join(a.token, a.appointment.id)).status).toBe(425);
  });

  it('cancelling cancels the vendor room; a reschedule moves it (old room cancelled, new one created)', async () => {
    const { s, vendor, run, status, join } = await setup(engine);
    const a = await s.holdAndBook('derm-vendor', T0 + 6 * HOUR);
    await run('vendor.create', a.appointment.id);
    const h = await (
      await s.hold({ service: 'derm-vendor', start: new Date(T0 + 8 * HOUR).toISOString() })
    ).json();
    const moved = await s.json(
      'PATCH',
      `/v1/appointments/${a.appointment.id}`,
      { holdId: h.holdId, holdSecret: h.holdSecret },
      { ...s.withToken(a.token), 'idempotency-key': 'move-key-0001' },
    );
    expect(moved.status).toBe(200);
    await run('vendor.move', a.appointment.id);
    expect(await status(a.appointment.id)).toBe('booked');
    expect([vendor.control.creates, vendor.control.cancels]).toEqual([2, 1]);
    expect((await s.store.findRoomByAppointment('counting', a.appointment.id))?.status).toBe('cancelled');
    s.clock.t = T0 + 8 * HOUR - 5 * MINUTE;
    const joined = await join(a.token, a.appointment.id);
    expect(joined.status).toBe(200);

    s.clock.t = T0;
    const cancelled = await s.app.request(`/v1/appointments/${a.appointment.id}`, {
      method: 'DELETE',
      headers: s.withToken(a.token),
    });
    expect(cancelled.status).toBe(200);
    await run('vendor.cancel', a.appointment.id);
    expect(vendor.control.cancels).toBe(2);
    s.clock.t = T0 + 8 * HOUR - 5 * MINUTE;
    expect((await join(a.token, a.appointment.id)).status).toBe(409);
  });
});
