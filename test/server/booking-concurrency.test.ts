import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { BookingError } from '../../src/server/store/booking-types.js';
import { bookingServer, MINUTE, PATIENT, T0 } from './support/booking.js';
import { ENGINES } from './support/engines.js';

type Server = Awaited<ReturnType<typeof bookingServer>>;
let server: Server | undefined;
afterEach(async () => server?.close());

const at = (ms: number) => new Date(ms).toISOString();

describe.each(ENGINES)('booking: double booking is impossible (%s)', (engine) => {
  it('200 concurrent bookings of one single-capacity slot with distinct keys: exactly 1 success, 199 slot-taken', async () => {
    server = await bookingServer({}, {}, engine);
    const s = server;
    const start = at(T0 + 60 * MINUTE);
    // 200 patients, each hold-then-book with their own session and key, all at once.
    const attempt = async () => {
      const held = await s.hold({ service: 'derm-20', start });
      if (held.status !== 201) return (await held.json()).code as string;
      const h = await held.json();
      const booked = await s.book(
        { holdId: h.holdId, holdSecret: h.holdSecret, patient: PATIENT },
        randomUUID(),
        { 'booking-session': h.session },
      );
      return booked.status === 201 ? 'booked' : ((await booked.json()).code as string);
    };
    const outcomes = await Promise.all(Array.from({ length: 200 }, attempt));
    expect(outcomes.filter((o) => o === 'booked')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'slot-taken')).toHaveLength(199);
    expect(await s.rows('SELECT id FROM appointments')).toHaveLength(1);
  });

  it('the same key sent 50 times concurrently makes 1 appointment; the others replay or are told it is in flight', async () => {
    server = await bookingServer({}, {}, engine);
    const s = server;
    const h = await (await s.hold({ service: 'derm-20', start: at(T0 + 60 * MINUTE) })).json();
    const key = randomUUID();
    const body = { holdId: h.holdId, holdSecret: h.holdSecret, patient: PATIENT };
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => s.book(body, key, { 'booking-session': h.session })),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.every((st) => st === 201 || st === 409)).toBe(true);
    const created = await Promise.all(answers.filter((r) => r.status === 201).map((r) => r.json()));
    expect(new Set(created.map((b) => b.appointment.id)).size).toBe(1);
    for (const r of answers.filter((r) => r.status === 409)) {
      expect((await r.json()).code).toBe('idempotency-key-in-flight');
    }
    expect(await s.rows('SELECT id FROM appointments')).toHaveLength(1);
    // after the first answer, the key replays it (the same token too)
    const again = await s.book(body, key, { 'booking-session': h.session });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(created[0]);
  });

  it('a 20- and a 30-minute visit of one clinician that overlap cannot both be held or booked', async () => {
    server = await bookingServer({}, {}, engine);
    const s = server;
    // 09:00-09:20 booked, then 08:40-09:10 (30 min) overlaps its first 10 minutes
    await s.holdAndBook('derm-20', T0 + 60 * MINUTE);
    const overlapping = await s.hold({ service: 'derm-30', start: at(T0 + 40 * MINUTE) });
    expect(overlapping.status).toBe(409);
    expect((await overlapping.json()).code).toBe('slot-taken');
    // and one that only touches it (08:30-09:00) is fine
    expect((await s.hold({ service: 'derm-30', start: at(T0 + 30 * MINUTE) })).status).toBe(201);
  });

  it('the database refuses overlapping capacity even when the store is called directly, one range inside another', async () => {
    server = await bookingServer({}, {}, engine);
    const { bookings } = server.store;
    const hold = (id: string, start: number, minutes: number, holder: string) =>
      bookings.createHold(
        {
          id,
          serviceId: 'derm-30',
          start: new Date(start),
          end: new Date(start + minutes * MINUTE),
          blockedUntil: new Date(start + minutes * MINUTE),
          clinicianIds: ['dr-a'],
          capacity: 1,
          expiresAt: new Date(T0 + 5 * MINUTE),
          secretHash: 'x',
          holder,
          source: holder,
          maxPerSource: 10,
        },
        new Date(T0),
      );
    const results = await Promise.allSettled([
      hold('h1', T0 + 60 * MINUTE, 30, 'a'),
      hold('h2', T0 + 70 * MINUTE, 20, 'b'),
      hold('h3', T0 + 85 * MINUTE, 20, 'c'),
    ]);
    // Each overlaps h2, h1 overlaps both: exactly one wins. SQLite runs them in call order (h1 wins);
    // on PostgreSQL they race, and whichever commits first takes the units.
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected')) {
      expect(r.reason).toEqual(new BookingError('slot-taken'));
    }
    if (engine === 'sqlite') expect(results[0]!.status).toBe('fulfilled');
    // a capacity-3 service seats three patients in one slot, a fourth is refused
    const group = (id: string) =>
      bookings.createHold(
        {
          id,
          serviceId: 'group',
          start: new Date(T0 + 60 * MINUTE),
          end: new Date(T0 + 80 * MINUTE),
          blockedUntil: new Date(T0 + 80 * MINUTE),
          clinicianIds: ['dr-b'],
          capacity: 3,
          expiresAt: new Date(T0 + 5 * MINUTE),
          secretHash: 'x',
          holder: id,
          source: id,
          maxPerSource: 10,
        },
        new Date(T0),
      );
    const seats = await Promise.allSettled(['g1', 'g2', 'g3', 'g4'].map(group));
    expect(seats.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    const refused = seats.filter((r) => r.status === 'rejected');
    expect(refused.map((r) => r.reason)).toEqual([new BookingError('slot-taken')]);
  });
});
