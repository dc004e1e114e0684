import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import '../../src/components/call-join-button/define.js';
import type { CallJoinButton } from '../../src/components/call-join-button/call-join-button.js';
import type { VideoConsultRoom } from '../../src/components/video-consult-room/video-consult-room.js';
import type { RoomPhase, VisitInfo } from '../../src/protocol/visits.js';
import { JOIN, JOINED, useMockServer, worker } from './mock-server.js';
import { buttonOf, frameOf, stageOf } from './video-consult-room.helpers.js';
import { inSeconds, liveRoom } from './video-consult-room.live.js';
import { SERVER, received, record, until } from './support.js';

useMockServer();

/**
 * A frame in one round trip (issue 9, item 4): the join answer says the room's phase and the visit window, so the
 * room sets its frame's `src` from that answer alone; the live stream (its own ticket, then its own request)
 * attaches afterwards. Requests are counted twice: every `fetch()` call as it is made (in order, with whether
 * the frame had its `src` by then), and every request msw saw.
 */

const visit: VisitInfo = {
  appointment: 'appt-1',
  roomId: 'room-1',
  provider: 'sandbox',
  status: 'open',
  startsAt: inSeconds(60),
  endsAt: inSeconds(1860),
  joinAvailableFrom: inSeconds(-540),
  serverTime: new Date().toISOString(),
  clinicianName: 'Dr. Weber',
};

/** The button and the room it targets, as a portal page sets them up; the join answers with `phase`. */
const page = async (phase: RoomPhase | undefined, roomAttributes: 'no-precheck' | 'consent') => {
  worker.use(
    http.get(`${SERVER}/v1/visits/:appointment`, () => HttpResponse.json(visit)),
    http.post(JOIN, () => HttpResponse.json({ ...JOINED, visit, ...(phase && { phase }) })),
  );
  const wrapper = await fixture<HTMLElement>(html`
    <div>
      <call-join-button
        server=${SERVER}
        appointment="appt-1"
        join-role="patient"
        ticket-url="/ticket"
        target="visit"
        >Join</call-join-button
      >
      ${
        roomAttributes === 'consent'
          ? html`<video-consult-room id="visit" no-precheck consent></video-consult-room>`
          : html`<video-consult-room id="visit" no-precheck></video-consult-room>`
      }
    </div>
  `);
  const button = wrapper.querySelector<CallJoinButton>('call-join-button')!;
  const room = wrapper.querySelector<VideoConsultRoom>('video-consult-room')!;
  // The room loads its steps by itself when it comes near the viewport (in view here); these tests count the
  // requests of the join, so they start once that load is done.
  await room.preload();
  return { button, room };
};

/** Undoes the spies after each test. */
const restore: (() => void)[] = [];

/** Every `fetch()` the page makes from now on: its method and path, and whether the room's frame had its `src`. */
const spyFetch = (room: VideoConsultRoom) => {
  const calls: { what: string; framed: boolean }[] = [];
  const original = window.fetch;
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    calls.push({ what: `${method} ${url.pathname}`, framed: !!frameOf(room)?.getAttribute('src') });
    return original(input, init);
  };
  restore.push(() => (window.fetch = original));
  return calls;
};

/** Every request msw saw from now on. */
const mswRequests = () => {
  const seen: string[] = [];
  const log = ({ request }: { request: Request }) =>
    void seen.push(`${request.method} ${new URL(request.url).pathname}`);
  worker.events.on('request:start', log);
  restore.push(() => worker.events.removeListener('request:start', log));
  return seen;
};

const click = async (button: CallJoinButton) => {
  const ready = oneEvent(button, 'vc-join-ready');
  button.shadowRoot!.querySelector<HTMLButtonElement>('[part~="button"]')!.click();
  await ready;
};

describe('<video-consult-room> framed from the join answer', () => {
  afterEach(() => restore.splice(0).forEach((undo) => undo()));

  it('sets the frame src with no request after the join, then attaches the live stream', async () => {
    const live = liveRoom();
    const { button, room } = await page('open', 'no-precheck');
    await until(() => button.shadowRoot!.querySelector('[part~="window"]'), 'the visit window');
    const calls = spyFetch(room);
    const msw = mswRequests();
    await click(button);
    await until(() => frameOf(room)?.getAttribute('src'), 'the frame');
    expect(frameOf(room)!.getAttribute('src')).to.equal(JOINED.url);
    const joinAt = calls.findIndex((c) => c.what === 'POST /v1/join');
    expect(joinAt, 'the join').to.be.greaterThan(-1);
    // Nothing between the join and the frame: whatever came after the join was asked with the frame in place.
    expect(calls.slice(joinAt + 1).filter((c) => !c.framed)).to.deep.equal([]);
    // And the stream did attach, afterwards: its own ticket, then its request.
    await until(() => live.requests.length === 1, 'the live stream');
    const after = calls.slice(joinAt + 1).map((c) => c.what);
    expect(after).to.deep.equal(['GET /ticket', 'GET /v1/rooms/room-1/events']);
    await until(() => msw.includes('GET /v1/rooms/room-1/events'), 'msw saw the stream');
    expect(msw.slice(msw.indexOf('POST /v1/join') + 1)).to.deep.equal([
      'GET /ticket',
      'GET /v1/rooms/room-1/events',
    ]);
    expect(stageOf(room)).to.equal('room');
  });

  it('makes the frame at the press: the join answer only sets its src, and Back gains no entry', async () => {
    liveRoom();
    const { button, room } = await page('open', 'no-precheck');
    await until(() => button.shadowRoot!.querySelector('[part~="window"]'), 'the visit window');
    const frames = () => [...room.shadowRoot!.querySelectorAll('iframe')];
    expect(frames(), 'before the press').to.deep.equal([]);
    const history = window.history.length;
    // The frame element as the join request leaves: it must be there already, blank and hidden.
    let atJoin: HTMLIFrameElement[] | undefined;
    const original = window.fetch;
    window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      if (String(input).endsWith('/v1/join')) atJoin = frames();
      return original(input, init);
    };
    restore.push(() => (window.fetch = original));
    const part = button.shadowRoot!.querySelector('[part~="button"]')!;
    part.dispatchEvent(new PointerEvent('pointerdown', { button: 0, bubbles: true, composed: true }));
    await click(button);
    expect(atJoin, 'frames when the join left').to.have.length(1);
    const [standby] = atJoin!;
    await until(() => frameOf(room)?.getAttribute('src'), 'the frame');
    // The same element, now the room's frame (and no other): framing created no child frame after the answer.
    expect(frames()).to.deep.equal([standby]);
    expect(frameOf(room)).to.equal(standby);
    expect(standby!.hidden).to.equal(false);
    expect(standby!.getAttribute('allow')).to.include('camera');
    expect(window.history.length).to.equal(history);
  });

  it('gives the frame held ready its src in the join answer\u2019s own turn, allow first, and only once', async () => {
    liveRoom();
    const { button, room } = await page('open', 'no-precheck');
    worker.use(
      http.post(JOIN, () =>
        HttpResponse.json({ ...JOINED, visit, phase: 'open', allow: ['clipboard-write'] }),
      ),
    );
    await until(() => button.shadowRoot!.querySelector('[part~="window"]'), 'the visit window');
    const part = button.shadowRoot!.querySelector('[part~="button"]')!;
    part.dispatchEvent(new PointerEvent('pointerdown', { button: 0, bubbles: true, composed: true }));
    await room.updateComplete;
    const standby = room.shadowRoot!.querySelector('iframe')!;
    // What is set on the frame, in order: the room's code and Lit's both call the element's own setAttribute.
    const set: string[] = [];
    standby.setAttribute = function (name: string, value: string) {
      set.push(name);
      HTMLElement.prototype.setAttribute.call(this, name, value);
    };
    // One microtask after `vc-join-ready`: the button's and the room's renders are queued after it.
    let srcBeforeRenders: string | null = null;
    button.addEventListener('vc-join-ready', () =>
      queueMicrotask(() => (srcBeforeRenders = standby.getAttribute('src'))),
    );
    await click(button);
    await until(() => frameOf(room)?.getAttribute('src'), 'the frame');
    await room.updateComplete;
    expect(srcBeforeRenders, 'src before the renders').to.equal(JOINED.url);
    expect(frameOf(room)).to.equal(standby);
    // Allow before src, and the render after it found both set: nothing written twice, the frame navigated once.
    expect(set).to.deep.equal(['part', 'allow', 'src']);
    expect(standby.getAttribute('allow')).to.include('clipboard-write');
    expect([standby.hidden, standby.title]).to.deep.equal([false, 'Video visit']);
  });

  it('makes the frame of a Rejoin while the fresh link is on the network, never reusing the last page\u2019s', async () => {
    liveRoom();
    const { button, room } = await page('open', 'no-precheck');
    await click(button);
    await until(() => frameOf(room)?.getAttribute('src'), 'the frame');
    const framed = frameOf(room)!;
    room.leave();
    await room.updateComplete;
    expect(framed.isConnected, 'the left page').to.equal(false);
    expect(room.shadowRoot!.querySelectorAll('iframe')).to.have.length(0);
    // The spent link is refreshed with a join; hold its answer until the frame's state is read.
    let answer!: () => void;
    const held = new Promise<void>((resolve) => (answer = resolve));
    worker.use(
      http.post(JOIN, async () => {
        await held;
        return HttpResponse.json({ ...JOINED, url: `${JOINED.url}&link=2`, visit, phase: 'open' });
      }),
    );
    const joins = mswRequests();
    buttonOf(room, 'rejoin')!.click();
    await until(() => joins.includes('POST /v1/join'), 'the refresh');
    await room.updateComplete;
    const [standby, ...more] = room.shadowRoot!.querySelectorAll('iframe');
    expect(more).to.deep.equal([]);
    expect(standby, 'the frame while the link is on the network').to.not.equal(undefined);
    expect([standby!.hidden, standby!.hasAttribute('src'), frameOf(room)]).to.deep.equal([true, false, null]);
    answer();
    await until(() => frameOf(room)?.getAttribute('src') === `${JOINED.url}&link=2`, 'the new frame');
    expect(frameOf(room)).to.equal(standby);
  });

  it('keeps a patient in the waiting room when the answer says waiting, until the stream says open', async () => {
    const live = liveRoom();
    const { button, room } = await page('waiting', 'no-precheck');
    const waits = record(room, 'vc-waiting');
    await click(button);
    await received(waits);
    await room.updateComplete;
    expect(stageOf(room)).to.equal('waiting');
    expect(frameOf(room)).to.equal(null);
    await until(() => live.requests.length === 1, 'the live stream');
    live.send('open');
    await until(() => frameOf(room)?.getAttribute('src'), 'the frame');
  });

  it('without a phase in the answer (an older server) waits for the stream as before', async () => {
    const live = liveRoom();
    const { button, room } = await page(undefined, 'no-precheck');
    await click(button);
    await until(() => live.requests.length === 1, 'the live stream');
    await room.updateComplete;
    expect(frameOf(room)).to.equal(null);
    live.send('open');
    await until(() => frameOf(room)?.getAttribute('src'), 'the frame');
  });

  it('with consent, frames on the patient\u2019s "agree" without a request in between', async () => {
    liveRoom();
    const { button, room } = await page('open', 'consent');
    await click(button);
    await until(() => buttonOf(room, 'agree'), 'the consent step');
    const calls = spyFetch(room);
    buttonOf(room, 'agree')!.click();
    await room.updateComplete;
    expect(frameOf(room)?.getAttribute('src')).to.equal(JOINED.url);
    expect(calls.filter((c) => !c.framed)).to.deep.equal([]);
  });
});
