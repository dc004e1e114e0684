import { html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { Task, TaskStatus, initialState } from '@lit/task';
import { msg } from '@lit/localize';
import { ConsultElement } from '../../internal/consult-element.js';
import { activeLocale } from '../../internal/localization.js';
import { fetchTicket } from '../../client/consult-client.js';
import { type ConsultError, toConsultError } from '../../client/consult-error.js';
import { clock } from '../../controllers/countdown-controller.js';
import { WidthController } from '../../controllers/width-controller.js';
import { ConsultErrorEvent } from '../../events/error.js';
import { SlotSelectEvent } from '../../events/slot-select.js';
import { dropCredentialAttribute } from '../../internal/credential-attribute.js';
import type { PatientDetails, Slot, SlotsCache } from './booking-client.js';
import type { BookingController, PickerLink } from './booking-controller.js';
import { bookingSteps } from './booking-loader.js';
import { fetchSlots } from './slots-client.js';
import { slotsByDay } from './formats.js';
import { clampDay, dayForKey } from './month-keys.js';
import { bookingErrorMessage } from './picker-messages.js';
import { DAYS_PER_PAGE, renderList } from './render-list.js';
import { renderMonth } from './render-month.js';
import { FIRST_TIMES, renderTimes } from './render-times.js';
import { renderEmpty, renderFailure, renderZoneBar } from './render-states.js';
import { styles } from './appointment-picker.styles.js';
import { addMonths, type Day, dayIn, knownZone, localeFirstDay, monthStart, utcNoon } from './zones.js';
import { MAX_SLOT_RANGE_DAYS } from '../../protocol/slot-range.js';

/** Below this width (px) `layout="auto"` shows the list, not the month grid. */
const NARROW = 480;
const QUARTER_HOUR = 900_000;

/** What `updated()` focuses; the booking steps focus their own (BookingController). */
type Focus = 'times' | 'grid' | 'added';

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
 * else the server's 409 `cancel-window-closed`), after which it says to call the clinic; a held time already inside
 * the cut-off says so before it is booked. Given an `appointment` and
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
 * @csspart closed - Past the cut-off, or a held time inside it: changes only by phone.
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
    chosenZone: { state: true },
    pickedDay: { state: true },
    gridDay: { state: true },
    shownDays: { state: true },
    allTimes: { state: true },
    selected: { state: true },
    failure: { state: true },
    notice: { state: true },
    refreshes: { state: true },
    browsing: { state: true },
    steps: { state: true },
    reserving: { state: true },
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

  /** The zone the patient switched to with the selector. */
  private chosenZone?: string;
  /** Month layout: the day whose times are shown, and the grid's tab stop. */
  private pickedDay?: Day;
  private gridDay?: Day;
  private shownDays = DAYS_PER_PAGE;
  /** List layout: the days whose times are all shown ("Show all n times"). */
  private allTimes = new Set<Day>();
  private selected?: Slot;
  private failure?: ConsultError;
  private notice = '';
  /** Bumped to fetch the slots again. */
  private refreshes = 0;
  /** The times are wanted: always without `appointment`, else once the patient reschedules. */
  private browsing = false;
  private slotsCache?: SlotsCache;
  /**
   * The booking steps, from the hold on (a chunk of their own, booking-loader.ts): there once a time is chosen, or
   * at once for a given `appointment`.
   */
  private steps?: BookingController;
  /** "Reserve this time" was pressed while the steps were still loading: it goes on once they are there. */
  private reserving = false;
  /** The booking steps are being loaded for the appointment to manage. */
  private managing = false;

  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, TOKEN_ATTRIBUTE];
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    if (name === TOKEN_ATTRIBUTE) dropCredentialAttribute(this, name, 'appointmentToken');
    else super.attributeChangedCallback(name, old, value);
  }

  private focusNext?: Focus;

  private readonly width = new WidthController(this, NARROW);

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
      const credential = (signal?: AbortSignal) => this.credential(signal);
      this.slotsCache = await fetchSlots(server, credential, params, this.slotsCache, signal);
      return this.slotsCache.data;
    },
    onError: (error) => this.report(toConsultError(error)),
  });

  /** A fresh ticket from `ticket-url`, the `ticket` property, or none (a public service). */
  private async credential(signal?: AbortSignal): Promise<string | null> {
    return this.ticket || (this.ticketUrl ? fetchTicket(this.ticketUrl, signal) : null);
  }

  /** The zone times are shown in. */
  private get zone(): string {
    return knownZone(this.chosenZone ?? this.timezone);
  }

  private get clinicZone(): string {
    return this.slots.value?.zone ?? this.zone;
  }

  /** The days and what they were computed from: the slots, the zone, min and max, the visit's own start. */
  private daysCache?: [unknown[], [Day, Slot[]][]];

  /**
   * The days with free times, in order, within min/max, in the shown zone. While rescheduling, without the visit's
   * own start: another clinician free then would list it as "another time".
   */
  private get days(): [Day, Slot[]][] {
    const { zone, minDate: min, maxDate: max } = this;
    const slots = this.slots.value?.slots ?? [];
    const current = this.steps?.booking?.appointment.start;
    const from = [slots, zone, min, max, current];
    const c = this.daysCache;
    if (c && from.every((x, i) => x === c[0][i])) return c[1];
    const days = [
      ...slotsByDay(
        slots.filter((slot) => slot.start !== current),
        zone,
      ),
    ].filter(([day]) => (!min || day >= min) && (!max || day <= max));
    this.daysCache = [from, days];
    return days;
  }

  /** What the booking steps read from this element and ask of it. */
  private readonly link: PickerLink = {
    zone: () => this.zone,
    selected: () => this.selected,
    credential: (signal) => this.credential(signal),
    emit: (event) => this.emit(event),
    say: (notice) => (this.notice = notice),
    show: (failure) => (this.failure = failure),
    refresh: () => {
      this.selected = undefined;
      this.browsing = true;
      this.refreshes++;
    },
    focusTimes: () => (this.focusNext = 'times'),
  };

  /**
   * The booking steps: at once when loaded, else once their chunk is there. `needed`: a step waits for them, and a
   * chunk that cannot load is shown and reported (`chunk-unavailable`); else (a time chosen: they will soon be
   * needed) a failure waits for that step.
   */
  private withSteps(needed: boolean): Promise<BookingController | undefined> {
    const take = ({ BookingController }: typeof import('./booking-controller.js')) =>
      (this.steps ??= new BookingController(this, this.link));
    const loaded = bookingSteps.loaded();
    if (loaded) return Promise.resolve(take(loaded));
    return bookingSteps.load().then(take, (error: unknown) => {
      if (needed) {
        this.failure = toConsultError(error);
        this.report(this.failure);
      }
      return undefined;
    });
  }

  /** "Reserve this time": a hold, once the booking steps are there (busy meanwhile). */
  private async reserve(): Promise<void> {
    if (this.steps) return this.steps.send('reserve');
    this.reserving = true;
    this.failure = undefined;
    const steps = await this.withSteps(true);
    this.reserving = false;
    steps?.send('reserve');
  }

  override willUpdate(): void {
    // An appointment to manage is shown by the booking steps alone: one load at a time, and none while its failure
    // shows, else every update would ask again (its "Try again" clears the failure, and this asks once more).
    if (this.appointment && !this.steps && !this.failure && !this.managing) {
      this.managing = true;
      void this.withSteps(true).finally(() => (this.managing = false));
    }
  }

  private report(error: ConsultError): void {
    this.emit(new ConsultErrorEvent({ code: error.code, message: bookingErrorMessage(error.code) }));
  }

  private pickDay(day: Day): void {
    this.gridDay = day;
    if (!this.days.some(([d]) => d === day)) return;
    this.pickedDay = day;
    this.focusNext = 'times';
  }

  override updated(): void {
    const focus = this.focusNext;
    if (!focus) return;
    this.focusNext = undefined;
    const q = (selector: string) => this.renderRoot.querySelector<HTMLElement>(selector);
    // The picked day's times, else the first day's.
    const group = q(`[part~="times"][data-day="${this.pickedDay}"]`) ?? q('[part~="times"]');
    const inputs = group?.querySelectorAll('input');
    // Rescheduling: the times are still loading; focus them once they show.
    if (!group && focus === 'times' && this.slots.status === TaskStatus.PENDING) this.focusNext = focus;
    (focus === 'grid'
      ? q('td[tabindex="0"]')
      : focus === 'added'
        ? inputs?.[FIRST_TIMES]
        : (group?.querySelector<HTMLElement>('input:checked') ?? inputs?.[0])
    )?.focus();
  }

  private renderEmpty(month?: Day) {
    const next = this.days.find(([day]) => !month || day >= addMonths(month, 1))?.[0];
    return renderEmpty(activeLocale(), month, next, () => next && this.pickDay(next));
  }

  private renderChooser() {
    if (this.slots.status === TaskStatus.PENDING && !this.slots.value) {
      return html`<div part="skeleton" aria-hidden="true"><span></span><span></span><span></span></div>`;
    }
    if (!this.slots.value) return nothing;
    const locale = activeLocale();
    const common = {
      zone: this.zone,
      clinicZone: this.clinicZone,
      locale,
      selected: this.selected?.start,
      busy: this.reserving || this.steps?.state === 'holding',
      onSelect: (slot: Slot) => {
        this.selected = slot;
        this.notice = '';
        this.emit(new SlotSelectEvent({ start: slot.start, end: slot.end }));
        // "Reserve this time" comes next: its code is fetched now, so that the press never waits for it.
        void this.withSteps(false);
      },
      send: () => void this.reserve(),
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
    const { steps } = this;
    const step = steps?.render();
    if (step) return step;
    if (this.appointment && !steps?.booking) return nothing;
    const first = this.days[0]?.[1][0];
    // Which zone the times are in matters only once there are times.
    const zone =
      first &&
      renderZoneBar({
        zone: this.zone,
        zones: [...new Set([knownZone(this.timezone), this.clinicZone])],
        clinicZone: this.clinicZone,
        locale: activeLocale(),
        at: new Date(first.start),
        onZone: (zone) => (this.chosenZone = zone),
      });
    // While rescheduling: the visit's current time first.
    return html`${steps?.renderCurrent() ?? nothing} ${zone ?? nothing} ${this.renderChooser()}`;
  }

  override render(): TemplateResult {
    const { slots, steps } = this;
    const tasks = [slots, ...(steps?.runs ?? [])];
    // An appointment to manage: loading until the booking steps have loaded it (or failed).
    const loading =
      tasks.some((task) => task.status === TaskStatus.PENDING) ||
      (!!this.appointment && !steps && !this.failure);
    const failed = tasks.find((task) => task.status === TaskStatus.ERROR);
    const failure = this.failure ?? (failed && toConsultError(failed.error));
    const status = loading ? msg('Loading free times…') : this.notice;
    // No white space in the status line: `:empty` hides it.
    return html`<div part="base">
      <p part="status" role="status" class=${steps?.quiet ? 'sr-only' : ''}>${status}</p>
      ${
        failure
          ? renderFailure(
              failure,
              () => {
                this.failure = undefined;
                void failed?.run();
              },
              // The appointment's booking steps did not load: clearing the failure asks for them again.
              failure.code === 'chunk-unavailable' && !!this.appointment && !steps,
            )
          : nothing
      }
      ${this.renderStep()}
    </div>`;
  }
}
