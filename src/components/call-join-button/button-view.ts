import { html, type TemplateResult } from 'lit';
import { msg } from '@lit/localize';
import type { VisitPhase } from '../../controllers/visit-window-controller.js';
import { retryHelps } from '../../internal/error-messages.js';
import { IN_ROOM, transition, type JoinState } from './join-states.js';

/** What the button shows in one state. */
export interface ButtonView {
  /** A press does something (else the button is `aria-disabled`, still focusable). */
  live: boolean;
  /** A join is on its way. */
  busy: boolean;
  /** The visit window (start time, countdown, over) is worth showing: the room does not hold the visit. */
  window: boolean;
  /** The status line. */
  status: string;
  /** The room announces this state itself: the status line is shown but is no live region, not to say it twice. */
  quiet: boolean;
  /** Whether the alert, if there is one, gets a "Try again" button. */
  retry: boolean;
}

export interface ViewInput {
  state: JoinState;
  /** The visit window's phase, when one is known. */
  phase?: VisitPhase;
  /** The error code of the alert, if there is one. */
  alert?: string;
}

/** The status line of the `not-opened` state: the button keeps asking by itself meanwhile. */
export const notOpenedText = () =>
  msg('The clinic has not opened your visit yet. This page keeps trying, so please keep it open.');

/**
 * Where the room on the page holds the visit: its check, consent question, error or Rejoin say what to do there,
 * so the button only points to it (and cannot go stale while the room moves through its steps).
 */
const inTheRoom = () => msg('Continue in the video visit area.');

const STATUS: Partial<Record<JoinState, () => string>> = {
  queued: () => msg('Connecting to your video visit…'),
  joining: () => msg('Connecting to your video visit…'),
  opened: () => msg('Your video visit has opened in a new window.'),
  handed: inTheRoom,
  waiting: () => msg('You are in the waiting room.'),
  'in-room': () => msg('You are in your video visit.'),
  // The room says "You left the visit." next to its Rejoin, and a rejoin may already be connecting.
  left: inTheRoom,
  ended: () => msg('The visit has ended. You can close this page.'),
  'not-opened': notOpenedText,
};

/**
 * The button's look in `state`: pressable only where the state table takes a press and the visit window does not
 * keep it shut; the window only while the room does not hold the visit (a visit running over its end is not
 * "over" to the patient in it) and no error is shown; "Try again" only where trying again can help.
 */
export const buttonView = ({ state, phase, alert }: ViewInput): ButtonView => {
  const shut = phase === 'scheduled' || phase === 'ended';
  return {
    live: transition(state, 'press') !== undefined && !shut,
    busy: state === 'queued' || state === 'joining',
    // An error replaces "You can join now." rather than sitting under it.
    window: !IN_ROOM.has(state) && state !== 'ended' && alert === undefined,
    status: STATUS[state]?.() ?? '',
    // The waiting room's own live line says the same at the same moment.
    quiet: state === 'waiting',
    retry: alert !== undefined && retryHelps(alert) && !shut,
  };
};

/** The fallback link to a visit opened in a new window (a popup blocker may have eaten that window). */
export const renderLink = (url: string): TemplateResult =>
  html`<a part="link" href=${url} target="_blank" rel="noopener noreferrer"
    >${msg('Open your video visit in a new window')}</a
  >`;
