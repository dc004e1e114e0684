import { describe, expect, it } from 'vitest';
import { signTicket } from '../../support/tickets.js';
import { testServer } from '../../support/server.js';
import { useFake } from '../support/use-fake.js';
import { AUVIOUS_JOIN_ORIGIN, AUVIOUS_OPTIONS, createAuviousFake } from './fake.js';

const fake = createAuviousFake();
useFake(fake);

const start = async (options: Record<string, unknown> = {}) =>
  testServer({ provider: 'auvious', providers: { auvious: { ...AUVIOUS_OPTIONS, ...options } } });

const patient = { subject: 'patient-4711', role: 'patient', name: 'Erika M.', email: 'erika@example.org' };

describe('auvious through the consult server', () => {
  it('opens a visit as one appointment, and clinician and patient join it on the ticket link', async () => {
    const s = await start();
    const clinician = await signTicket(s.keys.privateKey, { role: 'clinician', sub: 'dr-1', name: 'Dr Doe' });
    const opened = await s.openRoom(clinician, {
      appointment: 'apt-1',
      durationMinutes: 20,
      participants: [patient],
    });
    expect(opened.status).toBe(201);
    const room = (await opened.json()) as { roomId: string; provider: string };
    expect(room.provider).toBe('auvious');
    expect(fake.appointments.size).toBe(1);
    const [appointment] = fake.appointments.values();
    expect(appointment?.metadata).toEqual({ consultRoomId: room.roomId });
    expect(appointment?.participants.map((p) => p.type)).toEqual(['AGENT', 'CUSTOMER']);

    const links: string[] = [];
    for (const ticket of [
      await signTicket(s.keys.privateKey, { sub: 'patient-4711', appointment: 'apt-1' }),
      await signTicket(s.keys.privateKey, { role: 'clinician', sub: 'dr-1' }),
    ]) {
      const res = await s.join(ticket, { appointment: 'apt-1' });
      expect(res.status).toBe(200);
      const link = (await res.json()) as { url: string; expiresAt: string; allowedOrigins: string[] };
      expect(new URL(link.url).origin).toBe(AUVIOUS_JOIN_ORIGIN);
      expect(link.allowedOrigins).toEqual([AUVIOUS_JOIN_ORIGIN]);
      // The ticket's own `expires` (the fake: the appointment's end), not a TTL of ours.
      expect(link.expiresAt).toBe(new Date(appointment!.start + 20 * 60_000).toISOString());
      links.push(link.url);
    }
    expect(links.every((url) => fake.tickets.get(url) === appointment?.id)).toBe(true);
    // Join links are credentials: never in a log line.
    for (const url of links) expect(s.logLines.join('')).not.toContain(url);
    await s.app.close();
  });

  it('makes exactly one appointment when the schedule times out once', async () => {
    const s = await start({ timeoutMs: 150 });
    fake.kit.faults.inject({ kind: 'hang-after-effect', method: 'POST', path: '/api/appointments/' });
    const staff = await signTicket(s.keys.privateKey, { role: 'staff', sub: 'clinic-scheduler' });
    const opened = await s.openRoom(staff, { appointment: 'apt-2', participants: [patient] });
    expect(opened.status).toBe(201);
    expect(fake.kit.sent('POST', '/api/appointments/')).toHaveLength(1);
    expect(fake.appointments.size).toBe(1);
    await s.app.close();
  });

  it('answers 409 vendor-schedule-conflict when Auvious has an appointment at that time', async () => {
    const s = await start();
    const startsAt = new Date(Date.now() + 3_600_000);
    fake.addForeign(startsAt, 30);
    const staff = await signTicket(s.keys.privateKey, { role: 'staff', sub: 'clinic-scheduler' });
    const res = await s.openRoom(staff, {
      appointment: 'apt-3',
      startsAt: startsAt.toISOString(),
      participants: [patient],
    });
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect((await res.json()).code).toBe('vendor-schedule-conflict');
    expect(fake.appointments.size).toBe(1);
    await s.app.close();
  });
});
