import { msg, str } from '@lit/localize';
import { errorMessage } from '../../internal/error-messages.js';

// The booking's own problem codes (issue 10) and the month grid's counts. Kept with the picker, so that the join
// elements' bundle does not carry them; the form's messages are with the form (render-hold.ts). Functions, so that each call translates into the locale active then.

/** The message for a booking error code, else the elements' shared one. */
export const bookingErrorMessage = (code: string): string =>
  code === 'slot-taken'
    ? msg('Sorry, someone else has just booked that time. Please choose another one.')
    : code === 'hold-expired'
      ? msg('Sorry, we could not hold that time any longer. Please choose a time again.')
      : // From the booking API a 404 means no such service (or no booking on this server), not a missing visit.
        code === 'not-found'
        ? msg('Online booking is not available here right now. Please call the clinic.')
        : code === 'cancel-window-closed'
          ? msg('It is too close to the visit to change it online. Please call the clinic.')
          : // The shared text speaks of starting a video visit; here a patient is booking (its steps did not load).
            code === 'chunk-unavailable'
            ? msg(
                'Booking cannot go on: part of this page did not load. Please check your internet connection and try again, or call the clinic.',
              )
            : errorMessage(code);

/** "3 times available", "1 time available", "No times available". */
export const timesAvailable = (count: number): string =>
  count === 0
    ? msg('No times available')
    : count === 1
      ? msg('1 time available')
      : msg(str`${count} times available`);
