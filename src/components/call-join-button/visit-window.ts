import { html, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import { activeLocale } from '../../internal/localization.js';
import { errorMessage } from './join-loader.js';
import type { VisitPhase } from '../../controllers/visit-window-controller.js';
import type { VisitInfo } from '../../protocol/visits.js';

/** Id of the paragraph that describes the button while a visit window is known. */
export const WINDOW_ID = 'window';

/** `instant` in the patient's locale and time zone: the time alone when it falls on `now`'s day. */
const formatTime = (instant: number, now: number): string => {
  const date = new Date(instant);
  const sameDay = date.toDateString() === new Date(now).toDateString();
  return new Intl.DateTimeFormat(activeLocale(), {
    ...(!sameDay && { weekday: 'long', month: 'long', day: 'numeric' }),
    hour: 'numeric',
    minute: '2-digit',
  }).format(date);
};

/**
 * How long until the visit opens: in seconds in its last minute when `seconds`, else in whole minutes (the last one
 * as "within a minute": "1 min" with seconds left would be wrong by almost a minute).
 */
const opensIn = (opensAt: number, now: number, seconds: boolean): string => {
  const s = Math.ceil((opensAt - now) / 1000);
  const min = Math.ceil(s / 60);
  if (seconds && s < 60) return msg(str`Opens in ${s} s`);
  if (!seconds && s <= 60) return msg('Opens within a minute');
  // More than an hour away, a clock time says more than a count of minutes.
  return min > 60 ? msg(str`Opens at ${formatTime(opensAt, now)}`) : msg(str`Opens in ${min} min`);
};

/**
 * The visit window under the button: when it starts and when it opens, counting down. Seen and heard differently:
 * the visible countdown changes every second in the last minute, but a polite live region that changed as often
 * would talk over everything else, so screen readers get a copy that changes only with the minute and at the
 * opening (GOV.UK's character count does the same). The end is not announced: the patient may be in the call.
 */
export const renderVisitWindow = (info: VisitInfo, phase: VisitPhase, now: number): TemplateResult => {
  if (phase === 'ended') return html`<p part="window" id=${WINDOW_ID}>${errorMessage('room-ended')}</p>`;
  const opensAt = Date.parse(info.joinAvailableFrom);
  const open = msg('You can join now.');
  const shown = phase === 'open' ? open : opensIn(opensAt, now, true);
  const heard = phase === 'open' ? open : opensIn(opensAt, now, false);
  return html`<p part="window" id=${WINDOW_ID}>
    ${msg(str`Your visit starts at ${formatTime(Date.parse(info.startsAt), now)}.`)}
    <span aria-hidden="true">${shown}</span><span class="visually-hidden" role="status">${heard}</span>
  </p>`;
};
