import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import type { BookingEvent, BookingState } from './booking-states.js';
import { clockTime, fullDate } from './formats.js';
import { dayIn, zoneName } from './zones.js';

export const HOLD_TITLE_ID = 'hold-title';

/** What a field error code from the server (or the form's own check) says at its field. */
export const fieldMessage = (field: string, code: string): string => {
  if (field === 'name') return msg('Please enter your name.');
  if (code === 'contact-missing') return msg('Please enter an email address or a phone number.');
  if (field === 'email') return msg('Please enter a valid email address, like name@example.com.');
  if (field === 'phone') return msg('Please enter a valid phone number.');
  return msg('Please check this entry.');
};

/** How long the hold has left, "4:59". */
export const minutesSeconds = (seconds: number): string =>
  `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;

export interface HoldView {
  state: BookingState;
  start: string;
  zone: string;
  locale: string;
  secondsLeft: number;
  /** Field errors by field name (`name`, `email`, `phone`) -> code. */
  errors: Readonly<Record<string, string>>;
  /** The page gives the patient's details itself (`patient` property): no built-in fields. */
  ownForm: boolean;
  /** Rescheduling a booked visit: no details to ask, the button moves it. */
  moving: boolean;
  /** The time is inside the service's cut-off: once booked, only the clinic can change it. */
  final: boolean;
  onSubmit(event: SubmitEvent): void;
  /** `change`. */
  send(event: BookingEvent): void;
}

/** "Tuesday 4 March, 10:00 (Central European Time)": a chosen or booked time in full. */
export const whenText = (start: string, zone: string, locale: string): string =>
  `${fullDate(dayIn(new Date(start), zone), locale)}, ${clockTime(start, zone, locale)} (${zoneName(zone, locale, new Date(start))})`;

/** A built-in field: its `type` is also its autocomplete token and keyboard (`text` for the name, `name`). */
const field = (name: string, type: string, label: string, errors: HoldView['errors']) => {
  const code = errors[name];
  const hint = name !== 'name';
  const describedBy = [code ? `${name}-error` : '', hint ? 'contact-hint' : ''].filter(Boolean).join(' ');
  return html`<div class="field">
    <label for=${`field-${name}`}>${label}</label>
    <input
      id=${`field-${name}`}
      name=${name}
      type=${type}
      autocomplete=${hint ? type : name}
      inputmode=${hint ? type : nothing}
      aria-invalid=${code ? 'true' : 'false'}
      aria-describedby=${describedBy || nothing}
    />
    ${code ? html`<p class="field-error" id=${`${name}-error`}>${fieldMessage(name, code)}</p>` : nothing}
  </div>`;
};

const fields = (errors: HoldView['errors']) => html`
  ${field('name', 'text', msg('Your full name'), errors)}
  <p id="contact-hint" class="hint">
    ${msg('We need an email address or a phone number to send you the visit link.')}
  </p>
  ${field('email', 'email', msg('Email address'), errors)}
  ${field('phone', 'tel', msg('Phone number'), errors)}
`;

/** The held time with its countdown, the form, and "Choose another time"; or that the hold ran out. */
export const renderHold = (view: HoldView): TemplateResult => {
  const when = whenText(view.start, view.zone, view.locale);
  if (view.state === 'expired') {
    return html`<section part="hold" aria-labelledby=${HOLD_TITLE_ID}>
      <h3 id=${HOLD_TITLE_ID} tabindex="-1">${msg('The time we held for you has run out')}</h3>
      <p>${msg(str`${when} is no longer held for you. It may still be free.`)}</p>
      <button part="change" type="button" @click=${() => view.send('change')}>
        ${msg('Choose a time again')}
      </button>
    </section>`;
  }
  const busy = view.state === 'booking';
  const uncertain = view.state === 'uncertain';
  return html`<section part="hold" aria-labelledby=${HOLD_TITLE_ID}>
    <h3 id=${HOLD_TITLE_ID} tabindex="-1">${msg('Your chosen time')}</h3>
    <p part="when">${when}</p>
    <p part="countdown" role="timer" aria-live="off">
      ${msg(str`We are holding this time for you: ${minutesSeconds(view.secondsLeft)} left.`)}
    </p>
    ${
      view.final
        ? html`<p part="closed">
            ${msg('This time is soon: once it is booked, you cannot change or cancel it online. To change it, please call the clinic.')}
          </p>`
        : nothing
    }
    <form part="form" novalidate @submit=${view.onSubmit}>
      ${view.moving ? nothing : html`<slot name="form"></slot>`}
      ${view.ownForm || view.moving ? nothing : fields(view.errors)}
      ${
        uncertain
          ? html`<p part="uncertain" role="alert">
              ${msg('We could not tell whether your booking went through. Please try again: you will not be booked twice.')}
            </p>`
          : nothing
      }
      <button
        part="book"
        type="submit"
        aria-busy=${busy ? 'true' : 'false'}
        aria-disabled=${busy ? 'true' : nothing}
      >
        ${
          busy
            ? msg('Booking…')
            : uncertain
              ? msg('Try again')
              : view.moving
                ? msg('Move my visit to this time')
                : msg('Book video visit')
        }
      </button>
    </form>
    <button part="change" type="button" @click=${() => view.send('change')}>
      ${msg('Choose another time')}
    </button>
  </section>`;
};
