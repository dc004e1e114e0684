import { html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { Task, TaskStatus, initialState } from '@lit/task';
import { msg, str } from '@lit/localize';
import { ConsultElement } from '../../internal/consult-element.js';
import { activeLocale } from '../../internal/localization.js';
import { retryHelps } from '../../internal/error-messages.js';
import { fetchTicket } from '../../client/consult-client.js';
import { type ConsultError, toConsultError } from '../../client/consult-error.js';
import { clock } from '../../controllers/countdown-controller.js';
import { HoldController } from '../../controllers/hold-controller.js';
import { WidthController } from '../../controllers/width-controller.js';
import { ConsultErrorEvent } from '../../events/error.js';
import { SlotSelectEvent } from '../../events/slot-select.js';
import { SlotHeldEvent } from '../../events/slot-held.js';
import { HoldExpiredEvent, HoldExpiringEvent } from '../../events/hold-expiring.js';
import { BookedEvent } from '../../events/booked.js';
import { RescheduledEvent } from '../../events/rescheduled.js';
import { CancelledEvent } from '../../events/cancelled.js';
import { ConsultError as Failure } from '../../client/consult-error.js';
import { dropCredentialAttribute } from '../../internal/credential-attribute.js';
import {
  BookingClient,
  fieldErrors,
  type Booking,
  type Hold,
  type PatientDetails,
  type Slot,
  type SlotsCache,
} from './booking-client.js';
import { transition, type BookingEffect, type BookingEvent, type BookingState } from './booking-states.js';
import { slotsByDay } from './formats.js';
import { clampDay, dayForKey } from './month-keys.js';
import { bookingErrorMessage } from './picker-messages.js';
import {
  renderBooked,
  renderCancelled,
  cancelledText,
  keepText,
  BOOKED_TITLE_ID,
  KEEP_ID,
} from './render-booked.js';

const movedText = () => msg('Your video visit has been moved');
import { renderHold, whenText, HOLD_TITLE_ID } from './render-hold.js';
import { DAYS_PER_PAGE, renderList } from './render-list.js';
import { renderMonth } from './render-month.js';
import { FIRST_TIMES, renderTimes } from './render-times.js';
import { renderEmpty, renderFailure, renderZoneBar } from './render-states.js';
import { saveFile } from '../../internal/save-file.js';
import { readPatient } from './read-patient.js';
import { styles } from './appointment-picker.styles.js';
import { addMonths, type Day, dayIn, knownZone, localeFirstDay, monthStart, utcNoon } from './zones.js';
import { MAX_SLOT_RANGE_DAYS } from '../../protocol/slot-range.js';

/** What the hold's events say about it (never its secret). */
const holdDetail = ({ holdId, expiresAt }: Hold) => ({ holdId, expiresAt });

/** Below this width (px) `layout="auto"` shows the list, not the month grid. */
const NARROW = 480;
const QUARTER_HOUR = 900_000;

type Focus = 'times' | 'form' | 'summary' | 'grid' | 'confirm' | 'added';

/** The attribute an appointment's capability token must never travel in (removed unread, like `ticket`). */
const TOKEN_ATTRIBUTE = 'appointment-token';

/**
 * Lets a patient pick a free video-visit time and book it, in the page (no iframe), in their language and time
 * zone.
 *
 * Reads free times from the consult server (`GET /v1/slots`) and shows them as a list of the next days with free
 * times (10 per page, each day's times a native radio group) or as a month grid (WAI-ARIA APG date-picker keys);
 * `layout="auto"` shows the list below 480 px. Times are shown in the patient's zone and, when it differs, the
 * clinic's ("10:00 your time, 09:00 in Berlin"); screen readers hear long zone names. "Reserve this time" holds it
 * for a few minutes (`POST /v1/holds`) with a countdown; the form books it (`POST /v1/appointments`) with one
 * `Idempotency-Key` per attempt, sent again when the answer was lost, so a retry never books twice. A time taken
 * meanwhile refreshes the times and says so. After booking: the calendar file (downloaded with the capability token
 * in a header, never in a URL), a Google Calendar link, and a `<call-join-button>` with `join-button` (load that
 * element too).
 *
 * The confirmation offers "Choose another time" (a new hold, then `PATCH /v1/appointments/:id` with its own
 * `Idempotency-Key`) and "Cancel visit" (asks first, then `DELETE`), until the service's cut-off (`changeableUntil`,
 * else the server's 409 `cancel-window-closed`), after which it says to call the clinic. Given an `appointment` and
 * its `appointmentToken` (or a patient `ticket` for it), the picker opens on that appointment to reschedule or
 * cancel it.
 *
 * @tagname appointment-picker
 * @summary Lets a patient pick a free video-visit time and book it, in the page, in their language and zone.
 *
 * @slot form - The page's own fields, shown in the booking form; with them set `patient` before the booking.
 *
 * @csspart base - The wrapper.
 * @csspart zone-note - Which zone the times are in.
 * @csspart zone - The time zone selector's label.
 * @csspart status - Polite status line (loading, a time that was taken, the hold's last minute).
 * @csspart error - A failure (`role="alert"`) with its retry button.
 * @csspart retry - "Try again".
 * @csspart skeleton - Placeholder while the times load.
 * @csspart list - The list layout.
 * @csspart more - "Show later dates".
 * @csspart month - The month layout.
 * @csspart month-button - Previous/next month.
 * @csspart day - A day cell of the month grid.
 * @csspart empty - No free times (in this month), with a jump to the next free day.
 * @csspart times - A day's radio group.
 * @csspart time - One time.
 * @csspart clock-change - The clocks change that day.
 * @csspart reserve - "Reserve this time".
 * @csspart hold - The held time, its countdown and the form.
 * @csspart when - A chosen or booked time in full.
 * @csspart countdown - How long the hold lasts.
 * @csspart form - The booking form.
 * @csspart book - The form's submit button.
 * @csspart uncertain - The booking's answer was lost: "Try again" is safe.
 * @csspart change - "Choose another time".
 * @csspart confirmation - The booked visit.
 * @csspart calendar - Downloads the calendar file.
 * @csspart google - Google Calendar link.
 * @csspart all-times - "Show all n times" of a long day in the list.
 * @csspart cancel - "Cancel visit".
 * @csspart confirm-cancel - The cancel's confirmation: the question and its two answers.
 * @csspart confirm - "Yes, cancel visit".
 * @csspart keep - "Keep my visit as it is" (in the cancel's confirmation and while rescheduling).
 * @csspart closed - Past the cut-off: changes only by phone.
 * @csspart current - While rescheduling: the visit's current time.
 * @csspart cancelled - The cancelled visit (with `confirmation`).
 *
 * @cssprop --appointment-picker-accent - Selected time and buttons. Default `var(--vc-color-primary, #0b5cad)`.
 * @cssprop --appointment-picker-on-accent - Text on the accent. Default `var(--vc-color-on-primary, #fff)`.
 * @cssprop --appointment-picker-radius - Corner radius. Default `var(--vc-radius, 0.5rem)`.
 * @cssprop --appointment-picker-focus-ring-color - Focus ring. Default `var(--vc-color-focus, #0b5cad)`.
 * @cssprop --appointment-picker-muted - Days without times, hints. Default `var(--vc-color-disabled, #4b5563)`.
 *
 * @fires {SlotSelectEvent} vc-slot-select - The patient chose a time. `detail: { start, end }`.
 * @fires {SlotHeldEvent} vc-slot-held - The time is held. `detail: { start, end, holdId, expiresAt }`.
 * @fires {HoldExpiringEvent} vc-hold-expiring - A minute or less is left. `detail: { holdId, expiresAt }`.
 * @fires {HoldExpiredEvent} vc-hold-expired - The hold ran out. `detail: { holdId, expiresAt }`.
 * @fires {BookedEvent} vc-booked - Booked. `detail: { appointment, start, end, joinAvailableFrom, calendarUrl,
 * capability }`, no patient details.
 * @fires {RescheduledEvent} vc-rescheduled - The visit moved. `detail: { appointment, start, end, previousStart,
 * previousEnd }`.
 * @fires {CancelledEvent} vc-cancelled - The visit is cancelled. `detail: { appointment, start, end }`.
 * @fires {ConsultErrorEvent} vc-error - Loading, holding or booking failed; the element shows `message` too.
 * `detail: { code, message }`.
 */
export class AppointmentPicker extends ConsultElement {
  static override styles = styles;

  // Declared here rather than with decorators: no decorator code in any of the script tag's files. `state: true`:
  // internal, never an attribute (custom-elements-manifest.config.mjs leaves those out of the manifest too).
  static override properties: PropertyDeclarations = {
    server: {},
    service: {},
    clinician: {},
    ticketUrl: { attribute: 'ticket-url' },
    ticket: { attribute: false },
    timezone: {},
    firstDay: { attribute: 'first-day', type: Number },
    minDate: { attribute: 'min-date' },
    maxDate: { attribute: 'max-date' },
    layout: { reflect: true },
    joinButton: { attribute: 'join-button', type: Boolean, reflect: true },
    patient: { attribute: false },
    appointment: {},
    appointmentToken: { attribute: false },
    state: { state: true },
    chosenZone: { state: true },
    pickedDay: { state: true },
    gridDay: { state: true },
    shownDays: { state: true },
    allTimes: { state: true },
    selected: { state: true },
    hold: { state: true },
    booking: { state: true },
    failure: { state: true },
    notice: { state: true },
    errors: { state: true },
    refreshes: { state: true },
    browsing: { state: true },
    headline: { state: true },
    closed: { state: true },
  };

  /** Base URL of the consult server; `https:` only (`http:` on localhost). */
  server = '';
  /** Id of the service (visit type) to book. */
  service = '';
  /** Id of one clinician, to offer only their times. */
  clinician?: string;
  /** Same-origin URL of the page's endpoint for a fresh consult ticket; none for a public service. */
  ticketUrl?: string;
  /** A consult ticket; wins over `ticket-url`. Property only: it is a credential. */
  ticket?: string;
  /** IANA zone to show times in. Default: the browser's. The patient can switch to the clinic's. */
  timezone?: string;
  /** First day of the week in the month grid, 1 (Monday) to 7 (Sunday). Default: the locale's, else Monday. */
  firstDay?: number;
  /** First date offered, `YYYY-MM-DD`. */
  minDate?: string;
  /** Last date offered, `YYYY-MM-DD`. */
  maxDate?: string;
  /** `list`, `month`, or `auto` (the list below 480 px). */
  layout: 'list' | 'month' | 'auto' = 'auto';
  /** Show a `<call-join-button>` for the booked visit (the page loads that element). */
  joinButton = false;
  /** The patient's details from the page's own fields (`form` slot); without it the built-in fields ask. */
  patient?: PatientDetails;
  /** Id of a booked appointment to show, reschedule or cancel (with `appointmentToken`, or a patient ticket). */
  appointment?: string;
  /**
   * The appointment's capability token (`vca_…`, from `vc-booked`'s `capability`). Property only: it is a credential;
   * an `appointment-token` attribute is removed unread.
   */
  appointmentToken?: string;

  private state: BookingState = 'choosing';
  /** The zone the patient switched to with the selector. */
  private chosenZone?: string;
  /** Month layout: the day whose times are shown, and the grid's tab stop. */
  private pickedDay?: Day;
  private gridDay?: Day;
  private shownDays = DAYS_PER_PAGE;
  /** List layout: the days whose times are all shown ("Show all n times"). */
  private allTimes = new Set<Day>();
  private selected?: Slot;
  private hold?: Hold;
  private booking?: Booking;
  private failure?: ConsultError;
  private notice = '';
  private errors: Record<string, string> = {};
  /** Bumped to fetch the slots again. */
  private refreshes = 0;
  /** The times are wanted: always without `appointment`, else once the patient reschedules. */
  private browsing = false;
  /** The confirmation's heading: booked now, moved now, or the appointment the page gave. */
  private headline: 'booked' | 'moved' | 'given' = 'booked';
  /** The server said the cut-off has passed. */
  private closed = false;
  private slotsCache?: SlotsCache;

  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, TOKEN_ATTRIBUTE];
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    if (name === TOKEN_ATTRIBUTE) dropCredentialAttribute(this, name, 'appointmentToken');
    else super.attributeChangedCallback(name, old, value);
  }

  /** The booking attempt's Idempotency-Key and body, both sent again when its answer was lost. */
  private key?: string;
  private details?: PatientDetails;
  private focusNext?: Focus;

  private readonly width = new WidthController(this, NARROW);

  private readonly countdown = new HoldController(this, {
    onExpiring: () => {
      this.notice = msg('One minute left to book this time.');
      if (this.hold) this.emit(new HoldExpiringEvent(holdDetail(this.hold)));
    },
    onExpired: () => {
      if (this.hold) this.emit(new HoldExpiredEvent(holdDetail(this.hold)));
      this.send('expire');
    },
  });

  private readonly slots = new Task(this, {
    args: () =>
      [
        this.server,
        this.service,
        this.clinician,
        this.minDate,
        this.maxDate,
        this.refreshes,
        !this.appointment || this.browsing,
      ] as const,
    task: async ([server, service, clinician, minDate, maxDate, , wanted], { signal }) => {
      if (!server || !service || !wanted) return initialState;
      // On the quarter hour: a refresh within it asks the same query, which the server can answer with 304 (it
      // leaves out starts already too close itself).
      const now = Math.floor(clock.now() / QUARTER_HOUR) * QUARTER_HOUR;
      // A day's edge in any zone is within 14 h of its UTC midnight; days outside min/max are dropped when shown.
      const from = Math.max(now, minDate ? utcNoon(minDate).getTime() - 26 * 3_600_000 : now);
      const ahead = from + MAX_SLOT_RANGE_DAYS * 86_400_000;
      const to = maxDate ? Math.min(utcNoon(maxDate).getTime() + 26 * 3_600_000, ahead) : ahead;
      const params = {
        service,
        clinician,
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        tz: this.zone,
      };
      // A refresh sends the last ETag: a 304 keeps the same slots (and the days computed from them).
      this.slotsCache = await this.client.slots(params, this.slotsCache, signal);
      return this.slotsCache.data;
    },
    onError: (error) => this.report(toConsultError(error)),
  });

  /** The appointment the page gave (`appointment` with `appointmentToken` or a patient ticket), to manage. */
  private readonly given = new Task(this, {
    args: () => [this.server, this.appointment, this.appointmentToken, this.ticket] as const,
    task: async ([server, id, token], { signal }) => {
      if (!server || !id) return initialState;
      const credential = token ?? (await this.credential(signal));
      if (!credential) throw new Failure('ticket-missing');
      const client = this.client;
      // A ticket expires within minutes, so a change made later fetches its own; a capability token lasts.
      const renew = token || this.ticket ? undefined : () => this.credential();
      this.booking = client.booking(await client.appointment(id, credential, signal), credential, renew);
      this.headline = 'given';
      this.send('loaded');
      return this.booking;
    },
    onError: (error) => this.report(toConsultError(error)),
  });

  /** A fresh ticket from `ticket-url`, the `ticket` property, or none (a public service). */
  private async credential(signal?: AbortSignal): Promise<string | null> {
    return this.ticket || (this.ticketUrl ? fetchTicket(this.ticketUrl, signal) : null);
  }

  private get client(): BookingClient {
    return new BookingClient(this.server, (signal) => this.credential(signal));
  }

  /** The zone times are shown in. */
  private get zone(): string {
    return knownZone(this.chosenZone ?? this.timezone);
  }

  private get clinicZone(): string {
    return this.slots.value?.zone ?? this.zone;
  }

  private daysCache?: { slots: unknown; zone: string; min?: Day; max?: Day; days: [Day, Slot[]][] };

  /** The days with free times, in order, within min/max, in the shown zone. */
  private get days(): [Day, Slot[]][] {
    const slots = this.slots.value?.slots ?? [];
    const { zone, minDate: min, maxDate: max } = this;
    const c = this.daysCache;
    if (c && c.slots === slots && c.zone === zone && c.min === min && c.max === max) return c.days;
    const days = [...slotsByDay(slots, zone)].filter(([day]) => (!min || day >= min) && (!max || day <= max));
    this.daysCache = { slots, zone, min, max, days };
    return days;
  }

  /** `send`, for the views' buttons. */
  private readonly sender = (event: BookingEvent) => this.send(event);

  /** Moves through the booking table and runs the transition's effects. */
  private send(event: BookingEvent): void {
    const next = transition(this.state, event);
    if (!next) return;
    this.state = next.to;
    for (const effect of next.effects ?? []) this.run(effect);
  }

  private run(effect: BookingEffect): void {
    // `focus-times` -> `times`: what `updated()` focuses.
    if (effect.startsWith('focus-')) this.focusNext = effect.slice(6) as Focus;
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
    else {
      // refresh-slots
      this.selected = undefined;
      this.browsing = true;
      this.refreshes++;
    }
  }

  private report(error: ConsultError): void {
    this.emit(new ConsultErrorEvent({ code: error.code, message: bookingErrorMessage(error.code) }));
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
      this.notice = bookingErrorMessage(code);
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
    if (!lost || this.state !== 'booking') this.failure = failure;
    this.send(lost ? 'lost' : 'refused');
  }

  private async placeHold(): Promise<void> {
    const slot = this.selected;
    if (!slot) return void this.send('refused');
    this.failure = undefined;
    this.notice = '';
    try {
      const clinician = this.clinician ?? (slot.clinicians.length === 1 ? slot.clinicians[0]?.id : undefined);
      const hold = await this.client.hold({
        service: this.service,
        start: slot.start,
        ...(clinician && { clinician }),
      });
      this.hold = hold;
      this.send('held');
      const { start, end, holdId, expiresAt } = hold;
      this.emit(new SlotHeldEvent({ start, end, holdId, expiresAt }));
      this.countdown.start(expiresAt);
    } catch (error) {
      this.fail(error);
    }
  }

  private async book(): Promise<void> {
    const { hold, key, details } = this;
    if (!hold || !key || !details) return;
    this.failure = undefined;
    this.errors = {};
    try {
      const booking = await this.client.book(hold, details, key);
      this.booking = booking;
      this.send('booked');
      const { appointment, joinAvailableFrom, calendarUrl, capability } = booking;
      const { id, start, end } = appointment;
      this.emit(new BookedEvent({ appointment: id, start, end, joinAvailableFrom, calendarUrl, capability }));
    } catch (error) {
      this.fail(error);
    }
  }

  /** Rescheduling: moves the booked appointment to the held time, with the attempt's Idempotency-Key. */
  private async move(): Promise<void> {
    const { hold, key, booking } = this;
    if (!hold || !key || !booking) return;
    this.failure = undefined;
    try {
      const { start: previousStart, end: previousEnd } = booking.appointment;
      const moved = await this.client.reschedule(booking, hold, key);
      this.booking = this.client.booking(moved, booking.capability);
      this.headline = 'moved';
      this.notice = movedText();
      this.send('booked');
      const { id, start, end } = moved;
      this.emit(new RescheduledEvent({ appointment: id, start, end, previousStart, previousEnd }));
    } catch (error) {
      this.fail(error, true);
    }
  }

  private async cancelVisit(): Promise<void> {
    const { booking } = this;
    if (!booking) return;
    this.failure = undefined;
    try {
      const cancelled = await this.client.cancel(booking);
      this.booking = { ...booking, appointment: cancelled };
      this.notice = cancelledText();
      this.send('cancelled');
      const { id, start, end } = cancelled;
      this.emit(new CancelledEvent({ appointment: id, start, end }));
    } catch (error) {
      this.fail(error, true);
    }
  }

  private handleSubmit(event: SubmitEvent): void {
    event.preventDefault();
    // A retry sends what it sent; rescheduling, the appointment has its patient already. Outside `held` and
    // `uncertain` the table ignores `submit`.
    if (this.state !== 'held' || this.booking) return this.send('submit');
    const read = this.patient
      ? { patient: this.patient, errors: {} }
      : readPatient(event.currentTarget as HTMLFormElement);
    this.errors = read.errors;
    this.details = read.patient;
    if (read.patient) this.send('submit');
    else this.focusNext = 'form';
  }

  private pickDay(day: Day): void {
    this.gridDay = day;
    if (!this.days.some(([d]) => d === day)) return;
    this.pickedDay = day;
    this.focusNext = 'times';
  }

  private async downloadCalendar(): Promise<void> {
    const { booking } = this;
    if (!booking) return;
    try {
      saveFile(
        await this.client.calendar(booking.appointment.id, (await booking.renew?.()) ?? booking.capability),
        'video-visit.ics',
      );
    } catch (error) {
      this.failure = toConsultError(error);
      this.report(this.failure);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // A hold the patient can no longer use would keep the time from others for minutes.
    if (this.hold && (this.state === 'held' || this.state === 'expired')) this.send('change');
  }

  override updated(): void {
    const focus = this.focusNext;
    if (!focus) return;
    this.focusNext = undefined;
    const root = this.renderRoot as ShadowRoot;
    const q = (selector: string) => root.querySelector<HTMLElement>(selector);
    if (focus === 'grid') q('td[tabindex="0"]')?.focus();
    if (focus === 'summary') q(`#${HOLD_TITLE_ID}, #${BOOKED_TITLE_ID}`)?.focus();
    if (focus === 'confirm') q(`#${KEEP_ID}`)?.focus();
    if (focus === 'added') {
      q(`[part~="times"][data-day="${this.pickedDay}"]`)?.querySelectorAll('input')[FIRST_TIMES]?.focus();
    }
    if (focus === 'form') (q('[aria-invalid="true"]') ?? q('#field-name') ?? q(`#${HOLD_TITLE_ID}`))?.focus();
    if (focus === 'times') {
      const group =
        (this.pickedDay && q(`[part~="times"][data-day="${this.pickedDay}"]`)) || q('[part~="times"]');
      // Rescheduling: the times are still loading; focus them once they show.
      if (!group && this.slots.status === TaskStatus.PENDING) this.focusNext = focus;
      (
        group?.querySelector<HTMLElement>('input:checked') ?? group?.querySelector<HTMLElement>('input')
      )?.focus();
    }
  }

  private renderEmpty(month?: Day) {
    const next = this.days.find(([day]) => !month || day >= addMonths(month, 1))?.[0];
    return renderEmpty(activeLocale(), month, next, () => next && this.pickDay(next));
  }

  private renderChooser() {
    if (this.slots.status === TaskStatus.PENDING && !this.slots.value) {
      return html`<div part="skeleton" aria-hidden="true">${[1, 2, 3].map(() => html`<span></span>`)}</div>`;
    }
    if (!this.slots.value) return nothing;
    const locale = activeLocale();
    const common = {
      zone: this.zone,
      clinicZone: this.clinicZone,
      locale,
      selected: this.selected?.start,
      busy: this.state === 'holding',
      onSelect: (slot: Slot) => {
        this.selected = slot;
        this.notice = '';
        this.emit(new SlotSelectEvent({ start: slot.start, end: slot.end }));
      },
      send: this.sender,
    };
    const { days } = this;
    const { layout } = this;
    if (layout === 'list' || (layout === 'auto' && this.width.narrow)) {
      if (!days.length) return this.renderEmpty();
      return renderList({
        ...common,
        days,
        shown: this.shownDays,
        all: this.allTimes,
        onAll: (day) => {
          this.allTimes = new Set(this.allTimes).add(day);
          // Focus the first time the button added: it stood where that time now is.
          this.pickedDay = day;
          this.focusNext = 'added';
        },
        onMore: () => {
          // Focus the first new day's times, so that keyboard users land where the new dates begin.
          this.pickedDay = days[this.shownDays]?.[0];
          this.shownDays += DAYS_PER_PAGE;
          this.focusNext = 'times';
        },
      });
    }
    const { minDate: min, maxDate: max, firstDay: wanted } = this;
    const today = dayIn(clock.now(), this.zone);
    // The grid's tab stop: where the patient left it, else the picked day, the first free day, or today.
    const focused = clampDay(this.gridDay ?? this.pickedDay ?? days[0]?.[0] ?? today, min, max);
    const firstDay = wanted && wanted >= 1 && wanted <= 7 ? Math.trunc(wanted) : localeFirstDay(locale);
    const month = monthStart(focused);
    const counts = new Map(days.map(([day, slots]) => [day, slots.length]));
    const inMonth = days.some(([day]) => monthStart(day) === month);
    const picked = days.find(([day]) => day === this.pickedDay);
    return html`
      ${renderMonth({
        focused,
        selected: this.pickedDay,
        today,
        firstDay,
        counts,
        locale,
        min,
        max,
        onKeyDown: (event) => {
          if (event.key === 'Enter' || event.key === ' ') {
            event.preventDefault();
            return this.pickDay(focused);
          }
          const rtl = getComputedStyle(this).direction === 'rtl';
          const next = dayForKey(event.key, event.shiftKey, focused, firstDay, rtl);
          if (!next) return;
          event.preventDefault();
          this.gridDay = clampDay(next, min, max);
          this.focusNext = 'grid';
        },
        onPick: (day) => this.pickDay(day),
        onMonth: (delta) => (this.gridDay = clampDay(addMonths(focused, delta), min, max)),
      })}
      ${inMonth ? nothing : this.renderEmpty(month)}
      ${picked ? renderTimes({ ...common, day: picked[0], slots: picked[1], heading: false }) : nothing}
    `;
  }

  private renderStep() {
    const locale = activeLocale();
    const { booking, state } = this;
    if (booking && (state === 'cancelled' || booking.appointment.status === 'cancelled')) {
      return renderCancelled(booking, this.zone, locale);
    }
    if (booking && (state === 'booked' || state === 'confirming' || state === 'cancelling')) {
      const until = booking.appointment.changeableUntil;
      return renderBooked({
        booking,
        server: this.server,
        zone: this.zone,
        locale,
        joinButton: this.joinButton,
        title:
          this.headline === 'booked'
            ? msg('Your video visit is booked')
            : this.headline === 'moved'
              ? movedText()
              : msg('Video visit'),
        state,
        closed: this.closed || (until !== undefined && clock.now() >= Date.parse(until)),
        onCalendar: () => void this.downloadCalendar(),
        send: this.sender,
      });
    }
    if (this.appointment && !booking) return nothing;
    if (state === 'choosing' || state === 'holding' || !this.selected) {
      // While rescheduling: the time the visit has now, and a way back to it unchanged.
      const when = booking && whenText(booking.appointment.start, this.zone, locale);
      const current =
        booking &&
        html`<div part="current">
          <p>${msg(str`Your visit is now on ${when}.`)}</p>
          <button part="keep" type="button" @click=${() => this.send('keep')}>${keepText()}</button>
        </div>`;
      const first = this.days[0]?.[1][0];
      // Which zone the times are in matters only once there are times.
      const zone =
        first &&
        renderZoneBar({
          zone: this.zone,
          zones: [...new Set([knownZone(this.timezone), this.clinicZone])],
          clinicZone: this.clinicZone,
          locale,
          at: new Date(first.start),
          onZone: (zone) => (this.chosenZone = zone),
        });
      return html`${current ?? nothing} ${zone ?? nothing} ${this.renderChooser()}`;
    }
    return renderHold({
      state: this.state,
      start: this.hold?.start ?? this.selected.start,
      zone: this.zone,
      locale,
      secondsLeft: this.countdown.secondsLeft,
      errors: this.errors,
      ownForm: this.patient !== undefined,
      moving: booking !== undefined,
      onSubmit: (e) => this.handleSubmit(e),
      send: this.sender,
    });
  }

  override render(): TemplateResult {
    const { slots, given } = this;
    const loading = slots.status === TaskStatus.PENDING || given.status === TaskStatus.PENDING;
    // On the confirmation its heading (focused) says the same: the status is for screen readers only there.
    const shown = !['booked', 'confirming', 'cancelling', 'cancelled'].includes(this.state);
    const failed = [slots, given].find((task) => task.status === TaskStatus.ERROR);
    const failure = this.failure ?? (failed && toConsultError(failed.error));
    const status = loading ? msg('Loading free times…') : this.notice;
    // No white space in the status line: `:empty` hides it.
    return html`<div part="base">
      <p part="status" role="status" class=${shown ? '' : 'sr-only'}>${status}</p>
      ${
        failure
          ? renderFailure(failure, () => {
              this.failure = undefined;
              void failed?.run();
            })
          : nothing
      }
      ${this.renderStep()}
    </div>`;
  }
}
