import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import type { ConsultError } from '../../client/consult-error.js';
import { retryHelps } from '../../internal/error-messages.js';
import { fullDate, monthName } from './formats.js';
import { bookingErrorMessage } from './picker-messages.js';
import { renderZoneNote } from './render-times.js';
import { type Day, zoneCity, zoneName } from './zones.js';

/** A failure as an alert, with "Try again" where trying again can help (`retry`: also where the caller knows so). */
export const renderFailure = (failure: ConsultError, onRetry: () => void, retry = false): TemplateResult =>
  html`<div part="error" role="alert">
    <p>${bookingErrorMessage(failure.code)}</p>
    ${
      retry || retryHelps(failure.code)
        ? html`<button part="retry" type="button" @click=${onRetry}>${msg('Try again')}</button>`
        : nothing
    }
  </div>`;

export interface ZoneBarView {
  zone: string;
  /** The zones the patient can choose between (theirs and the clinic's); no selector for one. */
  zones: readonly string[];
  clinicZone: string;
  locale: string;
  /** An instant the zone names are for (summer or winter time). */
  at: Date;
  onZone(zone: string): void;
}

/**
 * Which zone the times are in, and the selector between the patient's and the clinic's. Each option names its city
 * first: a phone's select cuts the end of a long name ("Mitteleuropäische Normalzeit (…"), and the city is what
 * tells the patient's zone from the clinic's.
 */
export const renderZoneBar = (view: ZoneBarView): TemplateResult => {
  const { zone, zones, locale, at } = view;
  const select =
    zones.length > 1
      ? html`<label part="zone">
          ${msg('Show times in')}
          <select @change=${(e: Event) => view.onZone((e.target as HTMLSelectElement).value)}>
            ${zones.map(
              (z) =>
                html`<option value=${z} ?selected=${z === zone}>
                  ${zoneCity(z)} (${zoneName(z, locale, at)})
                </option>`,
            )}
          </select>
        </label>`
      : nothing;
  return html`${renderZoneNote(zone, view.clinicZone, locale, at)} ${select}`;
};

/** No free times at all, or none in `month` with a jump to the `next` free day. */
export const renderEmpty = (
  locale: string,
  month: Day | undefined,
  next: Day | undefined,
  onJump: () => void,
): TemplateResult => {
  const text = month
    ? next
      ? msg(str`No free times in ${monthName(month, locale)}. Next free: ${fullDate(next, locale)}.`)
      : msg(str`No free times in ${monthName(month, locale)}.`)
    : msg('There are no free times at the moment. Please try again later or call the clinic.');
  return html`<div part="empty">
    <p>${text}</p>
    ${
      month && next
        ? html`<button part="retry" type="button" @click=${onJump}>
            ${msg(str`Show ${fullDate(next, locale)}`)}
          </button>`
        : nothing
    }
  </div>`;
};
