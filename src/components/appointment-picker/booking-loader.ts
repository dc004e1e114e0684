import { chunkOnce } from '../../internal/chunk-once.js';

/**
 * The picker's booking steps (booking-controller.ts; in the script tag's build chunks/appointment-booking.js),
 * loaded once for every picker on the page: when a time is chosen, at "Reserve this time" if not before, and at
 * once for an appointment given to manage. A failure rejects with `chunk-unavailable`; the next call tries again.
 */
export const bookingSteps = chunkOnce(
  () => import('./booking-controller.js'),
  '<appointment-picker> cannot book',
);
