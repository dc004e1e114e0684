import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlotsResponse } from '../../src/protocol/slots.js';
import { testServer } from '../support/server.js';
import { clinic, ticketAt } from './support/scheduling.js';

// The configured server as `npm start` builds it: the slot engine, the booking store's occupancy, the
// job runner with booking's vendor handlers (sandbox provider) and the real calendar renderer, wired
// together by createConsultServer (no test doubles). Monday 4 May 2026, 00:00 UTC (02:00 in Berlin: the
// slots of that morning are beyond the default 4 h cancellation cut-off).
const t = Date.parse('2026-05-04T00:00:00Z');
const now = () => new Date(t);
const PORTAL = 'https://portal.example.org';
const DAY = 'from=2026-05-04T00:00:00Z&to=2026-05-05T00:00:00Z';
let server: Awaited<ReturnType<typeof testServer>>;
beforeAll(async () => {
  server = await testServer(
    {
      booking: clinic(),
      appointments: {
        visitPageUrl: `${PORTAL}/visits/{appointment}`,
        organizer: { email: 'termine@portal.example.org', name: 'Hautklinik' },
      },
    },
    { now, jobs: { start: false } },
  );
});
afterAll(() => server.app.close());

const request = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  server.app.request(path, {
    method,
    headers: { 'content-type': 'application/json', origin: PORTAL, ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const weberStarts = async () => {
  const body = (await (await request('GET', `/v1/slots?service=consult&${DAY}`)).json()) as SlotsResponse;
  return body.slots.filter((s) => s.clinicians.some((c) => c.id === 'weber')).map((s) => s.start);
};

describe('booking through the configured server', () => {
  it('slot -> hold -> book -> vendor room by the job -> calendar -> cancel, each step seen in the slots', async () => {
    const before = await weberStarts();
    const start = before[1]!;
    const held = await request('POST', '/v1/holds', { service: 'consult', start, clinician: 'weber' });
    expect(held.status).toBe(201);
    const hold = await held.json();
    // The hold takes the start (and, with no buffer, nothing else) out of the free slots at once.
    expect(await weberStarts()).toEqual(before.filter((s) => s !== start));

    const booked = await request(
      'POST',
      '/v1/appointments',
      {
        holdId: hold.holdId,
        holdSecret: hold.holdSecret,
        patient: { name: 'Erika Mustermann', email: 'erika@example.org' },
      },
      { 'idempotency-key': 'booking-flow-1', ...(hold.session ? { 'booking-session': hold.session } : {}) },
    );
    if (booked.status !== 201) throw new Error(await booked.text());
    const { appointment, token } = await booked.json();
    expect(appointment.status).toBe('pending');
    const auth = { authorization: `Bearer ${token}` };

    // The durable job creates the sandbox room; the appointment is then booked.
    await server.app.jobs.runDue();
    const read = await (await request('GET', `/v1/appointments/${appointment.id}`, undefined, auth)).json();
    expect(read.status).toBe('booked');
    expect(await weberStarts()).toEqual(before.filter((s) => s !== start));

    // The join button's visit window: the capability token reads it, from the booked appointment's room.
    const visit = async () => {
      const res = await request('GET', `/v1/visits/${appointment.id}`, undefined, auth);
      expect(res.status).toBe(200);
      return res.json();
    };
    expect(await visit()).toMatchObject({
      appointment: appointment.id,
      provider: 'sandbox',
      startsAt: start,
    });

    // A reschedule makes the appointment's room anew (another room key): the window follows it.
    const later = before[3]!;
    const next = await (
      await request('POST', '/v1/holds', { service: 'consult', start: later, clinician: 'weber' })
    ).json();
    const moved = await request(
      'PATCH',
      `/v1/appointments/${appointment.id}`,
      { holdId: next.holdId, holdSecret: next.holdSecret },
      { 'idempotency-key': 'booking-flow-move-1', ...auth },
    );
    expect(moved.status).toBe(200);
    await server.app.jobs.runDue();
    expect(await visit()).toMatchObject({ appointment: appointment.id, startsAt: later });
    expect(await weberStarts()).toEqual(before.filter((s) => s !== later));

    const ics = await (
      await request('GET', `/v1/appointments/${appointment.id}/calendar.ics`, undefined, auth)
    ).text();
    expect(ics).toContain('METHOD:PUBLISH\r\n');
    expect(ics).toContain('ORGANIZER;CN="Hautklinik":mailto:termine@portal.example.org\r\n');
    expect(ics).toContain(`URL;VALUE=URI:${PORTAL}/visits/${appointment.id}\r\n`);
    expect(ics).not.toContain('Erika');

    const cancelled = await request('DELETE', `/v1/appointments/${appointment.id}`, undefined, auth);
    expect(cancelled.status).toBeLessThan(300);
    await server.app.jobs.runDue();
    const after = await (
      await request('GET', `/v1/appointments/${appointment.id}/calendar.ics`, undefined, auth)
    ).text();
    expect(after).toContain('METHOD:CANCEL\r\n');
    expect(after).toContain('STATUS:CANCELLED\r\n');
    expect(await weberStarts()).toEqual(before);
  });

  it('books a returning-patients service only for a ticket whose patientKind says returning', async () => {
    const hold = async (headers: Record<string, string>) => {
      const res = await request(
        'POST',
        '/v1/holds',
        { service: 'derm', start: '2026-05-04T07:00:00.000Z', clinician: 'weber' },
        headers,
      );
      const body = await res.json();
      if (res.status === 201) {
        await request('DELETE', `/v1/holds/${body.holdId}`, { holdSecret: body.holdSecret }, headers);
      }
      return [res.status, body.code];
    };
    const patient = async (extra: Record<string, string> = {}) => ({
      authorization: `Bearer ${await ticketAt(server.keys, now(), 'patient', { appointment: 'booking', ...extra })}`,
    });
    expect(await hold({})).toEqual([401, 'ticket-missing']);
    expect(await hold(await patient())).toEqual([403, 'service-not-for-patient']);
    expect(await hold(await patient({ patientKind: 'new' }))).toEqual([403, 'service-not-for-patient']);
    expect(await hold(await patient({ patientKind: 'returning' }))).toEqual([201, undefined]);
  });

  it('refuses at start a public service for returning patients (only a ticket can say who is returning)', async () => {
    const booking = clinic();
    booking.services = booking.services!.map((sv) => ({ ...sv, access: 'public' as const }));
    await expect(testServer({ booking })).rejects.toThrow(
      /booking\.services\.1\.patients: a public service takes any patient/,
    );
  });
});
