import { msg, str } from '@lit/localize';
import type { VisitInfo } from '../../protocol/visits.js';
import { panel, type View } from './view.js';

/**
 * When the appointment starts, coarsely (5-minute steps past 10 minutes, hours past 90): the text sits in a
 * polite live region, which speaks every change.
 */
const startsIn = (visit: VisitInfo | undefined, now: number, locale: string): string => {
  const minutes = Math.ceil(((visit ? Date.parse(visit.startsAt) : NaN) - now) / 60_000);
  // Past, now, or unknown: saying nothing is better than a wrong time.
  if (!(minutes > 0)) return '';
  const [value, unit] =
    minutes > 90
      ? [Math.round(minutes / 60), 'hour']
      : [minutes > 10 ? Math.ceil(minutes / 5) * 5 : minutes, 'minute'];
  const when = new Intl.RelativeTimeFormat(locale).format(value, unit as Intl.RelativeTimeFormatUnit);
  return msg(str`Your appointment starts ${when}.`);
};

export interface WaitingModel {
  visit?: VisitInfo;
  /** Now, by the server's clock (ms). */
  now: number;
  locale: string;
  reconnecting: boolean;
}

/** The waiting room: who the patient waits for, when the visit starts, and whether the live connection is down. */
export const waitingView = (
  { visit, now, locale, reconnecting }: WaitingModel,
  leave: View['actions'],
): View => {
  const name = visit?.clinicianName;
  return {
    panel: panel('waiting', msg('You are in the waiting room')),
    text: [
      name ? msg(str`${name} will see you soon.`) : msg('Your clinician will see you soon.'),
      startsIn(visit, now, locale),
      reconnecting ? msg('The connection was interrupted. Reconnecting…') : '',
    ]
      .filter(Boolean)
      .join(' '),
    actions: leave,
  };
};
