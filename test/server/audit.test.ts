import { afterEach, describe, expect, it } from 'vitest';
import { signTicket } from '../support/tickets.js';
import { PORTAL, testServer } from '../support/server.js';
import { retentionCutoffs } from '../../src/server/retention.js';
import { bookingServer, jobOf, MINUTE, T0 } from './support/booking.js';

type Server = Awaited<ReturnType<typeof testServer>>;
let server: Server | undefined;
afterEach(async () => server?.app.close());

const auditAs = async (s: Server, role: string, query = '') =>
  s.app.request(`/v1/audit${query}`, {
    headers: {
      authorization: `Bearer ${await signTicket(s.keys.privateKey, { role: role as never, sub: 'auditor', appointment: 'apt-1' })}`,
    },
  });

describe('audit log', () => {
  it('records accepted and refused tickets, room creation and minted links', async () => {
    server = await testServer();
    // A clinician's ad-hoc join opens the room (a patient's never does).
    const clinician = { role: 'clinician', sub: 'dr-1' } as const;
    await server.join(await signTicket(server.keys.privateKey, clinician), { appointment: 'apt-1' });
    await server.join(await signTicket(server.keys.privateKey, { ...clinician, aud: 'other' }), {
      appointment: 'apt-1',
    });
    const res = await auditAs(server, 'staff');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const { events } = await res.json();
    const types = events.map((e: { type: string }) => e.type);
    // A join's acceptance is recorded by its own later rows (same request id and actor), not a row apart.
    expect(types).toEqual(['room.created', 'join.minted', 'ticket.refused', 'ticket.accepted']);
    expect(events[2]).toMatchObject({ type: 'ticket.refused', reason: 'ticket-wrong-audience', count: 1 });
    expect(events[0]).toMatchObject({ role: 'clinician', provider: 'sandbox' });
    expect(events[1]).toMatchObject({ role: 'clinician', provider: 'sandbox' });
    expect(events[1].actor).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(events[1].actor).toBe(events[0].actor);
    expect(events[1].requestId).toBe(events[0].requestId);
  });

  it('is for staff only', async () => {
    server = await testServer();
    for (const role of ['patient', 'clinician']) {
      const res = await auditAs(server, role);
      expect(res.status).toBe(403);
    }
  });

  it('filters by time range and validates the query', async () => {
    let t = Date.parse('2026-11-22T10:00:00Z');
    server = await testServer(
      { ticket: { maxAgeSeconds: 600, clockToleranceSeconds: 120 } },
      { now: () => new Date(t) },
    );
    const iat = Math.floor(t / 1000);
    await server.join(
      await signTicket(server.keys.privateKey, { iat, exp: iat + 60, appointment: 'apt-1' }),
      {
        appointment: 'apt-1',
      },
    );
    t += 60_000;
    const res = await server.app.request('/v1/audit?from=2026-11-22T10:00:30Z&to=2026-11-22T10:05:00Z', {
      headers: {
        authorization: `Bearer ${await signTicket(server.keys.privateKey, { role: 'staff', iat, exp: iat + 120 })}`,
      },
    });
    const { events } = await res.json();
    // Only the staff ticket of the audit call itself falls in the range.
    expect(events.map((e: { type: string }) => e.type)).toEqual(['ticket.accepted']);
    const bad = await server.app.request('/v1/audit?from=yesterday', {
      headers: {
        authorization: `Bearer ${await signTicket(server.keys.privateKey, { role: 'staff', iat, exp: iat + 120 })}`,
      },
    });
    expect(bad.status).toBe(400);
  });
});

describe('no personal data or secrets in logs and audit rows', () => {
  it('leaves no PHI, ticket, token or join URL in any log line or audit row, through every route', async () => {
    server = await testServer();
    const s = server;
    const PHI = ['Erika Mustermann', 'erika.mustermann@example.org', '+49 170 1234567', 'MRN-99887766'];
    const secrets: string[] = [];
    const ticket = async (role: string, extra: Record<string, unknown> = {}) => {
      const t = await signTicket(s.keys.privateKey, {
        role: role as never,
        sub: 'MRN-99887766',
        name: 'Erika Mustermann',
        ...extra,
      });
      secrets.push(t);
      return t;
    };
    const scoped = { appointment: 'apt-1' };
    const auth = (t: string) => ({
      authorization: `Bearer ${t}`,
      'content-type': 'application/json',
      origin: PORTAL,
    });

    await s.openVisit('apt-1');
    const joined = await (await s.join(await ticket('patient', scoped), { appointment: 'apt-1' })).json();
    secrets.push(joined.url, new URL(joined.url).searchParams.get('token')!);
    const page = await s.app.request(new URL(joined.url).pathname + new URL(joined.url).search);
    const session = /"session":"([^"]+)"/.exec(await page.text())![1]!;
    secrets.push(session);
    await s.app.request(`/sandbox/rooms/${joined.roomId}/state`, {
      headers: { 'x-sandbox-session': session },
    });
    // bad input carrying PHI in every field we take
    await s.join(await ticket('patient', scoped), { appointment: 'erika.mustermann@example.org' });
    await s.join(await ticket('patient', scoped), {
      appointment: 'apt-1',
      'Erika Mustermann': '+49 170 1234567',
    });
    await s.openRoom(
      await ticket('clinician'),
      { appointment: 'apt-2', title: 'Erika Mustermann MRN-99887766' },
      { origin: PORTAL },
    );
    await s.app.request(`/v1/rooms/${joined.roomId}`, {
      method: 'DELETE',
      headers: auth(await ticket('clinician')),
    });
    await s.app.request('/v1/audit?from=erika.mustermann@example.org', {
      headers: auth(await ticket('staff')),
    });
    await s.app.request('/v1/join', { method: 'POST', headers: auth('forged.Erika.Mustermann'), body: '{}' });
    await s.app.request(`/sandbox/rooms/${joined.roomId}?token=${secrets[2]}`);

    const rows = await s.store.queryAudit({
      from: new Date(0),
      to: new Date(Date.now() + 60_000),
      limit: 1000,
    });
    expect(rows.length).toBeGreaterThan(8);
    expect(s.logLines.length).toBeGreaterThan(10);
    // Job payloads (vendor retries, webhook events) are stored in clear and sent to the portal.
    const jobs = await s.store.jobs.list({ limit: 10_000 });
    const haystack = [...s.logLines, ...rows.map((r) => JSON.stringify(r)), JSON.stringify(jobs)].join('\n');
    for (const needle of [...PHI, ...secrets]) expect(haystack, needle).not.toContain(needle);
    // The grep reads real content: the pseudonymous room id is there, the personal data is not.
    expect(haystack).toContain(joined.roomId);
  });
});

describe('no patient details from booking in logs, audit rows, job payloads or clear-text columns', () => {
  it('books, reads, moves, cancels and fails with PHI; none of it shows outside its sealed column', async () => {
    const s = await bookingServer();
    try {
      const PHI = ['Erika Mustermann', 'erika.mustermann@example.org', '+49 170 1234567', '1958-07-14'];
      const patient = { name: PHI[0], email: PHI[1], phone: PHI[2], dateOfBirth: PHI[3] };
      const secrets: string[] = [];
      const start = (h: number) => new Date(T0 + h * 60 * MINUTE).toISOString();
      const h = await (await s.hold({ service: 'derm-dob', start: start(6) })).json();
      secrets.push(h.holdSecret, h.session);
      const booked = await (
        await s.book({ holdId: h.holdId, holdSecret: h.holdSecret, patient }, 'leak-key-0001', {
          'booking-session': h.session,
        })
      ).json();
      secrets.push(booked.token);
      const id = booked.appointment.id as string;
      await s.app.bookingJobs!.handlers['vendor.create'](
        jobOf('vendor.create', { appointment: id, sequence: 0 }),
        new AbortController().signal,
      );
      await s.app.request(`/v1/appointments/${id}`, { headers: s.withToken(booked.token) });
      await s.app.request(`/v1/appointments/${id}/calendar.ics`, { headers: s.withToken(booked.token) });
      const h2 = await (await s.hold({ service: 'derm-dob', start: start(8) })).json();
      secrets.push(h2.holdSecret);
      await s.json(
        'PATCH',
        `/v1/appointments/${id}`,
        { holdId: h2.holdId, holdSecret: h2.holdSecret },
        {
          ...s.withToken(booked.token),
          'idempotency-key': 'leak-key-0002',
        },
      );
      await s.app.bookingJobs!.onFailed(
        jobOf('vendor.move', { appointment: id, sequence: 1 }),
        'vendor-rejected',
      );
      await s.app.request(`/v1/appointments/${id}`, { method: 'DELETE', headers: s.withToken(booked.token) });
      // bad input carrying PHI in every field we take
      const h3 = await (await s.hold({ service: 'derm-20', start: start(9) })).json();
      await s.book({
        holdId: h3.holdId,
        holdSecret: h3.holdSecret,
        patient: { name: PHI[0], email: `${PHI[0]}@` },
      });
      await s.book({
        holdId: h3.holdId,
        holdSecret: h3.holdSecret,
        patient: { ...patient, [PHI[1]!]: PHI[2] },
      });
      await s.book({ holdId: PHI[1], holdSecret: PHI[0], patient });
      await s.hold({ service: PHI[0], start: PHI[3] });
      await s.app.request(`/v1/appointments/${id}`, { headers: s.withToken(`vca_${PHI[0]}`) });

      const audit = await s.store.queryAudit({
        from: new Date(0),
        to: new Date(T0 + 99 * 24 * 3600_000),
        limit: 1000,
      });
      const tables = (
        await s.rows<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
      ).map((t) => t.name);
      expect(tables).toEqual(
        expect.arrayContaining(['appointments', 'jobs', 'booking_holds', 'idempotency_records']),
      );
      const dump = await Promise.all(
        tables.map(async (t) => JSON.stringify(await s.rows(`SELECT * FROM ${t}`))),
      );
      expect(s.logLines.length).toBeGreaterThan(10);
      const haystack = [...s.logLines, ...audit.map((r) => JSON.stringify(r)), ...dump].join('\n');
      for (const needle of [...PHI, ...secrets]) expect(haystack, needle).not.toContain(needle);
      // The grep reads real content: the appointment id is in the job payloads, the patient is not.
      expect(haystack).toContain(id);
      expect(
        (await s.rows<{ n: number }>("SELECT count(*) AS n FROM jobs WHERE kind = 'webhook'"))[0]!.n,
      ).toBe(4);

      // patientDataDays after the visit the sealed details are gone, the appointment's ids and times stay
      expect(await s.store.bookings.patientDetails(id)).toMatchObject({ name: PHI[0] });
      const afterVisit = T0 + 8 * 3600_000 + 20 * MINUTE;
      await s.store.purge(retentionCutoffs(s.app.config, new Date(afterVisit + 30 * 24 * 3600_000 - MINUTE)));
      expect(await s.store.bookings.patientDetails(id)).toMatchObject({ name: PHI[0] });
      await s.store.purge(retentionCutoffs(s.app.config, new Date(afterVisit + 30 * 24 * 3600_000 + MINUTE)));
      expect(await s.store.bookings.patientDetails(id)).toBe(undefined);
      expect(await s.store.bookings.findAppointment(id)).toMatchObject({ id, status: 'cancelled' });
    } finally {
      await s.close();
    }
  });
});
