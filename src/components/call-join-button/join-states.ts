/**
 * Where the button stands with its visit. The visit window (not open yet, open, over) is the clock's business and
 * is kept apart (`VisitWindowController`); these are what the button itself did and what the room told it since.
 *
 * - `idle`: nothing asked yet.
 * - `queued`: pressed while the visit window was still being fetched; joins once it is known to be open.
 * - `joining`: the join is in flight.
 * - `opened`: the visit opened in a new window (no room on the page holds it).
 * - `handed`, `waiting`, `in-room`, `left`: the room on the page holds the visit and its session: handed over
 *   (check, consent, an error the room shows), in the waiting room, in the call, left the call (the room offers to
 *   rejoin).
 * - `ended`: the room said the visit ended, or the server did when asked to join.
 * - `not-opened`: the clinic has not opened the visit yet; the button asks again by itself (`retry-due`).
 * - `failed`: the join failed; the error says whether pressing again can help.
 */
export type JoinState =
  | 'idle'
  | 'queued'
  | 'joining'
  | 'opened'
  | 'handed'
  | 'waiting'
  | 'in-room'
  | 'left'
  | 'ended'
  | 'not-opened'
  | 'failed';

/**
 * What happens to the button: the user's press (one the page did not veto, while the window does not keep the
 * button shut); the visit window becoming known, open or shut; the join's outcomes; the room's lifecycle events;
 * the auto-retry's timer (and its giving up); the host leaving the page mid-join.
 */
export type JoinEvent =
  | 'press'
  | 'window-open'
  | 'window-shut'
  | 'opened'
  | 'handed'
  | 'failed'
  | 'visit-over'
  | 'not-opened'
  | 'gave-up'
  | 'retry-due'
  | 'aborted'
  | 'vc-precheck-complete'
  | 'vc-consent'
  | 'vc-waiting'
  | 'vc-joined'
  | 'vc-left'
  | 'vc-ended'
  | 'vc-error';

/**
 * What a transition sets going; the element runs them in order. `wait-for-window` comes from a press: a fresh
 * attempt, so the auto-retry starts counting again.
 */
export type JoinEffect = 'join' | 'wait-for-window' | 'schedule-retry' | 'cancel-retry';

export interface Transition {
  to: JoinState;
  effects?: readonly JoinEffect[];
}

const join: Transition = { to: 'joining', effects: ['join'] };
const queue: Transition = { to: 'queued', effects: ['wait-for-window'] };
/** The room's news, the same from every state in which the room holds the visit. */
const room: Partial<Record<JoinEvent, Transition>> = {
  // A step done, an answer given (yes or no), an error the room shows: the visit is on the room's screen again,
  // wherever the button last saw it.
  'vc-precheck-complete': { to: 'handed' },
  'vc-consent': { to: 'handed' },
  'vc-error': { to: 'handed' },
  'vc-waiting': { to: 'waiting' },
  'vc-joined': { to: 'in-room' },
  'vc-left': { to: 'left' },
  'vc-ended': { to: 'ended' },
};

/**
 * state x event -> state + effect. A pair that is not listed changes nothing: a press while the room holds the
 * visit, above all, mints no second link (the room's own Rejoin renews it); nothing follows `ended`.
 */
export const TRANSITIONS: Readonly<Record<JoinState, Partial<Record<JoinEvent, Transition>>>> = {
  idle: { press: queue },
  queued: { 'window-open': join, 'window-shut': { to: 'idle' }, aborted: { to: 'idle' } },
  joining: {
    opened: { to: 'opened' },
    handed: { to: 'handed' },
    failed: { to: 'failed' },
    'visit-over': { to: 'ended' },
    'not-opened': { to: 'not-opened', effects: ['schedule-retry'] },
    aborted: { to: 'idle' },
  },
  // A new window holds no session here: another press opens the visit again.
  opened: { press: queue },
  handed: room,
  waiting: room,
  'in-room': room,
  left: room,
  ended: {},
  'not-opened': {
    'retry-due': join,
    press: { to: 'queued', effects: ['cancel-retry', 'wait-for-window'] },
    'gave-up': { to: 'failed' },
  },
  // The countdown that arrived after a failure says more than the failure.
  failed: { press: queue, 'window-shut': { to: 'idle' } },
};

/** The transition for `event` in `state`; undefined when the event changes nothing there. */
export const transition = (state: JoinState, event: JoinEvent): Transition | undefined =>
  TRANSITIONS[state][event];

/** States in which the room on the page holds the visit (and its session). */
export const IN_ROOM: ReadonlySet<JoinState> = new Set(['handed', 'waiting', 'in-room', 'left']);
