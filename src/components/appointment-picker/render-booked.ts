import { html, nothing, type TemplateResult } from 'lit';
import { msg } from '@lit/localize';
import type { Booking } from './booking-client.js';
import type { BookingEvent } from './booking-states.js';
import { whenText } from './render-hold.js';
import { bookingErrorMessage } from './picker-messages.js';

export const BOOKED_TITLE_ID = 'booked-title';

/** `20260304T090000Z`: an instant as Google Calendar's template link writes it. */
const compact = (instant: string) => new Date(instant).toISOString().replace(/[-:]|\.\d{3}/g, '');

/** A Google Calendar "add event" link. It carries the time and a title only: no token, no patient detail. */
export const googleCalendarUrl = (start: string, end: string, title: string): string =>
  `https://calendar.google.com/calendar/render?${new URLSearchParams({
    action: 'TEMPLATE',
    text: title,
    dates: `${compact(start)}/${compact(end)}`,
  }).toString()}`;

export interface BookedView {
  booking: Booking;
  server: string;
  zone: string;
  locale: string;
  joinButton: boolean;
  /** The heading: booked just now, moved just now, or an appointment given to the picker. */
  title: string;
  /** `booked`, `confirming` (cancel asks first) or `cancelling`. */
  state: string;
  /** Past the service's cut-off: no changes online. */
  closed: boolean;
  onCalendar(): void;
  /** `reschedule`, `cancel`, `confirm`, `keep`. */
  send(event: BookingEvent): void;
}

export const KEEP_ID = 'keep-visit';

/** Back to the appointment unchanged: from the cancel's confirmation and while rescheduling. */
export const keepText = () => msg('Keep my visit as it is');

/** "Choose another time" and "Cancel visit"; the cancel's confirmation; or the cut-off's message. */
const renderChanges = (view: BookedView) => {
  if (view.closed) return html`<p part="closed">${bookingErrorMessage('cancel-window-closed')}</p>`;
  if (view.state === 'booked') {
    return html`<div class="actions">
      <button part="change" type="button" @click=${() => view.send('reschedule')}>
        ${msg('Choose another time')}
      </button>
      <button part="cancel" type="button" @click=${() => view.send('cancel')}>${msg('Cancel visit')}</button>
    </div>`;
  }
  const busy = view.state === 'cancelling';
  // Inline confirmation: focus goes to the least destructive answer, the group's label is read with it.
  return html`<div part="confirm-cancel" role="group" aria-labelledby="confirm-question">
    <p id="confirm-question">${msg('Cancel this video visit?')}</p>
    <div class="actions">
      <button
        part="confirm"
        type="button"
        aria-busy=${busy ? 'true' : 'false'}
        aria-disabled=${busy ? 'true' : nothing}
        @click=${() => busy || view.send('confirm')}
      >
        ${msg('Yes, cancel visit')}
      </button>
      <button id=${KEEP_ID} part="keep" type="button" @click=${() => view.send('keep')}>${keepText()}</button>
    </div>
  </div>`;
};

/**
 * The confirmation: the booked time, "Add to calendar" (.ics download and Google), a join button if asked, and
 * "Choose another time" / "Cancel visit" until the cut-off.
 */
export const renderBooked = (view: BookedView): TemplateResult => {
  const { appointment, capability } = view.booking;
  const title = msg('Video visit');
  const when = whenText(appointment.start, view.zone, view.locale);
  return html`<section part="confirmation" aria-labelledby=${BOOKED_TITLE_ID}>
    <h3 id=${BOOKED_TITLE_ID} tabindex="-1">${view.title}</h3>
    <p part="when">${when}</p>
    <p>${msg('Add to calendar:')}</p>
    <div class="actions">
      <button part="calendar" type="button" @click=${view.onCalendar}>
        ${msg('Download calendar file')}
      </button>
      <a
        part="google"
        href=${googleCalendarUrl(appointment.start, appointment.end, title)}
        target="_blank"
        rel="noopener noreferrer"
      >
        ${msg('Google Calendar')}
      </a>
    </div>
    ${
      view.joinButton
        ? html`<call-join-button
            server=${view.server}
            appointment=${appointment.id}
            join-role="patient"
            .ticket=${capability}
          ></call-join-button>`
        : nothing
    }
    ${renderChanges(view)}
  </section>`;
};

/** The heading (and status) of a cancelled visit. */
export const cancelledText = () => msg('Your video visit is cancelled');

/** A cancelled visit: what it was, and nothing to act on. */
export const renderCancelled = (booking: Booking, zone: string, locale: string) =>
  html`<section part="confirmation cancelled" aria-labelledby=${BOOKED_TITLE_ID}>
    <h3 id=${BOOKED_TITLE_ID} tabindex="-1">${cancelledText()}</h3>
    <p part="when">${whenText(booking.appointment.start, zone, locale)}</p>
  </section>`;
