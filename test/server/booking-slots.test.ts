import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { createSlotEngine } from '../../src/server/booking/slots.js';
import type { Occupied, Service } from '../../src/server/booking/types.js';
import type { WeeklyRange } from '../../src/server/booking/schedule-schema.js';
import type { Schedule, ScheduleException } from '../../src/server/store/schedule-types.js';

const BERLIN = 'Europe/Berlin';
const EVERY_DAY: WeeklyRange['days'] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

const service = (overrides: Partial<Service> = {}): Service => ({
  id: 'video',
  title: 'Video visit',
  durationMinutes: 30,
  bufferMinutes: 0,
  slotStepMinutes: 30,
  capacity: 1,
  minLeadMinutes: 0,
  horizonDays: 30,
  changeCutoffMinutes: 240,
  clinicians: ['weber'],
  provider: 'sandbox',
  access: 'public',
  patients: 'any',
  asksDateOfBirth: false,
  ...overrides,
});

const schedule = (
  weekly: WeeklyRange[],
  exceptions: Omit<ScheduleException, 'id'>[] = [],
  clinicianId = 'weber',
): Schedule => ({
  clinicianId,
  zone: BERLIN,
  weekly,
  exceptions: exceptions.map((e, i) => ({ id: `ex${i}`, ...e })),
  origin: 'config',
  version: 1,
  updatedAt: new Date(0),
});

/** An in-memory occupancy: what the booking store would report as held or booked. */
function occupancy(entries: Occupied[] = []) {
  const calls: { ids: readonly string[]; from: Date; to: Date }[] = [];
  return {
    calls,
    reader: {
      occupied: async (ids: readonly string[], from: Date, to: Date) => {
        calls.push({ ids, from, to });
        return entries.filter((e) => ids.includes(e.clinicianId) && e.end > from && e.start < to);
      },
    },
  };
}

const engineFor = (schedules: Schedule[], taken: Occupied[] = []) =>
  createSlotEngine({ schedules: async () => schedules, occupancy: occupancy(taken).reader });

/** Local wall-clock `yyyy-MM-dd HH:mm` of an instant in Berlin, to read a test like a clinic does. */
const local = (d: Date, zone = BERLIN) => DateTime.fromJSDate(d, { zone }).toFormat('yyyy-MM-dd HH:mm ZZ');
const at = (iso: string) => new Date(iso);
const day = (isoDate: string, zone = BERLIN) => {
  const start = DateTime.fromISO(isoDate, { zone });
  return { from: start.toJSDate(), to: start.plus({ days: 1 }).toJSDate() };
};

describe('slot engine: daylight saving time in Europe/Berlin', () => {
  const night = schedule([{ days: EVERY_DAY, from: '01:00', to: '04:00' }]);

  it('offers no slot in the hour skipped on the spring-forward day', async () => {
    const slots = await engineFor([night]).slots(service(), {
      ...day('2026-03-29'),
      now: at('2026-03-20T00:00:00Z'),
    });
    // 01:00–04:00 local is two real hours on 29 March: 02:00–02:59 does not exist.
    expect(slots.map((s) => local(s.start))).toEqual([
      '2026-03-29 01:00 +01:00',
      '2026-03-29 01:30 +01:00',
      '2026-03-29 03:00 +02:00',
      '2026-03-29 03:30 +02:00',
    ]);
    expect(slots.map((s) => s.start.toISOString())).toEqual([
      '2026-03-29T00:00:00.000Z',
      '2026-03-29T00:30:00.000Z',
      '2026-03-29T01:00:00.000Z',
      '2026-03-29T01:30:00.000Z',
    ]);
  });

  it('doubles no slot in the hour repeated on the fall-back day', async () => {
    const slots = await engineFor([night]).slots(service(), {
      ...day('2026-10-25'),
      now: at('2026-10-20T00:00:00Z'),
    });
    const instants = slots.map((s) => s.start.getTime());
    expect(new Set(instants).size).toBe(instants.length);
    // Four real hours: each start once, 02:00 and 02:30 once in summer time and once in winter time.
    expect(slots.map((s) => local(s.start))).toEqual([
      '2026-10-25 01:00 +02:00',
      '2026-10-25 01:30 +02:00',
      '2026-10-25 02:00 +02:00',
      '2026-10-25 02:30 +02:00',
      '2026-10-25 02:00 +01:00',
      '2026-10-25 02:30 +01:00',
      '2026-10-25 03:00 +01:00',
      '2026-10-25 03:30 +01:00',
    ]);
    expect(slots.every((s) => s.end.getTime() - s.start.getTime() === 30 * 60_000)).toBe(true);
  });

  it('keeps office hours at the same wall-clock time across the change', async () => {
    const office = schedule([{ days: EVERY_DAY, from: '09:00', to: '10:00' }]);
    const slots = await engineFor([office]).slots(service(), {
      from: at('2026-10-24T00:00:00Z'),
      to: at('2026-10-27T00:00:00Z'),
      now: at('2026-10-20T00:00:00Z'),
    });
    expect(slots.map((s) => s.start.toISOString())).toEqual([
      '2026-10-24T07:00:00.000Z',
      '2026-10-24T07:30:00.000Z',
      '2026-10-25T08:00:00.000Z',
      '2026-10-25T08:30:00.000Z',
      '2026-10-26T08:00:00.000Z',
      '2026-10-26T08:30:00.000Z',
    ]);
  });
});

describe('slot engine: lead time and horizon', () => {
  const office = schedule([{ days: EVERY_DAY, from: '08:00', to: '18:00' }]);

  it('offers nothing sooner than the lead time after now', async () => {
    const now = at('2026-05-04T08:10:00Z'); // 10:10 in Berlin
    const slots = await engineFor([office]).slots(service({ minLeadMinutes: 60 }), {
      ...day('2026-05-04'),
      now,
    });
    expect(local(slots[0]!.start)).toBe('2026-05-04 11:30 +02:00');
    expect(slots.every((s) => s.start.getTime() >= now.getTime() + 3600_000)).toBe(true);
  });

  it('offers nothing beyond the horizon', async () => {
    const now = at('2026-05-04T06:00:00Z');
    const slots = await engineFor([office]).slots(service({ horizonDays: 2 }), {
      from: now,
      to: at('2026-05-20T00:00:00Z'),
      now,
    });
    expect(slots.at(-1)!.start.getTime()).toBeLessThanOrEqual(now.getTime() + 2 * 86_400_000);
    expect(local(slots.at(-1)!.start)).toBe('2026-05-06 08:00 +02:00');
  });
});

describe('slot engine: exceptions', () => {
  const weekdays = [
    { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '12:00' },
  ] as WeeklyRange[];
  const now = at('2026-05-01T00:00:00Z');
  const starts = async (s: Schedule, isoDate: string) =>
    (await engineFor([s]).slots(service(), { ...day(isoDate), now })).map((x) =>
      local(x.start).slice(11, 16),
    );

  it('closes a whole day', async () => {
    const closed = schedule(weekdays, [{ date: '2026-05-05', kind: 'closed' }]);
    expect(await starts(closed, '2026-05-05')).toEqual([]);
    expect(await starts(closed, '2026-05-06')).toHaveLength(6);
  });

  it('takes blocked hours out', async () => {
    const blocked = schedule(weekdays, [{ date: '2026-05-05', kind: 'blocked', from: '10:00', to: '11:00' }]);
    expect(await starts(blocked, '2026-05-05')).toEqual(['09:00', '09:30', '11:00', '11:30']);
  });

  it('adds extra hours, also on a day without weekly hours', async () => {
    const extra = schedule(weekdays, [
      { date: '2026-05-05', kind: 'extra', from: '11:00', to: '13:00' },
      { date: '2026-05-10', kind: 'extra', from: '10:00', to: '11:00' },
    ]);
    expect(await starts(extra, '2026-05-05')).toEqual([
      '09:00',
      '09:30',
      '10:00',
      '10:30',
      '11:00',
      '11:30',
      '12:00',
      '12:30',
    ]);
    expect(await starts(extra, '2026-05-10')).toEqual(['10:00', '10:30']); // a Sunday
  });
});

describe('slot engine: capacity, occupancy and buffer', () => {
  const hour = schedule([{ days: EVERY_DAY, from: '09:00', to: '10:00' }]);
  const now = at('2026-05-01T00:00:00Z');
  const nine = at('2026-05-05T07:00:00Z'); // 09:00 in Berlin
  const plus = (d: Date, minutes: number) => new Date(d.getTime() + minutes * 60_000);

  it('subtracts held and booked units from the capacity', async () => {
    const group = service({ capacity: 2 });
    const one: Occupied = { clinicianId: 'weber', start: nine, end: plus(nine, 30), units: 1 };
    let slots = await engineFor([hour], [one]).slots(group, { ...day('2026-05-05'), now });
    expect(slots.map((s) => s.clinicians)).toEqual([[{ id: 'weber', free: 1 }], [{ id: 'weber', free: 2 }]]);
    slots = await engineFor([hour], [one, { ...one, units: 1 }]).slots(group, { ...day('2026-05-05'), now });
    expect(slots.map((s) => local(s.start).slice(11, 16))).toEqual(['09:30']);
  });

  it('removes every start an unequal booking overlaps', async () => {
    // A 20-minute visit from 09:20 touches the 09:00 and the 09:30 slot of a 30-minute service.
    const taken: Occupied = { clinicianId: 'weber', start: plus(nine, 20), end: plus(nine, 40), units: 1 };
    const slots = await engineFor([hour], [taken]).slots(service(), { ...day('2026-05-05'), now });
    expect(slots).toEqual([]);
  });

  it('keeps the buffer free after each visit, inside opening hours', async () => {
    const buffered = service({ durationMinutes: 20, bufferMinutes: 15, slotStepMinutes: 20 });
    const slots = await engineFor([hour]).slots(buffered, { ...day('2026-05-05'), now });
    // 09:40 + 20 + 15 ends after 10:00.
    expect(slots.map((s) => [local(s.start).slice(11, 16), local(s.end).slice(11, 16)])).toEqual([
      ['09:00', '09:20'],
      ['09:20', '09:40'],
    ]);
    // A booking from 09:00 (with its own 15-minute buffer to 09:35) leaves no room for 09:20.
    const taken: Occupied = { clinicianId: 'weber', start: nine, end: plus(nine, 35), units: 1 };
    expect(await engineFor([hour], [taken]).slots(buffered, { ...day('2026-05-05'), now })).toEqual([]);
  });

  it('merges clinicians on the same start and filters by clinician', async () => {
    const both = service({ clinicians: ['weber', 'okafor'] });
    const schedules = [hour, { ...hour, clinicianId: 'okafor' }];
    const taken: Occupied = { clinicianId: 'okafor', start: nine, end: plus(nine, 30), units: 1 };
    const slots = await engineFor(schedules, [taken]).slots(both, { ...day('2026-05-05'), now });
    expect(slots.map((s) => s.clinicians.map((c) => c.id))).toEqual([['weber'], ['weber', 'okafor']]);
    const only = await engineFor(schedules, [taken]).slots(both, {
      ...day('2026-05-05'),
      now,
      clinicianId: 'okafor',
    });
    expect(only.map((s) => local(s.start).slice(11, 16))).toEqual(['09:30']);
  });
});

describe('slot oracle', () => {
  const office = schedule([{ days: EVERY_DAY, from: '09:00', to: '12:00' }]);
  const now = at('2026-05-01T00:00:00Z');

  it('says whether a start is offered and by whom, ignoring occupancy', async () => {
    const taken: Occupied = {
      clinicianId: 'weber',
      start: at('2026-05-05T07:00:00Z'),
      end: at('2026-05-05T07:30:00Z'),
      units: 1,
    };
    const engine = engineFor([office], [taken]);
    expect(await engine.offered(service(), at('2026-05-05T07:00:00Z'), now)).toEqual({
      end: at('2026-05-05T07:30:00Z'),
      clinicianIds: ['weber'],
    });
    expect(await engine.offered(service(), at('2026-05-05T07:10:00Z'), now)).toBeUndefined(); // off the step
    expect(await engine.offered(service(), at('2026-05-05T10:00:00Z'), now)).toBeUndefined(); // closed
    expect(await engine.offered(service(), at('2026-05-05T07:00:00Z'), now, 'okafor')).toBeUndefined();
    expect(
      await engine.offered(service({ horizonDays: 1 }), at('2026-05-05T07:00:00Z'), now),
    ).toBeUndefined();
  });
});
