import {
  html,
  nothing,
  adoptStyles,
  type ReactiveController,
  type ReactiveElement,
  type TemplateResult,
} from 'lit';
import { Task, initialState } from '@lit/task';
import { msg, str } from '@lit/localize';
import { activeLocale } from '../../internal/localization.js';
import { retryHelps } from '../../internal/error-messages.js';
import { saveFile } from '../../internal/save-file.js';
import { ConsultError, toConsultError } from '../../client/consult-error.js';
import { clock } from '../../controllers/countdown-controller.js';
import { HoldController } from '../../controllers/hold-controller.js';
import type { ConsultEvent } from '../../internal/consult-element.js';
import { ConsultErrorEvent } from '../../events/error.js';
import { SlotHeldEvent } from '../../events/slot-held.js';
import { HoldExpiredEvent, HoldExpiringEvent } from '../../events/hold-expiring.js';
import { BookedEvent } from '../../events/booked.js';
import { RescheduledEvent } from '../../events/rescheduled.js';
import { CancelledEvent } from '../../events/cancelled.js';
import type { AppointmentPicker } from './appointment-picker.js';
import {
  BookingClient,
  fieldErrors,
  type Booking,
  type Hold,
  type PatientDetails,
  type Slot,
} from './booking-client.js';
import { transition, type BookingEffect, type BookingEvent, type BookingState } from './booking-states.js';
import { bookingErrorMessage } from './picker-messages.js';
import { readPatient } from './read-patient.js';
import {
  BOOKED_TITLE_ID,
  KEEP_ID,
  cancelledText,
  keepText,
  renderBooked,
  renderCancelled,
} from './render-booked.js';
import { HOLD_TITLE_ID, renderHold, whenText } from './render-hold.js';
import { styles } from './booking.styles.js';

// The picker's second stage: everything after the patient has chosen a time (the hold and its countdown, the form,
// booking, moving and cancelling, the confirmation), and the appointment a page gives to manage. In the script
// tag's build a chunk of its own (chunks/appointment-booking.js), which the picker fetches when a time is chosen,
// at once for a given `appointment` (booking-loader.ts); pages where patients only look at the free times never
// download it.

/** What the booking steps read from their `<appointment-picker>` and ask of it, beyond its public properties. */
export interface PickerLink {
  /** The zone times are shown in. */
  zone(): string;
  /** The time the patient chose. */
  selected(): Slot | undefined;
  /** A fresh ticket from `ticket-url`, the `ticket` property, or none (a public service). */
  credential(signal?: AbortSignal): Promise<string | null>;
  /** Dispatches one of the package's events from the element. */
  emit(event: ConsultEvent): void;
  /** The status line. */
  say(notice: string): void;
  /** The alert (none: clears it). */
  show(failure?: ConsultError): void;
  /** Fresh times, none chosen: after a time was taken, and to reschedule. */
  refresh(): void;
  /** Focuses the times (once they show). */
  focusTimes(): void;
}

/** What the hold's events say about it (never its secret). */
const holdDetail = ({ holdId, expiresAt }: Hold) => ({ holdId, expiresAt });

const movedText = () => msg('Your video visit has been moved');

type Focus = 'form' | 'summary' | 'confirm';

/** Whether the instant `iso` has passed (false without one): the cut-off of a booked or of a held time. */
const past = (iso?: string) => clock.now() >= Date.parse(iso ?? '');

/**
 * The booking steps of one `<appointment-picker>`: the booking table (booking-states.ts) and its effects on the
 * server, the hold's countdown, and the views from the hold on. The element delegates to it once it has loaded.
 */
export class BookingController implements ReactiveController {
  state: BookingState = 'choosing';
  /** The booked appointment (just now, or the one the page gave). */
  booking?: Booking;
  private hold?: Hold;
  private errors: Record<string, string> = {};
  /** The confirmation's heading: booked now, moved now, or the appointment the page gave. */
  private headline: 'booked' | 'moved' | 'given' = 'booked';
  /** The server said the cut-off has passed. */
  private closed = false;
  /** The booking attempt's Idempotency-Key and body, both sent again when its answer was lost. */
  private key?: string;
  private details?: PatientDetails;
  private focusNext?: Focus;

  private readonly countdown: HoldController;

  /** The appointment the page gave (`appointment` with `appointmentToken` or a patient ticket), to manage. */
  readonly given: Task<readonly unknown[], Booking | typeof initialState>;

  constructor(
    private readonly host: AppointmentPicker,
    private readonly link: PickerLink,
  ) {
    this.countdown = new HoldController(host, {
      onExpiring: () => {
        link.say(msg('One minute left to book this time.'));
        if (this.hold) link.emit(new HoldExpiringEvent(holdDetail(this.hold)));
      },
      onExpired: () => {
        if (this.hold) link.emit(new HoldExpiredEvent(holdDetail(this.hold)));
        this.send('expire');
      },
    });
    this.given = new Task(host, {
      args: () => [host.server, host.appointment, host.appointmentToken, host.ticket] as const,
      task: async ([server, id, token], { signal }) => {
        if (!server || !id) return initialState;
        const credential = token ?? (await link.credential(signal));
        if (!credential) throw new ConsultError('ticket-missing');
        const client = this.client;
        // A ticket expires within minutes, so a change made later fetches its own; a capability token lasts.
        const renew = token || host.ticket ? undefined : () => link.credential();
        this.booking = client.booking(await client.appointment(id, credential, signal), credential, renew);
        this.headline = 'given';
        this.send('loaded');
        return this.booking;
      },
      onError: (error) => this.report(toConsultError(error)),
    });
    host.addController(this);
  }

  hostConnected(): void {
    const root = this.host.renderRoot;
    if (root instanceof ShadowRoot) {
      adoptStyles(root, [...(this.host.constructor as typeof ReactiveElement).elementStyles, styles]);
    }
  }

  hostDisconnected(): void {
    // A hold the patient can no longer use would keep the time from others for minutes.
    if (this.hold && (this.state === 'held' || this.state === 'expired')) this.send('change');
  }

  hostUpdated(): void {
    const focus = this.focusNext;
    if (!focus) return;
    this.focusNext = undefined;
    const q = (selector: string) => this.host.renderRoot.querySelector<HTMLElement>(selector);
    if (focus === 'summary') q(`#${HOLD_TITLE_ID}, #${BOOKED_TITLE_ID}`)?.focus();
    if (focus === 'confirm') q(`#${KEEP_ID}`)?.focus();
    if (focus === 'form') (q('[aria-invalid="true"]') ?? q('#field-name') ?? q(`#${HOLD_TITLE_ID}`))?.focus();
  }

  /**
   * The steps' runs the element shows as loading or failed: the load of a given appointment (without one it settles
   * at once when the steps load, at a chosen time: no "Loading" for that in the status line).
   */
  get runs(): Task<readonly unknown[], unknown>[] {
    return this.host.appointment ? [this.given] : [];
  }

  /** On the confirmation its heading (focused) says what the status line says: the line is for screen readers there. */
  get quiet(): boolean {
    return ['booked', 'confirming', 'cancelling', 'cancelled'].includes(this.state);
  }

  private get client(): BookingClient {
    return new BookingClient(this.host.server, (signal) => this.link.credential(signal));
  }

  /** `send`, for the views' buttons. */
  private readonly sender = (event: BookingEvent) => this.send(event);

  /** Moves through the booking table and runs the transition's effects. */
  send(event: BookingEvent): void {
    const next = transition(this.state, event);
    if (!next) return;
    this.state = next.to;
    this.host.requestUpdate();
    for (const effect of next.effects ?? []) this.run(effect);
  }

  private run(effect: BookingEffect): void {
    if (effect === 'focus-times') this.link.focusTimes();
    // `focus-form` -> `form`: what `hostUpdated()` focuses.
    else if (effect.startsWith('focus-')) this.focusNext = effect.slice(6) as Focus;
    else if (effect === 'place-hold') void this.placeHold();
    else if (effect.endsWith('-hold')) {
      // release-hold, forget-hold
      const { hold } = this;
      this.hold = undefined;
      this.countdown.stop();
      // Best effort: an unreleased hold frees itself when it expires.
      if (hold && effect === 'release-hold') this.client.release(hold).catch(() => undefined);
    } else if (effect === 'new-key') this.key = crypto.randomUUID();
    else if (effect === 'book') void (this.booking ? this.move() : this.book());
    else if (effect === 'cancel') void this.cancelVisit();
    // refresh-slots
    else this.link.refresh();
  }

  private report(error: ConsultError): void {
    this.link.emit(new ConsultErrorEvent({ code: error.code, message: bookingErrorMessage(error.code) }));
  }

  /**
   * A call that failed. A time someone else got first: say so, and show fresh times. A change past the cut-off: the
   * confirmation says to call the clinic. The built-in form's field errors show at their fields. A lost answer while
   * booking or moving: "Try again" with the same key (the booking may have gone through). Else the error shows.
   */
  private fail(error: unknown, change?: boolean): void {
    const failure = toConsultError(error);
    const { code } = failure;
    this.report(failure);
    const closed = code === 'cancel-window-closed' && !!change;
    if (closed || ((code === 'slot-taken' || code === 'hold-expired') && this.state !== 'cancelling')) {
      this.link.say(bookingErrorMessage(code));
      if (closed) this.closed = true;
      return this.send(closed ? 'closed' : 'taken');
    }
    if (
      this.state === 'booking' &&
      !change &&
      (failure.status === 400 || failure.status === 422) &&
      failure.fields?.length
    ) {
      this.errors = fieldErrors(failure);
      return this.send('refused');
    }
    const lost = retryHelps(code);
    // The uncertain state says it itself.
    if (!lost || this.state !== 'booking') this.link.show(failure);
    this.send(lost ? 'lost' : 'refused');
  }

  /** Starts a step: the alert of the last one goes. */
  private begin(): void {
    this.link.show(undefined);
  }

  private async placeHold(): Promise<void> {
    const slot = this.link.selected();
    if (!slot) return void this.send('refused');
    this.begin();
    this.link.say('');
    try {
      const { clinician: only, service } = this.host;
      const clinician = only ?? (slot.clinicians.length === 1 ? slot.clinicians[0]?.id : undefined);
      const hold = await this.client.hold({ service, start: slot.start, ...(clinician && { clinician }) });
      this.hold = hold;
      this.send('held');
      const { start, end, holdId, expiresAt } = hold;
      this.link.emit(new SlotHeldEvent({ start, end, holdId, expiresAt }));
      this.countdown.start(expiresAt);
    } catch (error) {
      this.fail(error);
    }
  }

  private async book(): Promise<void> {
    const { hold, key, details } = this;
    if (!hold || !key || !details) return;
    this.begin();
    this.errors = {};
    try {
      const booking = await this.client.book(hold, details, key);
      this.booking = booking;
      this.send('booked');
      const { appointment, joinAvailableFrom, calendarUrl, capability } = booking;
      const { id, start, end } = appointment;
      this.link.emit(
        new BookedEvent({ appointment: id, start, end, joinAvailableFrom, calendarUrl, capability }),
      );
    } catch (error) {
      this.fail(error);
    }
  }

  /** Rescheduling: moves the booked appointment to the held time, with the attempt's Idempotency-Key. */
  private async move(): Promise<void> {
    const { hold, key, booking } = this;
    if (!hold || !key || !booking) return;
    this.begin();
    try {
      const { start: previousStart, end: previousEnd } = booking.appointment;
      const moved = await this.client.reschedule(booking, hold, key);
      this.booking = this.client.booking(moved, booking.capability);
      this.headline = 'moved';
      this.link.say(movedText());
      this.send('booked');
      const { id, start, end } = moved;
      this.link.emit(new RescheduledEvent({ appointment: id, start, end, previousStart, previousEnd }));
    } catch (error) {
      this.fail(error, true);
    }
  }

  private async cancelVisit(): Promise<void> {
    const { booking } = this;
    if (!booking) return;
    this.begin();
    try {
      const cancelled = await this.client.cancel(booking);
      this.booking = { ...booking, appointment: cancelled };
      this.link.say(cancelledText());
      this.send('cancelled');
      const { id, start, end } = cancelled;
      this.link.emit(new CancelledEvent({ appointment: id, start, end }));
    } catch (error) {
      this.fail(error, true);
    }
  }

  private handleSubmit(event: SubmitEvent): void {
    event.preventDefault();
    // A retry sends what it sent; rescheduling, the appointment has its patient already. Outside `held` and
    // `uncertain` the table ignores `submit`.
    if (this.state !== 'held' || this.booking) return this.send('submit');
    const { patient } = this.host;
    const read = patient ? { patient, errors: {} } : readPatient(event.currentTarget as HTMLFormElement);
    this.errors = read.errors;
    this.details = read.patient;
    if (read.patient) this.send('submit');
    else {
      this.focusNext = 'form';
      this.host.requestUpdate();
    }
  }

  private async downloadCalendar(): Promise<void> {
    const { booking } = this;
    if (!booking) return;
    try {
      saveFile(
        await this.client.calendar(
          booking.appointment.id,
          (await booking.renew?.()) ?? booking.capability,
          activeLocale(),
        ),
        'video-visit.ics',
      );
    } catch (error) {
      const failure = toConsultError(error);
      this.link.show(failure);
      this.report(failure);
    }
  }

  /** While rescheduling: the time the visit has now, and a way back to it unchanged. */
  renderCurrent(): TemplateResult | typeof nothing {
    const { booking } = this;
    if (!booking) return nothing;
    const when = whenText(booking.appointment.start, this.link.zone(), activeLocale());
    return html`<div part="current">
      <p>${msg(str`Your visit is booked for ${when}.`)}</p>
      <button part="keep" type="button" @click=${() => this.send('keep')}>${keepText()}</button>
    </div>`;
  }

  /** The step from the hold on: the hold and its form, the confirmation; undefined while choosing a time. */
  render(): TemplateResult | undefined {
    const locale = activeLocale();
    const zone = this.link.zone();
    const { booking, state } = this;
    const selected = this.link.selected();
    if (booking && (state === 'cancelled' || booking.appointment.status === 'cancelled')) {
      return renderCancelled(booking, zone, locale);
    }
    if (booking && (state === 'booked' || state === 'confirming' || state === 'cancelling')) {
      const { headline } = this;
      return renderBooked({
        booking,
        server: this.host.server,
        zone,
        locale,
        joinButton: this.host.joinButton,
        title:
          headline === 'booked'
            ? msg('Your video visit is booked')
            : headline === 'moved'
              ? movedText()
              : msg('Video visit'),
        state,
        closed: this.closed || past(booking.appointment.changeableUntil),
        onCalendar: () => void this.downloadCalendar(),
        send: this.sender,
      });
    }
    if (state === 'choosing' || state === 'holding' || !selected) return undefined;
    return renderHold({
      state,
      start: this.hold?.start ?? selected.start,
      zone,
      locale,
      secondsLeft: this.countdown.secondsLeft,
      errors: this.errors,
      ownForm: this.host.patient !== undefined,
      moving: booking !== undefined,
      final: past(this.hold?.changeableUntil),
      onSubmit: (e) => this.handleSubmit(e),
      send: this.sender,
    });
  }
}
