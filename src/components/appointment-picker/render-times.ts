import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import type { Slot } from './booking-client.js';
import type { BookingEvent } from './booking-states.js';
import { clockTime, fullDate } from './formats.js';
import { clockChange, type Day, zoneCity, zoneName } from './zones.js';

/** The id of the note that says which zone the times are in; every times group is described by it. */
export const ZONE_NOTE_ID = 'zone-note';

export interface TimesView {
  day: Day;
  slots: readonly Slot[];
  /** The zone times are shown in (the patient's) and the clinic's. */
  zone: string;
  clinicZone: string;
  locale: string;
  /** The start of the chosen time, if any. */
  selected?: string;
  /** Whether a hold is being placed (the reserve button is busy). */
  busy: boolean;
  /** The date as a heading (list layout), else as a plain legend (month layout, where the grid shows the date). */
  heading: boolean;
  /** List layout: show the first `FIRST_TIMES` only, with "Show all n times", unless the patient asked for all. */
  short?: boolean;
  onAll?(): void;
  onSelect(slot: Slot): void;
  /** `reserve`. */
  send(event: BookingEvent): void;
}

/** "On this day the clocks go forward one hour." for the patient's zone, and for the clinic's when it differs. */
const clockNotes = (day: Day, zone: string, clinicZone: string): string[] => {
  const notes: string[] = [];
  const change = clockChange(day, zone);
  if (change > 0) notes.push(msg('On this day the clocks go forward one hour.'));
  if (change < 0) notes.push(msg('On this day the clocks go back one hour.'));
  if (clinicZone !== zone) {
    const city = zoneCity(clinicZone);
    const there = clockChange(day, clinicZone);
    if (there > 0) notes.push(msg(str`On this day the clocks in ${city} go forward one hour.`));
    if (there < 0) notes.push(msg(str`On this day the clocks in ${city} go back one hour.`));
  }
  return notes;
};

/** One time's label: the patient's time and, in another zone, the clinic's ("10:00 your time, 09:00 in Berlin"). */
const timeLabel = (slot: Slot, view: TimesView, changing: boolean): string => {
  const { zone, clinicZone, locale } = view;
  const mine = clockTime(slot.start, zone, locale);
  // On a day the clocks change, one wall time can come twice: the long zone name tells them apart.
  const here = changing ? `${mine} (${zoneName(zone, locale, new Date(slot.start))})` : mine;
  if (clinicZone === zone) return here;
  const theirs = clockTime(slot.start, clinicZone, locale);
  return msg(str`${here} your time, ${theirs} in ${zoneCity(clinicZone)}`);
};

/** Times per day the list shows before "Show all n times": on a phone, 10 days of 25 times were 17,000 px long. */
export const FIRST_TIMES = 6;

/**
 * A day's times as a native radio group whose legend is the date, with "Reserve this time" under the chosen one. In
 * the list, a long day shows its first times and "Show all n times" (which focuses the first one it adds).
 */
export const renderTimes = (view: TimesView): TemplateResult => {
  const { day, selected, busy } = view;
  const date = fullDate(day, view.locale);
  const notes = clockNotes(day, view.zone, view.clinicZone);
  const chosen = view.slots.findIndex((slot) => slot.start === selected);
  const chosenHere = chosen >= 0;
  const cut = view.short && view.slots.length > FIRST_TIMES && chosen < FIRST_TIMES;
  const slots = cut ? view.slots.slice(0, FIRST_TIMES) : view.slots;
  const noteId = `clock-${day}`;
  return html`
    <fieldset
      part="times"
      data-day=${day}
      aria-describedby=${notes.length ? `${noteId} ${ZONE_NOTE_ID}` : ZONE_NOTE_ID}
    >
      <legend>${view.heading ? html`<h3>${date}</h3>` : date}</legend>
      ${notes.length ? html`<p part="clock-change" id=${noteId}>${notes.join(' ')}</p>` : nothing}
      <div class=${view.clinicZone === view.zone ? 'times' : 'times two-zones'}>
        ${slots.map(
          (slot) => html`
            <label part="time">
              <input
                type="radio"
                name=${`time-${day}`}
                .value=${slot.start}
                .checked=${slot.start === selected}
                @change=${() => view.onSelect(slot)}
              />
              <bdi>${timeLabel(slot, view, notes.length > 0)}</bdi>
            </label>
          `,
        )}
      </div>
      ${
        cut
          ? html`<button part="all-times" type="button" @click=${view.onAll}>
              ${msg(str`Show all ${view.slots.length} times`)}
            </button>`
          : nothing
      }
      ${
        chosenHere
          ? html`<button
              part="reserve"
              type="button"
              aria-busy=${busy ? 'true' : 'false'}
              aria-disabled=${busy ? 'true' : nothing}
              @click=${() => busy || view.send('reserve')}
            >
              ${busy ? msg('Holding this time…') : msg('Reserve this time')}
            </button>`
          : nothing
      }
    </fieldset>
  `;
};

/** "Times are in Central European Time." or, when the clinic is elsewhere, where it is too. */
export const renderZoneNote = (
  zone: string,
  clinicZone: string,
  locale: string,
  at: Date,
): TemplateResult => {
  const mine = zoneName(zone, locale, at);
  const text =
    zone === clinicZone
      ? msg(str`Times are in ${mine}.`)
      : msg(
          str`Times are in ${mine}, your time zone. The clinic is in ${zoneCity(clinicZone)} (${zoneName(clinicZone, locale, at)}).`,
        );
  return html`<p part="zone-note" id=${ZONE_NOTE_ID}>${text}</p>`;
};
