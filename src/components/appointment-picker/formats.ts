import type { Slot } from './booking-client.js';
import { dateFormat, type Day, dayIn, utcNoon } from './zones.js';

// Display formats, in the locale the picker's strings render in. Days are formatted at their UTC noon in UTC, so
// that the date shown is the calendar date itself whatever the zone.

const format = (locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat =>
  dateFormat(
    locale + JSON.stringify(options),
    () => new Intl.DateTimeFormat(locale, { timeZone: 'UTC', ...options }),
  );

/** "Tuesday 4 March": what a day is called, in full (screen readers never hear "4"). */
export const fullDate = (day: Day, locale: string): string =>
  format(locale, { weekday: 'long', day: 'numeric', month: 'long' }).format(utcNoon(day));

/** "March 2026". */
export const monthName = (day: Day, locale: string): string =>
  format(locale, { month: 'long', year: 'numeric' }).format(utcNoon(day));

/** The day of month, for a grid cell ("4"; its accessible name is the full date). */
export const dayNumber = (day: Day, locale: string): string =>
  format(locale, { day: 'numeric' }).format(utcNoon(day));

/** Short and long weekday names of `day` ("Tue", "Tuesday") for column headers. */
export const weekdayNames = (day: Day, locale: string): [string, string] => [
  format(locale, { weekday: 'short' }).format(utcNoon(day)),
  format(locale, { weekday: 'long' }).format(utcNoon(day)),
];

/** The wall-clock time of `instant` in `zone` ("09:00", "9:00 AM"). */
export const clockTime = (instant: string | Date, zone: string, locale: string): string =>
  // A list page formats hundreds: looked up without building a key from the options.
  dateFormat(`time ${zone} ${locale}`, () => {
    // Where the locale writes a 24-hour clock, "09:00", as timetables do, not "9:00".
    const h23 = format(locale, { hour: 'numeric' }).resolvedOptions().hourCycle === 'h23';
    return new Intl.DateTimeFormat(locale, {
      timeZone: zone,
      hour: h23 ? '2-digit' : 'numeric',
      minute: '2-digit',
    });
  }).format(new Date(instant));

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
