import { expect } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import { followRoom } from '../../src/client/room-events.js';
import { ConsultError } from '../../src/client/consult-error.js';
import { problem, useMockServer, worker } from './mock-server.js';
import { EVENTS, liveRoom } from './video-consult-room.live.js';
import { SERVER, until } from './support.js';

useMockServer();

describe('followRoom', () => {
  // A follower a failed test left running would send its requests into the next test's handlers.
  const running: AbortController[] = [];
  afterEach(() => running.splice(0).forEach((abort) => abort.abort()));

  const follow = (options: Partial<Parameters<typeof followRoom>[0]> = {}) => {
    const abort = new AbortController();
    running.push(abort);
    const seen = { states: [] as string[], retries: [] as number[], opens: 0 };
    let tickets = 0;
    const done = followRoom({
      server: SERVER,
      roomId: 'room 1/x',
      ticket: async () => `t${++tickets}`,
      signal: abort.signal,
      onState: (state) => seen.states.push(state.phase),
      onOpen: () => seen.opens++,
      onRetry: (attempt) => seen.retries.push(attempt),
      ...options,
    });
    return { abort, seen, done };
  };

  it('escapes the room id in the path and resolves quietly when aborted', async () => {
    const live = liveRoom();
    const { abort, seen, done } = follow();
    await until(() => live.requests.length === 1);
    expect(live.requests[0]!.url).to.equal(`${SERVER}/v1/rooms/room%201%2Fx/events`);
    live.send('waiting');
    await until(() => seen.states.length === 1);
    abort.abort();
    await done;
    expect(seen).to.deep.equal({ states: ['waiting'], retries: [], opens: 1 });
  });

  it('drops a connection that went silent (no heartbeat) and connects again', async () => {
    const live = liveRoom();
    const { abort, seen } = follow({ idleMs: 150 });
    await until(() => live.requests.length === 2, 'no reconnect after the idle timeout');
    // On a slow machine the second connection may have gone silent too by now (attempt 2): only the first counts.
    expect(seen.retries[0]).to.equal(1);
    expect(seen.opens).to.be.at.least(1);
    abort.abort();
  });

  it('retries a refused ticket with a fresh one', async () => {
    const authorizations: (string | null)[] = [];
    worker.use(
      http.get(EVENTS, ({ request }) => {
        authorizations.push(request.headers.get('authorization'));
        return problem(401, 'ticket-replayed');
      }),
    );
    const { abort } = follow();
    await until(() => authorizations.length === 2, 'no retry');
    expect(authorizations).to.deep.equal(['Bearer t1', 'Bearer t2']);
    abort.abort();
  });

  for (const [what, response, code] of [
    ['room-not-found', () => problem(404, 'room-not-found'), 'room-not-found'],
    ['a page that is no event stream', () => HttpResponse.text('<!doctype html>'), 'bad-response'],
  ] as const) {
    it(`gives up on ${what}`, async () => {
      worker.use(http.get(EVENTS, response));
      const { done } = follow();
      const error = await done.then(
        () => undefined,
        (reason: unknown) => reason,
      );
      expect(error).to.be.instanceOf(ConsultError);
      expect((error as ConsultError).code).to.equal(code);
    });
  }

  it('refuses an insecure server before sending a ticket', async () => {
    const { done } = follow({ server: 'http://consult.example.test' });
    const error = (await done.catch((reason: unknown) => reason)) as ConsultError;
    expect(error.code).to.equal('bad-request');
  });
});
