import * as v from 'valibot';

/**
 * The doc's durations: ISO 8601 time durations as the vendor writes them, `PT5M0s` in answers (a lowercase
 * seconds designator, from Go's duration printer) and `PT5M` / `PT10H` in requests; `P1D` for days.
 * Designators are read case-insensitively; fractions only on seconds. Returns whole milliseconds.
 */
const DURATION = /^P(?:(\d{1,4})D)?(?:T(?:(\d{1,5})H)?(?:(\d{1,7})M)?(?:(\d{1,9})(?:\.(\d{1,9}))?S)?)?$/i;

export const parseDuration = (value: string): number | undefined => {
  const match = DURATION.exec(value);
  if (match === null || value.toUpperCase().endsWith('T') || value.toUpperCase() === 'P') return undefined;
  const [, days, hours, minutes, seconds, fraction] = match;
  const n = (part: string | undefined) => Number(part ?? 0);
  const fractionMs = fraction === undefined ? 0 : Math.round(Number(`0.${fraction}`) * 1000);
  return (((n(days) * 24 + n(hours)) * 60 + n(minutes)) * 60 + n(seconds)) * 1000 + fractionMs;
};

/** Whole minutes as the doc's request examples write them: `PT5M`, `PT1H30M`. */
export const formatDuration = (minutes: number): string => {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `PT${h > 0 ? `${h}H` : ''}${m > 0 || h === 0 ? `${m}M` : ''}`;
};

/**
 * The doc's instants, `2022-01-31T19:00:00.0Z`: UTC, seconds, an optional fraction of any length. Offsets
 * other than `Z` are not in the doc and are refused (a schema mismatch, not a guess).
 */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/;

export const InstantSchema = v.pipe(
  v.string(),
  v.regex(INSTANT, 'a UTC instant like 2022-01-31T19:00:00.0Z'),
  v.check((value) => !Number.isNaN(Date.parse(value)), 'a real date'),
  v.transform((value) => new Date(value)),
);

export const DurationSchema = v.pipe(
  v.string(),
  v.check((value) => parseDuration(value) !== undefined, 'a duration like PT5M0s'),
  v.transform((value) => parseDuration(value) ?? 0),
);

/** An instant in the doc's own shape (one fraction digit), for query parameters and request bodies. */
export const formatInstant = (date: Date): string => date.toISOString().replace(/\.(\d)\d\dZ$/, '.$1Z');
