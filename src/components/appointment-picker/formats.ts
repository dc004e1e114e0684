import { type Day, utcNoon } from './zones.js';
import type { Slot } from './booking-client.js';
import { dayIn } from './zones.js';

// Display formats, in the locale the picker's strings render in. Days are formatted at their UTC noon in UTC, so
// that the date shown is the calendar date itself whatever the zone.

const cache = new Map<string, Intl.DateTimeFormat>();
const format = (locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat => {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(locale, options)));
  return f;
};

/** "Tuesday 4 March": what a day is called, in full (screen readers never hear "4"). */
export const fullDate = (day: Day, locale: string): string =>
  format(locale, { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long' }).format(utcNoon(day));

/** "March 2026". */
export const monthName = (day: Day, locale: string): string =>
  format(locale, { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(utcNoon(day));

/** The day of month, for a grid cell ("4"; its accessible name is the full date). */
export const dayNumber = (day: Day, locale: string): string =>
  format(locale, { timeZone: 'UTC', day: 'numeric' }).format(utcNoon(day));

/** Short and long weekday names of `day` ("Tue", "Tuesday") for column headers. */
export const weekdayNames = (day: Day, locale: string): [string, string] => [
  format(locale, { timeZone: 'UTC', weekday: 'short' }).format(utcNoon(day)),
  format(locale, { timeZone: 'UTC', weekday: 'long' }).format(utcNoon(day)),
];

/** Whether the locale writes a 24-hour clock (then "09:00", as timetables do, not "9:00"). */
const twentyFour = (locale: string) =>
  format(locale, { hour: 'numeric' }).resolvedOptions().hourCycle === 'h23';

// One per zone and locale, looked up without building a key from the options: a list page formats hundreds.
const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock time of `instant` in `zone` ("09:00", "9:00 AM"). */
export const clockTime = (instant: string | Date, zone: string, locale: string): string => {
  const key = `${zone}|${locale}`;
  let f = timeFormats.get(key);
  if (!f) {
    const hour = twentyFour(locale) ? '2-digit' : 'numeric';
    timeFormats.set(key, (f = new Intl.DateTimeFormat(locale, { timeZone: zone, hour, minute: '2-digit' })));
  }
  return f.format(new Date(instant));
};

/** Slots grouped by their calendar date in `zone`, days and times in order. */
export const slotsByDay = (slots: readonly Slot[], zone: string): Map<Day, Slot[]> => {
  const days = new Map<Day, Slot[]>();
  const sorted = [...slots].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  for (const slot of sorted) {
    const day = dayIn(new Date(slot.start), zone);
    const list = days.get(day);
    if (list) list.push(slot);
    else days.set(day, [slot]);
  }
  return days;
};
