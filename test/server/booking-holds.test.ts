import { afterEach, describe, expect, it } from 'vitest';
import { bookingServer, MINUTE, PATIENT, T0 } from './support/booking.js';
import { ENGINES } from './support/engines.js';

type Server = Awaited<ReturnType<typeof bookingServer>>;
let server: Server | undefined;
afterEach(async () => server?.close());

const at = (ms: number) => new Date(ms).toISOString();
const liveHolds = async (s: Server) =>
  (await s.rows<{ n: number }>('SELECT count(*) AS n FROM booking_holds WHERE expires_at > ?', s.clock.t))[0]!
    .n;

describe.each(ENGINES)('booking holds (%s)', (engine) => {
  it('answers the hold with its secret, times, clinician, change cut-off and an anonymous session (no cookie); the secret is stored hashed', async () => {
    server = await bookingServer({}, {}, engine);
    const s = server;
    const res = await s.hold({ service: 'derm-20', start: at(T0 + 60 * MINUTE) });
    expect(res.status).toBe(201);
    expect(res.headers.get('set-cookie')).toBe(null);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const h = await res.json();
    expect(h).toMatchObject({
      start: at(T0 + 60 * MINUTE),
      end: at(T0 + 80 * MINUTE),
      expiresAt: at(T0 + 5 * MINUTE),
      clinician: 'dr-a',
      // The service's 240-minute cut-off before the start: already past, so the picker says so before booking.
      changeableUntil: at(T0 - 180 * MINUTE),
    });
    expect(h.session).toMatch(/^vcs_/);
    const stored = JSON.stringify(await s.rows('SELECT * FROM booking_holds'));
    expect(stored).not.toContain(h.holdSecret);
    expect(stored).not.toContain(h.session);
  });

  it('1,000 hold attempts from one address hold at most holds.maxPerIp', async () => {
    server = await bookingServer({ holds: { maxPerIp: 3 } }, {}, engine);
    const s = server;
    const answers = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        s.hold({ service: 'derm-20', start: at(T0 + (60 + 20 * i) * MINUTE) }).then((r) => r.status),
      ),
    );
    expect(answers.filter((st) => st === 201)).toHaveLength(3);
    expect(answers.filter((st) => st === 429)).toHaveLength(997);
    expect(await liveHolds(s)).toBe(3);
    const refused = await s.hold({ service: 'derm-20', start: at(T0 + 30 * MINUTE) });
    expect((await refused.json()).code).toBe('hold-limit');
    expect(refused.headers.get('retry-after')).toBe('60');
  });

  it('keeps one live hold per caller: a new hold by the same session replaces the old one', async () => {
    server = await bookingServer({}, {}, engine);
    const s = server;
    const first = await (await s.hold({ service: 'derm-20', start: at(T0 + 60 * MINUTE) })).json();
    const second = await s.hold(
      { service: 'derm-20', start: at(T0 + 120 * MINUTE) },
      { 'booking-session': first.session },
    );
    expect(second.status).toBe(201);
    expect(await liveHolds(s)).toBe(1);
    // the first slot is free again for someone else
    expect((await s.hold({ service: 'derm-20', start: at(T0 + 60 * MINUTE) })).status).toBe(201);
  });

  it('an expired hold is reusable by someone else at once, and cannot be booked any more', async () => {
    server = await bookingServer({}, {}, engine);
    const s = server;
    const start = at(T0 + 60 * MINUTE);
    const first = await (await s.hold({ service: 'derm-20', start })).json();
    expect((await s.hold({ service: 'derm-20', start })).status).toBe(409);
    s.clock.t = T0 + 5 * MINUTE; // the instant it expires
    const second = await s.hold({ service: 'derm-20', start });
    expect(second.status).toBe(201);
    const late = await s.book({ holdId: first.holdId, holdSecret: first.holdSecret, patient: PATIENT });
    expect(late.status).toBe(404);
    expect((await late.json()).code).toBe('hold-not-found');
  });

  it('a hold that expired but was not yet taken over answers hold-expired', async () => {
    server = await bookingServer({}, {}, engine);
    const s = server;
    const h = await (await s.hold({ service: 'derm-20', start: at(T0 + 60 * MINUTE) })).json();
    s.clock.t = T0 + 6 * MINUTE;
    const res = await s.book({ holdId: h.holdId, holdSecret: h.holdSecret, patient: PATIENT });
    expect([res.status, (await res.json()).code]).toEqual([410, 'hold-expired']);
  });

  it('DELETE /v1/holds/:id with the secret releases the capacity; without it nothing happens', async () => {
    server = await bookingServer({}, {}, engine);
    const s = server;
    const start = at(T0 + 60 * MINUTE);
    const h = await (await s.hold({ service: 'derm-20', start })).json();
    const wrong = await s.json('DELETE', `/v1/holds/${h.holdId}`, { holdSecret: 'guess' });
    expect([wrong.status, (await wrong.json()).code]).toEqual([404, 'hold-not-found']);
    expect((await s.hold({ service: 'derm-20', start })).status).toBe(409);
    const released = await s.json('DELETE', `/v1/holds/${h.holdId}`, { holdSecret: h.holdSecret });
    expect(released.status).toBe(204);
    expect((await s.hold({ service: 'derm-20', start })).status).toBe(201);
  });

  it('refuses unknown services, starts the service does not offer, and ticket-only services without a ticket', async () => {
    server = await bookingServer({}, {}, engine);
    const s = server;
    const start = at(T0 + 60 * MINUTE);
    const code = async (r: Promise<Response>) => {
      const res = await r;
      return [res.status, (await res.json()).code];
    };
    expect(await code(s.hold({ service: 'nope', start }))).toEqual([401, 'ticket-missing']);
    expect(
      await code(
        s.hold(
          { service: 'nope', start },
          { authorization: `Bearer ${await s.ticket('patient', { appointment: 'booking-intent-1' })}` },
        ),
      ),
    ).toEqual([404, 'unknown-service']);
    expect(await code(s.hold({ service: 'derm-20', start: at(T0 + 61 * MINUTE) }))).toEqual([
      409,
      'slot-not-offered',
    ]);
    expect(await code(s.hold({ service: 'derm-ticket', start }))).toEqual([401, 'ticket-missing']);
    expect(await code(s.hold({ service: 'derm-20', start: 'tomorrow' }))).toEqual([400, 'bad-request']);
    const withTicket = await s.hold(
      { service: 'derm-ticket', start },
      { authorization: `Bearer ${await s.ticket('patient', { appointment: 'booking-intent-1' })}` },
    );
    expect(withTicket.status).toBe(201);
    expect((await withTicket.json()).session).toBe(undefined);
  });
});

describe.each(ENGINES)('the occupancy the slot engine subtracts (%s)', (engine) => {
  it('reports live holds and booked appointments with their buffer; not expired holds, cancelled visits or other clinicians', async () => {
    server = await bookingServer({}, {}, engine);
    const s = server;
    const a = await s.holdAndBook('derm-20', T0 + 60 * MINUTE);
    expect((await s.hold({ service: 'derm-buffered', start: at(T0 + 120 * MINUTE) })).status).toBe(201);
    // its buffer keeps the next 10 minutes free: 09:40 is taken, 09:50 is not
    expect((await s.hold({ service: 'derm-20', start: at(T0 + 140 * MINUTE) })).status).toBe(409);
    expect((await s.hold({ service: 'derm-20', start: at(T0 + 150 * MINUTE) })).status).toBe(201);
    const gone = await s.holdAndBook('derm-20', T0 + 300 * MINUTE);
    await s.app.request(`/v1/appointments/${gone.appointment.id}`, {
      method: 'DELETE',
      headers: s.withToken(gone.token),
    });
    await s.hold({ service: 'group', start: at(T0 + 60 * MINUTE) });
    const occupied = (now: number) =>
      s.store.bookings.occupied(['dr-a'], new Date(T0), new Date(T0 + 24 * 60 * MINUTE), new Date(now));
    expect(await occupied(T0)).toEqual([
      { clinicianId: 'dr-a', start: new Date(T0 + 120 * MINUTE), end: new Date(T0 + 150 * MINUTE), units: 1 },
      { clinicianId: 'dr-a', start: new Date(T0 + 150 * MINUTE), end: new Date(T0 + 170 * MINUTE), units: 1 },
      { clinicianId: 'dr-a', start: new Date(T0 + 60 * MINUTE), end: new Date(T0 + 80 * MINUTE), units: 1 },
    ]);
    expect(await occupied(T0 + 5 * MINUTE)).toEqual([
      { clinicianId: 'dr-a', start: new Date(T0 + 60 * MINUTE), end: new Date(T0 + 80 * MINUTE), units: 1 },
    ]);
    expect(a.appointment.start).toBe(at(T0 + 60 * MINUTE));
  });
});
