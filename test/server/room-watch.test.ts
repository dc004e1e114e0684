import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RoomState } from '../../src/protocol/visits.js';
import { createRoomWatch, type Observation, type ObserveResult } from '../../src/server/live/room-watch.js';
import type { RoomPollShare } from '../../src/server/store/pg-room-polls.js';

const state = (phase: RoomState['phase'], at = 0): RoomState => ({
  roomId: 'r_1',
  phase,
  observedAt: new Date(at).toISOString(),
});

/** An observer the test steers: what the next poll answers, how many polls ran, which were aborted. */
const steered = () => {
  let next: () => Promise<ObserveResult> = async () => ({ state: state('open') });
  const signals: AbortSignal[] = [];
  return {
    observe: (_roomId: string, signal: AbortSignal) => {
      signals.push(signal);
      return next();
    },
    answer: (fn: () => Promise<ObserveResult>) => (next = fn),
    get polls() {
      return signals.length;
    },
    signals,
  };
};

beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
afterEach(() => vi.useRealTimers());

describe('room watch', () => {
  it('polls once per interval for ten watchers of one room, all getting the same observation', async () => {
    const observer = steered();
    const watch = createRoomWatch({ observe: observer.observe });
    const seen: Observation[][] = Array.from({ length: 10 }, () => []);
    const leave = seen.map((list) => watch.subscribe('r_1', 1000, (o) => list.push(o)));
    await vi.advanceTimersByTimeAsync(0);
    expect(observer.polls).toBe(1);
    await vi.advanceTimersByTimeAsync(3000);
    expect(observer.polls).toBe(4);
    expect(watch.activeRooms).toBe(1);
    for (const list of seen) expect(list).toHaveLength(4);
    expect(new Set(seen.map((list) => list[3]))).toHaveProperty('size', 1);
    leave.forEach((l) => l());
  });

  it('looks again at once on refresh, also right after a poll in flight, and not for unwatched rooms', async () => {
    const observer = steered();
    const watch = createRoomWatch({ observe: observer.observe });
    const seen: Observation[] = [];
    const leave = watch.subscribe('r_1', 10_000, (o) => seen.push(o));
    await vi.advanceTimersByTimeAsync(0);
    expect(observer.polls).toBe(1);
    observer.answer(async () => ({ state: state('ended') }));
    watch.refresh('r_1');
    await vi.advanceTimersByTimeAsync(0);
    expect([observer.polls, seen.at(-1)?.state?.phase]).toEqual([2, 'ended']);
    // A refresh while a poll runs: that poll may have read the old state, so another follows at once.
    let release = () => {};
    observer.answer(() => new Promise((resolve) => (release = () => resolve({ state: state('live') }))));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(observer.polls).toBe(3);
    watch.refresh('r_1');
    expect(observer.polls).toBe(3);
    observer.answer(async () => ({ state: state('ended') }));
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect([observer.polls, seen.at(-1)?.state?.phase]).toEqual([4, 'ended']);
    watch.refresh('r_2');
    expect(watch.activeRooms).toBe(1);
    leave();
  });

  it('gives a late watcher the latest observation at once, without an extra poll', async () => {
    const observer = steered();
    const watch = createRoomWatch({ observe: observer.observe });
    const leaveFirst = watch.subscribe('r_1', 1000, () => {});
    await vi.advanceTimersByTimeAsync(0);
    const late: Observation[] = [];
    const leaveLate = watch.subscribe('r_1', 1000, (o) => late.push(o));
    await vi.advanceTimersByTimeAsync(0);
    expect(late).toEqual([{ state: state('open') }]);
    expect(observer.polls).toBe(1);
    leaveFirst();
    leaveLate();
  });

  it('stops polling when the last watcher leaves, aborting a poll in flight', async () => {
    const observer = steered();
    const watch = createRoomWatch({ observe: observer.observe });
    const a = watch.subscribe('r_1', 1000, () => {});
    const b = watch.subscribe('r_1', 1000, () => {});
    await vi.advanceTimersByTimeAsync(1000);
    expect(observer.polls).toBe(2);
    observer.answer(() => new Promise(() => {})); // the next poll hangs
    await vi.advanceTimersByTimeAsync(1000);
    a();
    expect(observer.signals.at(-1)?.aborted).toBe(false);
    b();
    expect(observer.signals.at(-1)?.aborted).toBe(true);
    expect(watch.activeRooms).toBe(0);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(observer.polls).toBe(3);
  });

  it('answers a failure with the last state the provider gave, and tells once per failure streak', async () => {
    const observer = steered();
    const failures: string[] = [];
    const watch = createRoomWatch({ observe: observer.observe, onFailure: (_r, e) => failures.push(e.code) });
    const seen: Observation[] = [];
    observer.answer(async () => ({ state: state('live', 1) }));
    const leave = watch.subscribe('r_1', 1000, (o) => seen.push(o));
    await vi.advanceTimersByTimeAsync(0);
    observer.answer(async () => ({ state: state('open', 2), error: { code: 'vendor-unavailable' } }));
    await vi.advanceTimersByTimeAsync(2000);
    observer.answer(async () => {
      throw new Error('database is locked');
    });
    await vi.advanceTimersByTimeAsync(1000);
    expect(seen.map((o) => [o.state?.phase, o.state?.observedAt, o.error])).toEqual([
      ['live', state('live', 1).observedAt, undefined],
      ['live', state('live', 1).observedAt, 'vendor-unavailable'],
      ['live', state('live', 1).observedAt, 'vendor-unavailable'],
      ['live', state('live', 1).observedAt, 'internal'],
    ]);
    expect(failures).toEqual(['vendor-unavailable', 'internal']);
    leave();
  });

  it("falls back to the observer's own view when the provider never answered", async () => {
    const observer = steered();
    observer.answer(async () => ({ state: state('open', 5), error: { code: 'vendor-timeout' } }));
    const watch = createRoomWatch({ observe: observer.observe });
    const seen: Observation[] = [];
    const leave = watch.subscribe('r_1', 1000, (o) => seen.push(o));
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual([{ state: state('open', 5), error: 'vendor-timeout' }]);
    leave();
  });

  it('keeps delivering to the others when one watcher throws', async () => {
    const observer = steered();
    const watch = createRoomWatch({ observe: observer.observe });
    const seen: Observation[] = [];
    const a = watch.subscribe('r_1', 1000, () => {
      throw new Error('broken stream');
    });
    const b = watch.subscribe('r_1', 1000, (o) => seen.push(o));
    await vi.advanceTimersByTimeAsync(1000);
    expect(seen).toHaveLength(2);
    a();
    b();
  });

  it('stopAll ends every loop', async () => {
    const observer = steered();
    const watch = createRoomWatch({ observe: observer.observe });
    watch.subscribe('r_1', 1000, () => {});
    watch.subscribe('r_2', 1000, () => {});
    await vi.advanceTimersByTimeAsync(0);
    expect(watch.activeRooms).toBe(2);
    watch.stopAll();
    await vi.advanceTimersByTimeAsync(5000);
    expect(observer.polls).toBe(2);
    expect(watch.activeRooms).toBe(0);
  });
});

describe('room watch with a shared lease', () => {
  const share = (claim: RoomPollShare['claim']): RoomPollShare => ({
    claim,
    latest: async () => undefined,
    release: async () => {},
    publish: async () => {},
    subscribe: async () => () => {},
  });

  it('does not poll while another instance holds the lease, and delivers what it published', async () => {
    const observer = steered();
    const published = JSON.stringify({ state: state('live', 5) });
    const watch = createRoomWatch({
      observe: observer.observe,
      share: share(async () => ({ poller: false, last: published })),
    });
    const seen: Observation[] = [];
    const leave = watch.subscribe('r_1', 1000, (o) => seen.push(o));
    await vi.advanceTimersByTimeAsync(3000);
    expect(observer.polls).toBe(0);
    expect(seen.map((o) => o.state?.phase)).toEqual(['live']); // a repeat is not delivered again
    leave();
  });

  it('polls on its own when the database cannot be asked', async () => {
    const observer = steered();
    const watch = createRoomWatch({
      observe: observer.observe,
      share: share(async () => {
        throw new Error('connection refused');
      }),
    });
    const seen: Observation[] = [];
    const leave = watch.subscribe('r_1', 1000, (o) => seen.push(o));
    await vi.advanceTimersByTimeAsync(1000);
    expect(observer.polls).toBe(2);
    expect(seen.map((o) => o.state?.phase)).toEqual(['open', 'open']);
    leave();
  });
});
