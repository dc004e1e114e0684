import { expect } from '@open-wc/testing';
import {
  TRANSITIONS,
  transition,
  type BookingEvent,
  type BookingState,
} from '../../src/components/appointment-picker/booking-states.js';

const STATES = Object.keys(TRANSITIONS) as BookingState[];
const EVENTS: BookingEvent[] = [
  'reserve',
  'held',
  'taken',
  'refused',
  'submit',
  'booked',
  'lost',
  'expire',
  'change',
  'loaded',
  'reschedule',
  'keep',
  'cancel',
  'confirm',
  'cancelled',
  'closed',
];

describe('<appointment-picker> booking state table', () => {
  it('reaches every state from choosing, and only cancelled is final', () => {
    const seen = new Set<BookingState>(['choosing']);
    for (let grew = true; grew;) {
      grew = false;
      for (const state of [...seen]) {
        for (const event of EVENTS) {
          const to = transition(state, event)?.to;
          if (to && !seen.has(to)) {
            seen.add(to);
            grew = true;
          }
        }
      }
    }
    expect([...seen].sort()).to.deep.equal([...STATES].sort());
    const final = STATES.filter((state) => EVENTS.every((event) => !transition(state, event)));
    expect(final).to.deep.equal(['cancelled']);
  });

  it('makes a new Idempotency-Key only for a new attempt, never for a retry of a lost answer', () => {
    const keyed = STATES.flatMap((state) =>
      EVENTS.filter((event) => transition(state, event)?.effects?.includes('new-key')).map(
        (e) => `${state}:${e}`,
      ),
    );
    expect(keyed).to.deep.equal(['held:submit']);
    expect(transition('uncertain', 'submit')).to.deep.equal({ to: 'booking', effects: ['book'] });
  });

  it('lets the countdown end only a hold that nothing is booking with', () => {
    const expiring = STATES.filter((state) => transition(state, 'expire'));
    expect(expiring).to.deep.equal(['held']);
  });

  it('gives a held time back whenever the patient leaves it, and forgets one the server has used or dropped', () => {
    for (const state of STATES) {
      for (const event of EVENTS) {
        const next = transition(state, event);
        if (!next || next.to !== 'choosing' || state === 'choosing') continue;
        const effects = next.effects ?? [];
        const letsGo = effects.includes('release-hold') || effects.includes('forget-hold');
        // From holding the hold never came: nothing to give back; from booked (rescheduling) there is none.
        const none = state === 'holding' || state === 'expired' || state === 'booked';
        expect(letsGo || none, `${state} --${event}->`).to.equal(true);
      }
    }
  });

  it('asks before cancelling, and only a confirmation cancels', () => {
    const cancelling = STATES.flatMap((state) =>
      EVENTS.filter((event) => transition(state, event)?.effects?.includes('cancel')).map(
        (e) => `${state}:${e}`,
      ),
    );
    expect(cancelling).to.deep.equal(['confirming:confirm']);
    expect(transition('booked', 'cancel')?.to).to.equal('confirming');
  });

  it('gives a held time back when the server refuses a move past the cut-off', () => {
    expect(transition('booking', 'closed')?.effects).to.include('release-hold');
  });
});
