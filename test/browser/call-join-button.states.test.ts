import { expect } from '@open-wc/testing';
import {
  IN_ROOM,
  TRANSITIONS,
  transition,
  type JoinEvent,
  type JoinState,
} from '../../src/components/call-join-button/join-states.js';
import { buttonView } from '../../src/components/call-join-button/button-view.js';
import { loadJoinClient } from '../../src/components/call-join-button/join-loader.js';

const STATES = Object.keys(TRANSITIONS) as JoinState[];
const EVENTS = [...new Set(STATES.flatMap((s) => Object.keys(TRANSITIONS[s])))] as JoinEvent[];

/** Every state reachable from `from` through the table. */
const reachable = (from: JoinState) => {
  const seen = new Set<JoinState>([from]);
  for (const state of seen) for (const event of EVENTS) seen.add(transition(state, event)?.to ?? state);
  return seen;
};

describe('<call-join-button> state table', () => {
  it('reaches every state from idle, and leads only to states it lists', () => {
    expect([...reachable('idle')].sort()).to.deep.equal([...STATES].sort());
  });

  it('joins exactly when it enters joining', () => {
    for (const state of STATES) {
      for (const event of EVENTS) {
        const next = transition(state, event);
        if (!next) continue;
        const joins = next.effects?.includes('join') ?? false;
        expect(joins, `${state} x ${event}`).to.equal(next.to === 'joining' && state !== 'joining');
      }
    }
  });

  it('takes no press while the room holds the visit, while a join is on its way, or after the end', () => {
    for (const state of [...IN_ROOM, 'queued', 'joining', 'ended'] as JoinState[]) {
      expect(transition(state, 'press'), state).to.equal(undefined);
      expect(buttonView({ state }).live, state).to.equal(false);
    }
    expect(TRANSITIONS.ended).to.deep.equal({});
  });

  it('follows the room only once it has handed the visit over', () => {
    for (const type of ['vc-waiting', 'vc-joined', 'vc-left', 'vc-ended'] as const) {
      for (const state of ['idle', 'queued', 'joining', 'opened', 'failed', 'not-opened'] as const) {
        expect(transition(state, type), `${state} x ${type}`).to.equal(undefined);
      }
    }
  });

  it('offers Try again only where it can help', async () => {
    // Every failure but a missing chunk comes from the button's network side: its words and their verdicts with it.
    await loadJoinClient();
    const retry = (alert: string) => buttonView({ state: 'failed', alert }).retry;
    for (const code of [
      'network-error',
      'timeout',
      'internal',
      'vendor-unavailable',
      'rate-limited',
      'brand-new',
    ]) {
      expect(retry(code), code).to.equal(true);
    }
    for (const code of [
      'room-ended',
      'forbidden-scope',
      'not-found',
      'bad-request',
      'ticket-expired',
      'url-refused',
    ]) {
      expect(retry(code), code).to.equal(false);
    }
    expect(buttonView({ state: 'failed', alert: 'internal', phase: 'ended' }).retry, 'over').to.equal(false);
  });

  it('shows the visit window only while the room does not hold the visit', () => {
    for (const state of STATES) {
      expect(buttonView({ state }).window, state).to.equal(!IN_ROOM.has(state) && state !== 'ended');
    }
  });
});
