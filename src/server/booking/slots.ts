import type { Schedule } from '../store/schedule-types.js';
import { createLocalClock, localDates, openSpans, type Span } from './open-hours.js';
import type { Occupied, OccupancyReader, Service, Slot, SlotOracle } from './types.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export interface SlotQuery {
  /** Slots starting in `[from, to)`; clipped to the service's lead time and horizon. */
  from: Date;
  to: Date;
  now: Date;
  /** Only this clinician's slots. */
  clinicianId?: string;
}

export interface SlotEngine extends SlotOracle {
  /** Free slots of `service`, earliest first: schedule and exceptions, minus what is held or booked. */
  slots(service: Service, query: SlotQuery): Promise<Slot[]>;
}

/** Where the engine reads schedules and occupancy (injected: the store, or fakes in tests). */
export interface SlotEngineDeps {
  schedules: (clinicianIds: readonly string[]) => Promise<Schedule[]>;
  occupancy: OccupancyReader;
}

/** Starts a service may offer: not before now + lead time, not after now + horizon. */
export const bookableRange = (service: Service, now: Date) => ({
  earliest: now.getTime() + service.minLeadMinutes * MINUTE,
  latest: now.getTime() + service.horizonDays * DAY,
});

/** One clinician's occupied spans as numbers, sorted by start, for many lookups. */
interface Taken {
  starts: number[];
  ends: number[];
  units: number[];
  /** The longest span: bounds the backward scan. */
  longest: number;
}

const takenOf = (occupied: readonly Occupied[]): Taken => {
  const sorted = occupied
    .map((o) => ({ start: o.start.getTime(), end: o.end.getTime(), units: o.units }))
    .sort((x, y) => x.start - y.start);
  return {
    starts: sorted.map((o) => o.start),
    ends: sorted.map((o) => o.end),
    units: sorted.map((o) => o.units),
    longest: sorted.reduce((m, o) => Math.max(m, o.end - o.start), 0),
  };
};

/** Units of `taken` that overlap `[start, end)`. */
function usedUnits(taken: Taken, start: number, end: number): number {
  // First entry starting at or after `end`: nothing from there on overlaps.
  let lo = 0;
  let hi = taken.starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (taken.starts[mid]! < end) lo = mid + 1;
    else hi = mid;
  }
  let used = 0;
  for (let i = lo - 1; i >= 0 && taken.starts[i]! > start - taken.longest; i--) {
    if (taken.ends[i]! > start) used += taken.units[i]!;
  }
  return used;
}

/** What makes two schedules' hours the same (not who they belong to, nor exception ids). */
const patternOf = (s: Schedule) =>
  JSON.stringify([s.zone, s.weekly, s.exceptions.map(({ id: _id, ...e }) => e)]);

/**
 * Starts inside one open span: on the service's step from the span's start, each with its duration and
 * buffer inside the span, within `[lo, hi]`.
 */
function* startsIn(span: Span, service: Service, lo: number, hi: number): Generator<number> {
  const step = service.slotStepMinutes * MINUTE;
  const length = (service.durationMinutes + service.bufferMinutes) * MINUTE;
  const first = span.start + Math.max(0, Math.ceil((lo - span.start) / step)) * step;
  for (let t = first; t + length <= span.end && t <= hi; t += step) yield t;
}

/**
 * The slot engine: weekly hours and exceptions in each schedule's zone (luxon) become UTC starts on the
 * service's step; occupied capacity (live holds, booked appointments, with their buffers) is subtracted.
 * Instants are UTC throughout: a patient's zone changes nothing but how a page shows them.
 */
export function createSlotEngine(deps: SlotEngineDeps): SlotEngine {
  /** Candidate starts per clinician in `[lo, hi]` (`hi` inclusive), ignoring occupancy. */
  async function candidates(service: Service, lo: number, hi: number, clinicianId?: string) {
    const ids = service.clinicians.filter((id) => clinicianId === undefined || id === clinicianId);
    if (ids.length === 0 || hi < lo) return [];
    const schedules = (await deps.schedules(ids)).filter((s) => ids.includes(s.clinicianId));
    const clock = createLocalClock();
    const length = (service.durationMinutes + service.bufferMinutes) * MINUTE;
    // Clinicians with the same hours (zone, weekly, exceptions) share one computation.
    const byPattern = new Map<string, number[]>();
    return schedules.map((schedule) => {
      const pattern = patternOf(schedule);
      let starts = byPattern.get(pattern);
      if (!starts) {
        starts = [];
        const dates = localDates(schedule.zone, lo, hi + length);
        for (const span of openSpans(schedule, dates, lo, hi + length, clock)) {
          for (const t of startsIn(span, service, lo, hi)) starts.push(t);
        }
        byPattern.set(pattern, starts);
      }
      return { clinicianId: schedule.clinicianId, starts };
    });
  }

  return {
    async slots(service, query) {
      const { earliest, latest } = bookableRange(service, query.now);
      const lo = Math.max(query.from.getTime(), earliest);
      const hi = Math.min(query.to.getTime() - 1, latest);
      const perClinician = await candidates(service, lo, hi, query.clinicianId);
      if (perClinician.length === 0) return [];
      const length = (service.durationMinutes + service.bufferMinutes) * MINUTE;
      const occupied = await deps.occupancy.occupied(
        perClinician.map((c) => c.clinicianId),
        new Date(lo),
        new Date(hi + length),
        query.now,
      );
      const takenBy = new Map<string, Occupied[]>();
      for (const o of occupied) {
        const list = takenBy.get(o.clinicianId);
        if (list) list.push(o);
        else takenBy.set(o.clinicianId, [o]);
      }
      const byStart = new Map<number, Slot>();
      for (const { clinicianId, starts } of perClinician) {
        const list = takenBy.get(clinicianId);
        const taken = list && takenOf(list);
        for (const t of starts) {
          const free = taken ? service.capacity - usedUnits(taken, t, t + length) : service.capacity;
          if (free <= 0) continue;
          let slot = byStart.get(t);
          if (!slot) {
            slot = {
              start: new Date(t),
              end: new Date(t + service.durationMinutes * MINUTE),
              clinicians: [],
            };
            byStart.set(t, slot);
          }
          slot.clinicians.push({ id: clinicianId, free });
        }
      }
      return [...byStart.values()].sort((a, b) => a.start.getTime() - b.start.getTime());
    },

    async offered(service, start, now, clinicianId) {
      const t = start.getTime();
      const { earliest, latest } = bookableRange(service, now);
      if (t < earliest || t > latest) return undefined;
      const perClinician = await candidates(service, t, t, clinicianId);
      const clinicianIds = perClinician.filter((c) => c.starts.includes(t)).map((c) => c.clinicianId);
      if (clinicianIds.length === 0) return undefined;
      return { end: new Date(t + service.durationMinutes * MINUTE), clinicianIds };
    },
  };
}
