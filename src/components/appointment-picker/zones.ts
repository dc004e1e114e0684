// Dates and zones with `Intl` only (no date library in the browser). A "day" is a plain calendar date written
// `YYYY-MM-DD`, as it falls in a given IANA zone; calendar arithmetic on days runs in UTC, where every day has 24 h.

/** A calendar date, `YYYY-MM-DD`. */
export type Day = string;

const formats = new Map<string, Intl.DateTimeFormat>();

/** The formatter `make` makes, made once per `key`. */
export const dateFormat = (key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat => {
  let format = formats.get(key);
  if (!format) formats.set(key, (format = make()));
  return format;
};

/** The calendar date of `instant` in `zone`: the UTC date of its wall clock there. */
export const dayIn = (instant: Date | number, zone: string): Day =>
  toDay(new Date(+instant + offsetMinutes(instant, zone) * 60_000));

const parts = (day: Day) => day.split('-').map(Number) as [number, number, number];

/** Noon UTC of `day`: an instant that falls on that date in every zone from UTC-11 to UTC+11. */
export const utcNoon = (day: Day): Date => {
  const [y, m, d] = parts(day);
  return new Date(Date.UTC(y, m - 1, d, 12));
};

const toDay = (date: Date): Day => date.toISOString().slice(0, 10);

/** `day` moved by whole days (negative: back). */
export const addDays = (day: Day, days: number): Day => {
  const date = utcNoon(day);
  date.setUTCDate(date.getUTCDate() + days);
  return toDay(date);
};

/** `day` moved by whole months, the day of month clamped to the target month's length (31 Jan + 1 = 28/29 Feb). */
export const addMonths = (day: Day, months: number): Day => {
  const [y, m, d] = parts(day);
  const last = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return toDay(new Date(Date.UTC(y, m - 1 + months, Math.min(d, last), 12)));
};

/** 1 (Monday) … 7 (Sunday), ISO numbering as `Intl.Locale` week info uses. */
export const weekday = (day: Day): number => utcNoon(day).getUTCDay() || 7;

/** The first day of the week `day` is in, weeks starting on `firstDay` (1-7). */
export const weekStart = (day: Day, firstDay: number): Day =>
  addDays(day, -((weekday(day) - firstDay + 7) % 7));

/** The first of `day`'s month. */
export const monthStart = (day: Day): Day => `${day.slice(0, 8)}01`;

/** The locale's first day of the week (1 = Monday … 7 = Sunday), Monday where the browser cannot say. */
export const localeFirstDay = (locale: string): number => {
  try {
    const info = new Intl.Locale(locale) as Intl.Locale & {
      getWeekInfo?: () => { firstDay: number };
      weekInfo?: { firstDay: number };
    };
    return info.getWeekInfo?.().firstDay ?? info.weekInfo?.firstDay ?? 1;
  } catch {
    return 1;
  }
};

/** Offset of `zone` from UTC at `instant`, in minutes. */
export const offsetMinutes = (instant: Date | number, zone: string): number => {
  const name = dateFormat(
    `offset ${zone}`,
    () => new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }),
  )
    .formatToParts(instant)
    .find((p) => p.type === 'timeZoneName')?.value;
  const match = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name ?? '');
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return match[1] === '-' ? -minutes : minutes;
};

/**
 * How the clocks of `zone` change on `day`: +60 when they go forward an hour (spring), -60 when they go back,
 * 0 on an ordinary day. Compares the offset at the day's first and last local minute.
 */
export const clockChange = (day: Day, zone: string): number => {
  const noon = utcNoon(day).getTime();
  const hour = 3_600_000;
  // Local midnight is UTC midnight minus the offset; the offset of the previous noon is right before any change.
  const start = noon - 12 * hour - offsetMinutes(noon - 24 * hour, zone) * 60_000;
  const end = noon + 12 * hour - offsetMinutes(noon, zone) * 60_000 - 60_000;
  return offsetMinutes(end, zone) - offsetMinutes(start, zone);
};

/** `zone` when it is an IANA zone this browser knows, else the browser's own zone. */
export const knownZone = (zone?: string): string => {
  try {
    // Throws a RangeError for a zone it does not know.
    if (zone && new Intl.DateTimeFormat('en', { timeZone: zone })) return zone;
  } catch {
    // An unknown zone: the browser's.
  }
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
};

/** The long name of `zone` at `instant` in `locale` ("Central European Summer Time"), never an abbreviation. */
export const zoneName = (zone: string, locale: string, instant: Date | number = Date.now()): string =>
  dateFormat(
    `name ${zone} ${locale}`,
    () => new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'long' }),
  )
    .formatToParts(instant)
    .find((p) => p.type === 'timeZoneName')?.value ?? zone;

/** The zone's city as people say it: `Europe/Berlin` -> "Berlin", `America/New_York` -> "New York". */
export const zoneCity = (zone: string): string => (zone.split('/').pop() ?? zone).replaceAll('_', ' ');
