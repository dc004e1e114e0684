import { afterEach, describe, expect, it } from 'vitest';
import { signTicket } from '../support/tickets.js';
import { testServer } from '../support/server.js';

type Server = Awaited<ReturnType<typeof testServer>>;
let server: Server | undefined;
afterEach(async () => server?.app.close());

const MINUTE = 60_000;

/** A server on a clock the test moves; tickets are signed on the same clock. */
async function start(overrides: Parameters<typeof testServer>[0] = {}) {
  let t = Date.now();
  server = await testServer(overrides, { now: () => new Date(t) });
  const s = server;
  const epoch = () => Math.floor(t / 1000);
  const ticket = (role: string, claims: Record<string, unknown> = {}) =>
    signTicket(s.keys.privateKey, {
      role: role as never,
      sub: `${role}-1`,
      iat: epoch(),
      exp: epoch() + 60,
      ...claims,
    });
  // A patient's ticket names the appointment it asks about (every patient ticket carries one).
  const scope = (role: string, appointment: string) => (role === 'patient' ? { appointment } : {});
  const visit = async (appointment: string, role = 'patient', claims: Record<string, unknown> = {}) =>
    s.app.request(`/v1/visits/${appointment}`, {
      headers: { authorization: `Bearer ${await ticket(role, { ...scope(role, appointment), ...claims })}` },
    });
  const join = async (appointment: string, role = 'patient') =>
    s.join(await ticket(role, scope(role, appointment)), { appointment });
  const createRoom = async (body: Record<string, unknown>, role = 'clinician', claims = {}) =>
    s.openRoom(await ticket(role, claims), body);
  return {
    s,
    visit,
    join,
    createRoom,
    now: () => t,
    advance: (ms: number) => (t += ms),
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

describe('GET /v1/visits/:appointment', () => {
  it("answers the window for the caller's role, with the clinic's clinician name and the server time", async () => {
    const v = await start();
    const startsAt = v.now() + 2 * 60 * MINUTE;
    const created = await v.createRoom(
      { appointment: 'apt-1', startsAt: iso(startsAt), durationMinutes: 20 },
      'clinician',
      { name: 'Dr. Who' },
    );
    expect(created.status).toBe(201);

    const res = await v.visit('apt-1');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const { roomId } = (await created.json()) as { roomId: string };
    expect(await res.json()).toEqual({
      appointment: 'apt-1',
      roomId,
      provider: 'sandbox',
      status: 'scheduled',
      startsAt: iso(startsAt),
      endsAt: iso(startsAt + 20 * MINUTE),
      joinAvailableFrom: iso(startsAt - 10 * MINUTE),
      serverTime: iso(v.now()),
      clinicianName: 'Dr. Who',
    });
    const clinician = await (await v.visit('apt-1', 'clinician')).json();
    expect(clinician.joinAvailableFrom).toBe(iso(startsAt - 60 * MINUTE));
    // A display name for the patient: never in a log line.
    expect(v.s.logLines.join('\n')).not.toContain('Dr. Who');
  });

  it('moves through scheduled, open and ended, and answers cancelled for a cancelled room', async () => {
    const v = await start({ joinWindow: { patientMinutesBefore: 5, graceMinutesAfter: 15 } });
    const startsAt = v.now() + 30 * MINUTE;
    await v.createRoom({ appointment: 'apt-1', startsAt: iso(startsAt), durationMinutes: 20 });
    const status = async (role = 'patient') =>
      ((await (await v.visit('apt-1', role)).json()) as { status: string }).status;
    expect([await status(), await status('clinician')]).toEqual(['scheduled', 'open']);
    v.advance(25 * MINUTE - 1);
    expect(await status()).toBe('scheduled');
    v.advance(1);
    expect(await status()).toBe('open');
    v.advance(5 * MINUTE + 20 * MINUTE + 15 * MINUTE - 1);
    expect(await status()).toBe('open');
    v.advance(1);
    expect([await status(), await status('clinician')]).toEqual(['ended', 'ended']);

    const other = await v.createRoom({ appointment: 'apt-2' });
    const { roomId } = (await other.json()) as { roomId: string };
    await v.s.app.request(`/v1/rooms/${roomId}`, {
      method: 'DELETE',
      headers: {
        authorization: `Bearer ${await signTicket(v.s.keys.privateKey, { role: 'staff', iat: Math.floor(v.now() / 1000), exp: Math.floor(v.now() / 1000) + 60 })}`,
      },
    });
    expect(((await (await v.visit('apt-2')).json()) as { status: string }).status).toBe('cancelled');
  });

  it('takes the clinician name from a listed clinician when staff open the room, and has none otherwise', async () => {
    const v = await start();
    await v.createRoom(
      {
        appointment: 'apt-1',
        participants: [
          { subject: 'patient-9', role: 'patient', name: 'Erika M.' },
          { subject: 'dr-9', role: 'clinician', name: 'Dr. Listed' },
        ],
      },
      'staff',
    );
    expect((await (await v.visit('apt-1')).json()).clinicianName).toBe('Dr. Listed');
    await v.createRoom({ appointment: 'apt-2' }, 'staff');
    expect(await (await v.visit('apt-2')).json()).not.toHaveProperty('clinicianName');
    // A room a clinician's ad-hoc join opens starts now: simply open.
    expect((await v.join('apt-3', 'clinician')).status).toBe(200);
    const first = await (await v.visit('apt-3')).json();
    expect([first.status, first.startsAt, first.serverTime]).toEqual(['open', iso(v.now()), iso(v.now())]);
  });

  it('checks role and scope: staff and other appointments are refused, unknown ones are 404', async () => {
    const v = await start();
    await v.createRoom({ appointment: 'apt-1' });
    const codes = async (res: Response) => [res.status, ((await res.json()) as { code: string }).code];
    expect(await codes(await v.visit('apt-1', 'staff'))).toEqual([403, 'forbidden-role']);
    expect(await codes(await v.visit('apt-1', 'patient', { appointment: 'apt-2' }))).toEqual([
      403,
      'forbidden-scope',
    ]);
    // The scope is checked before the lookup: no hint whether another appointment has a room.
    expect(await codes(await v.visit('apt-9', 'patient', { appointment: 'apt-2' }))).toEqual([
      403,
      'forbidden-scope',
    ]);
    expect((await v.visit('apt-1', 'patient', { appointment: 'apt-1' })).status).toBe(200);
    expect(await codes(await v.visit('apt-9'))).toEqual([404, 'room-not-found']);
    expect(await codes(await v.s.app.request('/v1/visits/apt-1'))).toEqual([401, 'ticket-missing']);
    expect(await codes(await v.visit('bad%20id', 'clinician'))).toEqual([400, 'bad-request']);
  });

  it('answers only what the OpenAPI document describes', async () => {
    const v = await start();
    await v.createRoom({ appointment: 'apt-1' }, 'clinician', { name: 'Dr. Who' });
    const doc = await (await v.s.app.request('/openapi.json')).json();
    const schema = doc.components.schemas.VisitInfo as { required: string[]; properties: object };
    const body = await (await v.visit('apt-1')).json();
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(Object.keys(body)));
    expect(Object.keys(body)).toEqual(expect.arrayContaining(schema.required));
  });
});

describe('POST /v1/join in the visit window', () => {
  it("refuses a join before the caller's window with 425 and when, and after end plus grace with 409", async () => {
    const v = await start();
    const startsAt = v.now() + 30 * MINUTE;
    await v.createRoom({ appointment: 'apt-1', startsAt: iso(startsAt), durationMinutes: 20 });

    const early = await v.join('apt-1');
    expect(early.status).toBe(425);
    expect(early.headers.get('retry-after')).toBe(String(20 * 60));
    const problem = await early.json();
    expect(problem.code).toBe('visit-not-open');
    expect(problem.title).toBe('Too early');
    expect(problem.detail).toContain(iso(startsAt - 10 * MINUTE));
    // The clinician's window (60 minutes) is already open.
    expect((await v.join('apt-1', 'clinician')).status).toBe(200);

    v.advance(20 * MINUTE);
    expect((await v.join('apt-1')).status).toBe(200);
    v.advance(10 * MINUTE + 20 * MINUTE + 30 * MINUTE - 1);
    expect((await v.join('apt-1')).status).toBe(200);
    v.advance(1);
    const late = await v.join('apt-1');
    expect([late.status, (await late.json()).code]).toEqual([409, 'room-ended']);
    expect((await v.join('apt-1', 'clinician')).status).toBe(409);
  });

  it("lets a clinician's first join open the room, never a patient's, and refuses a cancelled one with 409", async () => {
    const v = await start();
    expect((await v.join('apt-1')).status).toBe(404);
    expect((await v.join('apt-1', 'clinician')).status).toBe(200);
    expect((await v.join('apt-1')).status).toBe(200);
    const created = await v.createRoom({ appointment: 'apt-2' });
    const { roomId } = (await created.json()) as { roomId: string };
    const del = await v.s.app.request(`/v1/rooms/${roomId}`, {
      method: 'DELETE',
      headers: {
        authorization: `Bearer ${await signTicket(v.s.keys.privateKey, { role: 'clinician', sub: 'c-2', iat: Math.floor(v.now() / 1000), exp: Math.floor(v.now() / 1000) + 60 })}`,
      },
    });
    expect(del.status).toBe(204);
    expect((await v.join('apt-2')).status).toBe(409);
  });
});
