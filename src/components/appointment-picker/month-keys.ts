import { addDays, addMonths, type Day, weekStart } from './zones.js';

/**
 * The WAI-ARIA APG date-picker grid's keys: the day that `key` moves focus to from `day`, or undefined for a key
 * the grid does not handle. Arrows by day and week (left and right swap in right-to-left pages), Home/End to the
 * week's first and last day, PageUp/PageDown by month, with Shift by year.
 */
export const dayForKey = (
  key: string,
  shift: boolean,
  day: Day,
  firstDay: number,
  rtl: boolean,
): Day | undefined => {
  switch (key) {
    case 'ArrowRight':
      return addDays(day, rtl ? -1 : 1);
    case 'ArrowLeft':
      return addDays(day, rtl ? 1 : -1);
    case 'ArrowDown':
      return addDays(day, 7);
    case 'ArrowUp':
      return addDays(day, -7);
    case 'Home':
      return weekStart(day, firstDay);
    case 'End':
      return addDays(weekStart(day, firstDay), 6);
    case 'PageUp':
      return addMonths(day, shift ? -12 : -1);
    case 'PageDown':
      return addMonths(day, shift ? 12 : 1);
    default:
      return undefined;
  }
};

/** `day` kept within `[min, max]` (either may be missing). */
export const clampDay = (day: Day, min?: Day, max?: Day): Day =>
  min && day < min ? min : max && day > max ? max : day;
