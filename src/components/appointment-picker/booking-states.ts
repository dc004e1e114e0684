/**
 * Where a booking stands, as an explicit table (state x event -> state + effects) that a test can enumerate.
 * Loading the slots is kept apart (a run with its own pending/error/empty states); these are the patient's steps.
 *
 * - `choosing`: picking a day and a time.
 * - `holding`: the hold for the chosen time is being placed.
 * - `held`: the time is held for a few minutes; the form is shown with the countdown.
 * - `booking`: the booking is in flight (with this attempt's `Idempotency-Key`).
 * - `uncertain`: the booking's answer was lost (network, timeout, server error): "Try again" sends the same key, so
 *   the server answers with the first booking if there was one instead of making a second.
 * - `booked`: done; the confirmation is shown, with "Choose another time" and "Cancel visit" until the cut-off.
 * - `expired`: the hold ran out before the booking; the patient chooses again.
 * - `confirming`: "Cancel visit" asks first; `cancelling`: the cancellation is in flight; `cancelled`: done.
 *
 * Rescheduling is the same walk from `booked` (choosing, holding, held, booking): with an appointment already
 * booked, `book` moves it (`PATCH`) instead of booking a new one, and `keep` goes back to it unchanged.
 */
export type BookingState =
  | 'choosing'
  | 'holding'
  | 'held'
  | 'booking'
  | 'uncertain'
  | 'booked'
  | 'expired'
  | 'confirming'
  | 'cancelling'
  | 'cancelled';

/**
 * What happens: the patient reserves a time, submits, retries, changes their mind; the server holds, books,
 * says the time is taken (`slot-taken`, `hold-expired`), refuses (field errors, other problems) or is not heard;
 * the hold's countdown runs out.
 */
export type BookingEvent =
  | 'reserve'
  | 'held'
  | 'taken'
  | 'refused'
  | 'submit'
  | 'booked'
  | 'lost'
  | 'expire'
  | 'change'
  // An appointment given to the picker has loaded; the patient reschedules, keeps it, cancels, confirms.
  | 'loaded'
  | 'reschedule'
  | 'keep'
  | 'cancel'
  | 'confirm'
  | 'cancelled'
  // The server refused a change past the service's cut-off (`cancel-window-closed`).
  | 'closed';

/**
 * What a transition sets going, in order. `new-key` makes the attempt's `Idempotency-Key`; a retry from `uncertain`
 * books without it, with the key it had.
 */
export type BookingEffect =
  | 'place-hold'
  | 'release-hold'
  | 'forget-hold'
  | 'new-key'
  | 'book'
  | 'cancel'
  | 'refresh-slots'
  | 'focus-times'
  | 'focus-form'
  | 'focus-summary'
  | 'focus-confirm';

export interface BookingTransition {
  to: BookingState;
  effects?: readonly BookingEffect[];
}

const taken: BookingTransition = { to: 'choosing', effects: ['forget-hold', 'refresh-slots', 'focus-times'] };

export const TRANSITIONS: Readonly<Record<BookingState, Partial<Record<BookingEvent, BookingTransition>>>> = {
  choosing: {
    reserve: { to: 'holding', effects: ['place-hold'] },
    loaded: { to: 'booked' },
    // Rescheduling: back to the appointment as it is.
    keep: { to: 'booked', effects: ['focus-summary'] },
  },
  holding: {
    held: { to: 'held', effects: ['focus-form'] },
    taken,
    // Could not hold (network, server, ticket): the error says so, the times stay.
    refused: { to: 'choosing', effects: ['focus-times'] },
    lost: { to: 'choosing', effects: ['focus-times'] },
  },
  held: {
    submit: { to: 'booking', effects: ['new-key', 'book'] },
    expire: { to: 'expired', effects: ['forget-hold', 'focus-summary'] },
    change: { to: 'choosing', effects: ['release-hold', 'focus-times'] },
  },
  booking: {
    booked: { to: 'booked', effects: ['forget-hold', 'focus-summary'] },
    taken,
    // Field errors or another refusal: the form shows them; the hold (and its countdown) still stands.
    refused: { to: 'held', effects: ['focus-form'] },
    lost: { to: 'uncertain' },
    closed: { to: 'booked', effects: ['release-hold', 'focus-summary'] },
    // While a booking is in flight its answer decides (`hold-expired` if it came too late).
  },
  uncertain: {
    submit: { to: 'booking', effects: ['book'] },
    // The first attempt may have booked: only the server can say, so the countdown does not end this state.
    change: { to: 'choosing', effects: ['release-hold', 'focus-times'] },
  },
  booked: {
    reschedule: { to: 'choosing', effects: ['refresh-slots', 'focus-times'] },
    cancel: { to: 'confirming', effects: ['focus-confirm'] },
  },
  expired: { change: { to: 'choosing', effects: ['refresh-slots', 'focus-times'] } },
  confirming: {
    confirm: { to: 'cancelling', effects: ['cancel'] },
    keep: { to: 'booked', effects: ['focus-summary'] },
  },
  cancelling: {
    cancelled: { to: 'cancelled', effects: ['focus-summary'] },
    // The error shows in the confirmation; "Yes, cancel" again sends the same request (DELETE is idempotent).
    refused: { to: 'confirming', effects: ['focus-confirm'] },
    lost: { to: 'confirming', effects: ['focus-confirm'] },
    closed: { to: 'booked', effects: ['focus-summary'] },
  },
  cancelled: {},
};

/** The transition for `event` in `state`, or undefined when the event means nothing there. */
export const transition = (state: BookingState, event: BookingEvent): BookingTransition | undefined =>
  TRANSITIONS[state][event];
