import { ProblemError } from '../problem-error.js';
import { BookingError, type BookingErrorCode } from '../store/booking-types.js';

const DETAILS: Record<BookingErrorCode, string> = {
  'slot-taken': 'This time has just been taken. Please choose another.',
  'hold-limit': 'Too many times are held from this address. Book or release one first.',
  'hold-not-found': 'There is no such live hold.',
  'hold-expired': 'The hold expired. Please choose a time again.',
  'appointment-not-found': 'There is no such appointment.',
  'appointment-cancelled': 'This appointment is cancelled.',
};

/** Turns a store refusal into its problem+json; anything else is rethrown as it is. */
export function bookingProblem(error: unknown): never {
  if (error instanceof BookingError) {
    throw new ProblemError(error.code, DETAILS[error.code], {
      ...(error.code === 'hold-limit' ? { retryAfter: 60 } : {}),
    });
  }
  throw error;
}
