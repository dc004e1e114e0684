import { html, nothing, type TemplateResult } from 'lit';
import { msg } from '@lit/localize';
import type { Booking } from './booking-client.js';
import { whenText } from './render-hold.js';

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
  onCalendar(): void;
}

/** The confirmation: the booked time, "Add to calendar" (.ics download and Google), and a join button if asked. */
export const renderBooked = (view: BookedView): TemplateResult => {
  const { appointment, capability } = view.booking;
  const title = msg('Video visit');
  return html`<section part="confirmation" aria-labelledby=${BOOKED_TITLE_ID}>
    <h3 id=${BOOKED_TITLE_ID} tabindex="-1">${msg('Your video visit is booked')}</h3>
    <p part="when">${whenText(appointment.start, view.zone, view.locale)}</p>
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
  </section>`;
};
