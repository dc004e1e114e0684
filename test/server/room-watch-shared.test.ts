import { afterEach, describe, expect, it } from 'vitest';
import { createRoomWatch, type Observation, type ObserveResult } from '../../src/server/live/room-watch.js';
import type { RoomPollShare } from '../../src/server/store/pg-room-polls.js';
import { pgInstances, PG_REACHABLE } from './support/engines.js';

/** Every poll, on whichever instance, answers the next number: a state is told apart by its count. */
let polled = 0;
const counting = () => {
  const o = {
    polls: 0,
    observe: async (roomId: string): Promise<ObserveResult> => {
      o.polls++;
      const n = ++polled;
      return {
        state: { roomId, phase: 'live', participants: n, observedAt: new Date(1e12 + n).toISOString() },
      };
    },
  };
  return o;
};

/** Resolves once `list` holds an observation with `participants >= n`. */
const until = async (list: Observation[], n: number) => {
  while (!list.some((o) => (o.state?.participants ?? 0) >= n)) await new Promise((r) => setTimeout(r, 5));
};
const counts = (list: Observation[]) => list.map((o) => o.state?.participants ?? 0);
/** Every count from the first seen to the last, once each, in order. */
const contiguous = (list: number[]) => list.map((_, i) => list[0]! + i);

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function twoInstances() {
  const { stores, close } = await pgInstances(2);
  cleanup.push(close);
  return stores;
}

/** Two instances, each with a room watch on its store and a counting vendor. */
async function twoWatches() {
  const [storeA, storeB] = await twoInstances();
  const a = counting();
  const b = counting();
  const watchA = createRoomWatch({ observe: a.observe, share: storeA!.roomPolls });
  const watchB = createRoomWatch({ observe: b.observe, share: storeB!.roomPolls });
  cleanup.push(async () => {
    watchA.stopAll();
    watchB.stopAll();
  });
  return { storeA, storeB, a, b, watchA, watchB };
}

describe.skipIf(!PG_REACHABLE)('room watch shared across instances (PostgreSQL)', () => {
  it('polls the vendor once per interval in all, both instances see every state, and the other takes over', async () => {
    const { a, b, watchA, watchB } = await twoWatches();
    const seenA: Observation[] = [];
    const seenB: Observation[] = [];
    const leaveA = watchA.subscribe('r_1', 40, (o) => seenA.push(o));
    await until(seenA, 1);
    const leaveB = watchB.subscribe('r_1', 40, (o) => seenB.push(o));
    await until(seenB, 8);

    // A holds the lease: it alone asked the vendor, and B got each state A observed after B came.
    expect(b.polls).toBe(0);
    expect(a.polls).toBe(polled);
    expect(counts(seenA)).toEqual(contiguous(counts(seenA)));
    const fromB = counts(seenB);
    expect(fromB).toEqual(contiguous(fromB));
    expect(counts(seenA)).toEqual(expect.arrayContaining(fromB));

    // A's last watcher leaves: its lease is given up, B polls from its next tick on.
    leaveA();
    const polledByA = a.polls;
    const before = polled;
    await until(seenB, before + 3);
    expect(a.polls).toBe(polledByA);
    expect(b.polls).toBeGreaterThanOrEqual(3);
    const after = counts(seenB).filter((n) => n > before);
    expect(after).toEqual(contiguous(after));
    leaveB();
  });

  it('tells an instance that does not watch the room what its poller published, while the lease runs', async () => {
    const { storeB, b, watchA, watchB } = await twoWatches();
    expect(await watchB.latest('r_1')).toBeUndefined();
    const published: number[] = [];
    const unsubscribe = await storeB!.roomPolls!.subscribe((_room, text) =>
      published.push((JSON.parse(text) as Observation).state?.participants ?? 0),
    );
    cleanup.push(async () => unsubscribe());
    const seenA: Observation[] = [];
    const leaveA = watchA.subscribe('r_1', 40, (o) => seenA.push(o));
    while (published.length < 2) await new Promise((r) => setTimeout(r, 5));
    const latest = await watchB.latest('r_1');
    expect(latest?.state?.participants).toBeGreaterThanOrEqual(published[1]!);
    expect(latest?.error).toBeUndefined();
    expect(b.polls).toBe(0);
    // The poller's watchers gone, its lease is given up: nobody watches, so nothing to tell.
    leaveA();
    await expect.poll(() => watchB.latest('r_1')).toBeUndefined();
    expect(b.polls).toBe(0);
  });

  it('takes over a killed poller when its lease runs out', async () => {
    const [storeA, storeB] = await twoInstances();
    const a = counting();
    const b = counting();
    // A "killed" instance: it stops polling without giving its lease back.
    const killed: RoomPollShare = { ...storeA!.roomPolls!, release: async () => {} };
    const leaseMs = () => 300;
    const watchA = createRoomWatch({ observe: a.observe, share: killed, leaseMs });
    const watchB = createRoomWatch({ observe: b.observe, share: storeB!.roomPolls, leaseMs });
    cleanup.push(async () => watchB.stopAll());
    const seenA: Observation[] = [];
    const seenB: Observation[] = [];
    watchA.subscribe('r_1', 40, (o) => seenA.push(o));
    await until(seenA, polled + 1);
    watchB.subscribe('r_1', 40, (o) => seenB.push(o));
    await until(seenB, polled + 2);
    expect(b.polls).toBe(0);
    watchA.stopAll();
    const polledByA = a.polls;
    const before = polled;
    await until(seenB, before + 2);
    expect(a.polls).toBe(polledByA);
    expect(b.polls).toBeGreaterThanOrEqual(2);
  });
});
