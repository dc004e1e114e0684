import { html, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import { activeLocale } from '../../internal/localization.js';
import { errorMessage } from './join-loader.js';
import type { VisitPhase } from '../../controllers/visit-window-controller.js';
import type { VisitInfo } from '../../protocol/visits.js';

/** Id of the paragraph that describes the button while a visit window is known. */
export const WINDOW_ID = 'window';

/**
 * `instant` in the patient's locale and time zone: whether it falls on `now`'s day, and the time alone then, else
 * the day and time. The sentences differ: "starts at 10:00" but "starts on Tuesday, 1 December at 10:00" (German
 * "um 10:00" but "am Dienstag, …").
 */
const formatTime = (instant: number, now: number): [today: boolean, text: string] => {
  const date = new Date(instant);
  const today = date.toDateString() === new Date(now).toDateString();
  const text = new Intl.DateTimeFormat(activeLocale(), {
    ...(!today && { weekday: 'long', month: 'long', day: 'numeric' }),
    hour: 'numeric',
    minute: '2-digit',
  }).format(date);
  return [today, text];
};

/**
 * How long until the visit opens: in seconds in its last minute when `seconds`, else in whole minutes (the last one
 * as "within a minute": "1 min" with seconds left would be wrong by almost a minute).
 */
const opensIn = (opensAt: number, startsAt: number, now: number, seconds: boolean): string => {
  const s = Math.ceil((opensAt - now) / 1000);
  const min = Math.ceil(s / 60);
  if (seconds && s < 60) return msg(str`Opens in ${s} s`);
  if (!seconds && s <= 60) return msg('Opens within a minute');
  if (min <= 60) return msg(str`Opens in ${min} min`);
  // More than an hour away, a clock time says more than a count of minutes; the start's, said just before, is not
  // said twice ("starts on Wednesday at 6:00. Opens on Wednesday at 6:00").
  const [today, at] = formatTime(opensAt, now);
  if (at === formatTime(startsAt, now)[1]) return msg('You can join from then.');
  return today ? msg(str`Opens at ${at}`) : msg(str`Opens on ${at}`);
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
  const startsAt = Date.parse(info.startsAt);
  const [today, start] = formatTime(startsAt, now);
  const shown = phase === 'open' ? open : opensIn(opensAt, startsAt, now, true);
  const heard = phase === 'open' ? open : opensIn(opensAt, startsAt, now, false);
  return html`<p part="window" id=${WINDOW_ID}>
    ${today ? msg(str`Your visit starts at ${start}.`) : msg(str`Your visit starts on ${start}.`)}
    <span aria-hidden="true">${shown}</span><span class="visually-hidden" role="status">${heard}</span>
  </p>`;
};
