import { DateTime } from 'luxon';
import type { Schedule } from '../store/schedule-types.js';
import { minuteOfDay, WEEKDAYS } from './schedule-schema.js';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** A half-open span `[start, end)` in milliseconds since the epoch (UTC), or in minutes of a local day. */
export interface Span {
  start: number;
  end: number;
}

/** Sorted, non-overlapping union of spans (touching spans join). */
export function union(spans: Span[]): Span[] {
  const sorted = spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out.at(-1);
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

/** `spans` minus `cut` (both sorted unions). */
export function subtract(spans: readonly Span[], cut: readonly Span[]): Span[] {
  const out: Span[] = [];
  for (const s of spans) {
    let start = s.start;
    for (const c of cut) {
      if (c.end <= start || c.start >= s.end) continue;
      if (c.start > start) out.push({ start, end: c.start });
      start = Math.max(start, c.end);
    }
    if (start < s.end) out.push({ start, end: s.end });
  }
  return out;
}

/** The opening hours of one local date, in minutes of that day: weekly hours, then the date's exceptions. */
export function localDayHours(schedule: Schedule, isoDate: string, weekday: number): Span[] {
  const day = WEEKDAYS[weekday - 1]!;
  const exceptions = schedule.exceptions.filter((e) => e.date === isoDate);
  if (exceptions.some((e) => e.kind === 'closed')) return [];
  const span = (r: { from?: string; to?: string }) => ({
    start: minuteOfDay(r.from!),
    end: minuteOfDay(r.to!),
  });
  const weekly = schedule.weekly.filter((r) => r.days.includes(day)).map(span);
  const extra = exceptions.filter((e) => e.kind === 'extra').map(span);
  const blocked = union(exceptions.filter((e) => e.kind === 'blocked').map(span));
  return subtract(union([...weekly, ...extra]), blocked);
}

/** Local midnights by zone and date; tz rules do not change while the process runs. */
const midnights = new Map<string, { midnight: number; next: number }>();
const MAX_CACHED_DAYS = 100_000;

/**
 * Converts local wall-clock times to instants with luxon. Each local date's midnight and the next one
 * come from luxon (cached per zone and date, for the process: the schedules of one clinic share them);
 * on a day whose length is 24 hours the offset does not change, so a time is its midnight plus its
 * minutes. On a DST day luxon converts each time itself: a time that does not exist (the hour skipped in
 * spring) moves forward by the gap, so an 02:00–03:00 range on Europe/Berlin's spring-forward day is
 * empty; an ambiguous one (the hour repeated in autumn) is its first occurrence, and the real time
 * between a range's ends is what is open.
 */
export function createLocalClock() {
  return (zone: string, isoDate: string, minute: number): number => {
    const key = `${zone}|${isoDate}`;
    let day = midnights.get(key);
    if (!day) {
      const date = DateTime.fromISO(isoDate, { zone });
      day = { midnight: date.toMillis(), next: date.plus({ days: 1 }).toMillis() };
      if (midnights.size >= MAX_CACHED_DAYS) midnights.clear();
      midnights.set(key, day);
    }
    if (minute >= 1440) return day.next;
    if (day.next - day.midnight === DAY_MS) return day.midnight + minute * MINUTE_MS;
    return DateTime.fromISO(isoDate, { zone })
      .set({ hour: Math.floor(minute / 60), minute: minute % 60 })
      .toMillis();
  };
}

/**
 * The local dates (ISO date and ISO weekday, 1 = Monday) in `zone` that `[from, to)` touches: luxon
 * finds the first and last, the dates between are plain calendar steps.
 */
export function localDates(zone: string, from: number, to: number): { iso: string; weekday: number }[] {
  const first = DateTime.fromMillis(from, { zone });
  const last = DateTime.fromMillis(to, { zone }).toISODate()!;
  const dates: { iso: string; weekday: number }[] = [];
  for (let i = 0; ; i++) {
    const d = new Date(Date.UTC(first.year, first.month - 1, first.day + i));
    const iso = d.toISOString().slice(0, 10);
    dates.push({ iso, weekday: d.getUTCDay() === 0 ? 7 : d.getUTCDay() });
    if (iso >= last) return dates;
  }
}

/** Opening hours of a schedule on `dates` (see `localDates`) as UTC spans overlapping `[from, to)`. */
export function openSpans(
  schedule: Schedule,
  dates: readonly { iso: string; weekday: number }[],
  from: number,
  to: number,
  clock: ReturnType<typeof createLocalClock>,
): Span[] {
  const spans: Span[] = [];
  for (const { iso, weekday } of dates) {
    for (const local of localDayHours(schedule, iso, weekday)) {
      const start = clock(schedule.zone, iso, local.start);
      const end = clock(schedule.zone, iso, local.end);
      if (end > from && start < to && end > start) spans.push({ start, end });
    }
  }
  return spans;
}
