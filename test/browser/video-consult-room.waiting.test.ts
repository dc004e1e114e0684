import { aTimeout, expect, fixture, html, oneEvent } from '@open-wc/testing';
import { http } from 'msw';
import type { VideoConsultRoom } from '../../src/components/video-consult-room/video-consult-room.js';
import { problem, useMockServer, worker } from './mock-server.js';
import { frameOf, joinResponse, roomPosts, stageOf, statusOf } from './video-consult-room.helpers.js';
import { EVENTS, fakeSession, inSeconds, liveRoom, stateEvent } from './video-consult-room.live.js';
import { SERVER, part, received, record, roomUrl, until } from './support.js';

useMockServer();

const room = () => fixture<VideoConsultRoom>(html`<video-consult-room no-precheck></video-consult-room>`);

/** A room in the waiting room of a session whose clinician is Dr. Weber, starting in 20 minutes. */
const waiting = async (visit = { clinicianName: 'Dr. Weber', startsAt: inSeconds(20 * 60 - 5) }) => {
  const live = liveRoom();
  const el = await room();
  const waits = record(el, 'vc-waiting');
  const { session, calls } = fakeSession({ visit });
  el.open(joinResponse(), session);
  await until(() => live.requests.length === 1, 'no stream opened');
  live.send('waiting');
  await received(waits);
  await el.updateComplete;
  return { el, live, waits, calls };
};

describe('<video-consult-room> waiting room', () => {
  it('follows the live state with a fresh ticket in a header, never in the URL, and never with EventSource', async () => {
    const EventSource = window.EventSource;
    window.EventSource = class {
      constructor() {
        throw new Error('EventSource used');
      }
    } as unknown as typeof EventSource;
    try {
      const { live } = await waiting();
      expect(live.requests).to.deep.equal([
        {
          authorization: 'Bearer ticket-1',
          accept: 'text/event-stream',
          url: `${SERVER}/v1/rooms/room-1/events`,
        },
      ]);
    } finally {
      window.EventSource = EventSource;
    }
  });

  it('says whom the patient waits for and when the visit starts, politely, then frames the room when it opens', async () => {
    const { el, live, waits } = await waiting();
    expect(stageOf(el)).to.equal('waiting');
    expect(waits).to.have.length(1);
    expect(waits[0]!.detail).to.deep.equal({ roomId: 'room-1' });
    expect(frameOf(el)).to.equal(null);
    expect(part(el, '[part~="panel"][part~="waiting"] h2')!.textContent).to.equal(
      'You are in the waiting room',
    );
    expect(part(el, '[part~="status"]')!.getAttribute('role')).to.equal('status');
    expect(statusOf(el)).to.equal('Dr. Weber will see you soon. Your appointment starts in 20 minutes.');
    await expect(el).to.be.accessible();

    live.send('waiting');
    const ready = oneEvent(el, 'vc-room-ready');
    live.send('open');
    expect((await ready).detail.origin).to.equal(new URL(roomUrl()).origin);
    expect(stageOf(el)).to.equal('room');
    expect(frameOf(el)!.src).to.equal(joinResponse().url);
    expect(waits).to.have.length(1, 'one vc-waiting per stay in the waiting room');
  });

  it("corrects the device's clock by the server's time", async () => {
    // The server's clock is 10 minutes ahead: a visit 30 device-minutes away starts in 20.
    const { el } = await waiting({
      clinicianName: 'Dr. Weber',
      startsAt: inSeconds(30 * 60 - 5),
      serverTime: inSeconds(10 * 60),
    } as never);
    expect(statusOf(el)).to.contain('starts in 20 minutes');
  });

  it('speaks coarsely: 5-minute steps far ahead, hours past 90 minutes, nothing once the time has come', async () => {
    const cases: [number, string][] = [
      [4 * 60, 'Your clinician will see you soon. Your appointment starts in 4 minutes.'],
      [23 * 60, 'Your clinician will see you soon. Your appointment starts in 25 minutes.'],
      [150 * 60, 'Your clinician will see you soon. Your appointment starts in 3 hours.'],
      [-60, 'Your clinician will see you soon.'],
    ];
    for (const [seconds, text] of cases) {
      const { el } = await waiting({ startsAt: inSeconds(seconds) } as never);
      expect(statusOf(el)).to.equal(text);
    }
  });

  it('goes straight to the room when the room is open already, without vc-waiting', async () => {
    const live = liveRoom();
    const el = await room();
    const waits = record(el, 'vc-waiting');
    el.open(joinResponse(), fakeSession().session);
    await until(() => live.requests.length === 1);
    const ready = oneEvent(el, 'vc-room-ready');
    live.send('live');
    await ready;
    expect(waits).to.have.length(0);
  });

  it('ends the visit from the live state while waiting', async () => {
    const { el, live } = await waiting();
    const ended = oneEvent(el, 'vc-ended');
    live.send('ended');
    expect((await ended).detail).to.deep.equal({ roomId: 'room-1' });
    await el.updateComplete;
    expect(statusOf(el)).to.equal('The visit has ended. You can close this page.');
    await expect(el).to.be.accessible();
  });

  it('fires one vc-ended when the live state and the room page both say the visit ended', async () => {
    const { el, live } = await waiting();
    const ready = oneEvent(el, 'vc-room-ready');
    live.send('open');
    await ready;
    const ended = record(el, 'vc-ended');
    roomPosts(el, 'ended');
    // Twice in one chunk: both are parsed before the element can close the stream.
    live.write(stateEvent('ended').repeat(2));
    await received(ended);
    await aTimeout(150);
    expect(ended).to.have.length(1);
    expect(frameOf(el)).to.equal(null);
  });

  it('reconnects after the stream drops, with a new ticket: vc-reconnecting, then vc-reconnected', async () => {
    const { el, live } = await waiting();
    const reconnecting = oneEvent(el, 'vc-reconnecting');
    live.drop();
    const { detail } = await reconnecting;
    expect(detail.attempt).to.equal(1);
    expect(detail.delay).to.be.within(500, 1000);
    await el.updateComplete;
    expect(statusOf(el)).to.contain('The connection was interrupted. Reconnecting…');
    const back = oneEvent(el, 'vc-reconnected');
    await until(() => live.requests.length === 2, 'no second connection');
    expect(live.requests[1]!.authorization).to.equal('Bearer ticket-2');
    await back;
    await el.updateComplete;
    expect(statusOf(el)).to.not.contain('Reconnecting');
    const ready = oneEvent(el, 'vc-room-ready');
    live.send('open');
    await ready;
  });

  it("comes back quietly after the server's routine close", async () => {
    const { el, live } = await waiting();
    const reconnecting = record(el, 'vc-reconnecting');
    live.close();
    await until(() => live.requests.length === 2, 'no new connection');
    expect(live.requests[1]!.authorization).to.equal('Bearer ticket-2');
    expect(reconnecting).to.have.length(0);
  });

  it('ignores heartbeats and unknown events', async () => {
    const { el, live } = await waiting();
    live.write(': heartbeat\n\nevent: hello\ndata: {}\n\nevent: state\ndata: not json\n\n');
    await aTimeout(50);
    expect(stageOf(el)).to.equal('waiting');
  });

  it('keeps the stream when the server reports a failing provider, and goes on with the next state', async () => {
    const { el, live } = await waiting();
    const reconnecting = record(el, 'vc-reconnecting');
    live.write('event: error\ndata: {"code":"vendor-unavailable"}\n\n');
    await aTimeout(50);
    expect(stageOf(el)).to.equal('waiting');
    const ready = oneEvent(el, 'vc-room-ready');
    live.send('open');
    await ready;
    expect(live.requests).to.have.length(1);
    expect(reconnecting).to.have.length(0);
  });

  it('ends the visit on an error event room-ended', async () => {
    const { el, live } = await waiting();
    const ended = oneEvent(el, 'vc-ended');
    live.write('event: error\ndata: {"code":"room-ended"}\n\n');
    await ended;
  });

  it('frames the link at once when the server has no live state (404), without an error', async () => {
    worker.use(http.get(EVENTS, () => problem(404, 'not-found')));
    const el = await room();
    const errors = record(el, 'vc-error');
    const ready = oneEvent(el, 'vc-room-ready');
    el.open(joinResponse(), fakeSession().session);
    await ready;
    expect(errors).to.have.length(0);
  });

  it('without a session frames the link at once and opens no stream', async () => {
    const live = liveRoom();
    const el = await room();
    const ready = oneEvent(el, 'vc-room-ready');
    el.open(joinResponse());
    await ready;
    await aTimeout(50);
    expect(live.requests).to.have.length(0);
  });
});
