import { afterEach, describe, expect, it } from 'vitest';
import { signTicket } from '../support/tickets.js';
import { testServer } from '../support/server.js';

type Server = Awaited<ReturnType<typeof testServer>>;
let server: Server | undefined;
afterEach(async () => server?.app.close());

const HOUR = 3600_000;
const iso = (ms: number) => new Date(ms).toISOString();

const as = (s: Server, role: 'patient' | 'clinician' | 'staff', claims: Record<string, unknown> = {}) =>
  signTicket(s.keys.privateKey, { role, sub: `${role}-1`, ...claims });

describe('who opens a room', () => {
  it("a patient's join never creates the room: 404 until the clinic opens it, then the clinic's schedule holds", async () => {
    server = await testServer();
    const s = server;
    const res = await s.join(await as(s, 'patient', { appointment: 'apt-1' }), { appointment: 'apt-1' });
    expect(res.status).toBe(404);
    const problem = await res.json();
    expect(problem.code).toBe('room-not-found');
    expect(problem.detail).toMatch(/not opened .* yet/);
    expect(await s.store.findRoomByAppointment('sandbox', 'apt-1')).toBe(undefined);

    const startsAt = iso(Date.now() + 2 * HOUR);
    const opened = await s.openRoom(await as(s, 'clinician', { name: 'Dr. Who' }), {
      appointment: 'apt-1',
      startsAt,
      durationMinutes: 20,
    });
    expect(opened.status).toBe(201);
    const room = await s.store.findRoomByAppointment('sandbox', 'apt-1');
    expect([room?.startsAt.toISOString(), room?.durationMinutes, room?.clinicianName]).toEqual([
      startsAt,
      20,
      'Dr. Who',
    ]);
  });

  it('unscoped patient tickets of a patientScope "any" issuer cannot create rooms either', async () => {
    const { HS_ISSUER, HS_SECRET } = await import('../support/tickets.js');
    server = await testServer({
      issuers: [{ issuer: HS_ISSUER, algorithms: ['HS256'], secret: HS_SECRET, patientScope: 'any' }],
    });
    const key = new TextEncoder().encode(HS_SECRET);
    for (let i = 0; i < 20; i++) {
      const res = await server.join(await signTicket(key, { alg: 'HS256', iss: HS_ISSUER }), {
        appointment: `apt-${i}`,
      });
      expect(res.status).toBe(404);
    }
    for (let i = 0; i < 20; i++)
      expect(await server.store.findRoomByAppointment('sandbox', `apt-${i}`)).toBe(undefined);
  });
});

describe('POST /v1/rooms for a room that exists', () => {
  it('answers 200 for the same schedule and 409 room-schedule-conflict for another start, length or clinician', async () => {
    server = await testServer();
    const s = server;
    const startsAt = Date.now() + 2 * HOUR;
    const spec = { appointment: 'apt-1', startsAt: iso(startsAt), durationMinutes: 20 };
    const drWho = await as(s, 'clinician', { name: 'Dr. Who' });
    expect((await s.openRoom(drWho, spec)).status).toBe(201);

    const same = await s.openRoom(await as(s, 'clinician', { name: 'Dr. Who' }), spec);
    expect(same.status).toBe(200);
    // Staff repeating the schedule without naming a clinician change nothing either.
    expect((await s.openRoom(await as(s, 'staff'), spec)).status).toBe(200);
    expect((await s.openRoom(await as(s, 'staff'), { appointment: 'apt-1' })).status).toBe(200);

    const conflicts = [
      [await as(s, 'staff'), { ...spec, startsAt: iso(startsAt + 5 * 60_000) }],
      [await as(s, 'staff'), { ...spec, durationMinutes: 30 }],
      [await as(s, 'clinician', { name: 'Dr. Other', sub: 'dr-other' }), spec],
      [
        await as(s, 'staff'),
        { ...spec, participants: [{ subject: 'dr-2', role: 'clinician', name: 'Dr. Listed' }] },
      ],
    ] as const;
    for (const [ticket, body] of conflicts) {
      const res = await s.openRoom(ticket, body);
      expect(res.status, JSON.stringify(body)).toBe(409);
      const problem = await res.json();
      expect(problem.code).toBe('room-schedule-conflict');
      expect(problem.detail).toMatch(/already/);
    }
    const room = await s.store.findRoomByAppointment('sandbox', 'apt-1');
    expect([room?.startsAt.getTime(), room?.durationMinutes, room?.clinicianName]).toEqual([
      startsAt,
      20,
      'Dr. Who',
    ]);
  });

  it("a clinician's ad-hoc join opens the room now; the clinic's later schedule is a 409, not a silent 200", async () => {
    server = await testServer();
    const s = server;
    expect((await s.join(await as(s, 'clinician'), { appointment: 'apt-1' })).status).toBe(200);
    const res = await s.openRoom(await as(s, 'staff'), {
      appointment: 'apt-1',
      startsAt: iso(Date.now() + 2 * HOUR),
      durationMinutes: 20,
    });
    expect(res.status).toBe(409);
    expect((await res.json()).code).toBe('room-schedule-conflict');
  });
});
