import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/components/video-consult-room/define.js';
import type { CallJoinButton } from '../../src/components/call-join-button/call-join-button.js';
import type { VideoConsultRoom } from '../../src/components/video-consult-room/video-consult-room.js';
import { http, HttpResponse } from 'msw';
import { JOIN, JOINED, problem, seen, useMockServer, worker } from './mock-server.js';
import { alertText, button, clickAndSettle, statusText } from './call-join-button.helpers.js';
import { SERVER, part, roomUrl } from './support.js';

useMockServer();

// With a session the room follows the room's live state; a server without one answers 404, and the room frames the
// link straight away. The room's own tests cover the live state; these test what the button hands over.
beforeEach(() => worker.use(http.get(`${SERVER}/v1/rooms/:id/events`, () => problem(404, 'not-found'))));

/** A page with a join button pointing at `target` and a room with id `room`. */
const page = async (target: string) => {
  const wrapper = await fixture<HTMLElement>(html`
    <div>
      <call-join-button
        server=${SERVER}
        appointment="appt-1"
        target=${target}
        .ticket=${'ticket-1'}
      ></call-join-button>
      <!-- no-precheck: the room's camera check would stand between the hand-over and the frame -->
      <video-consult-room id="room" no-precheck></video-consult-room>
      <p id="not-a-room">Not a room</p>
    </div>
  `);
  return {
    el: wrapper.querySelector('call-join-button')!,
    room: wrapper.querySelector('video-consult-room')!,
  };
};

describe('<call-join-button target>', () => {
  it('opens the visit in the target room, which frames it', async () => {
    const { el, room } = await page('room');
    const roomReady = oneEvent(room, 'vc-room-ready');
    const ready = await clickAndSettle(el);
    expect(ready.type).to.equal('vc-join-ready');
    await roomReady;
    const frame = part<HTMLIFrameElement>(room, '[part~="frame"]')!;
    expect(frame.getAttribute('src')).to.equal(JOINED.url);
    expect(seen.opened).to.have.length(0);
    expect(part(el, '[part~="link"]')).to.equal(null);
    expect(statusText(el)).to.equal('Continue in the video visit area.');
    await expect(el).to.be.accessible();
  });

  it('follows the real room: in the call, then left, with Join shut and no second link', async () => {
    let joins = 0;
    const url = roomUrl('room=room-1&post=joined');
    worker.use(http.post(JOIN, () => (joins++, HttpResponse.json({ ...JOINED, url }))));
    const { el, room } = await page('room');
    const joined = oneEvent(room, 'vc-joined');
    await clickAndSettle(el);
    await joined;
    await el.updateComplete;
    expect(statusText(el)).to.equal('You are in your video visit.');
    expect(button(el).getAttribute('aria-disabled')).to.equal('true');
    button(el).click();

    const left = oneEvent(room, 'vc-left');
    expect(room.leave()).to.equal(true);
    await left;
    await el.updateComplete;
    expect(statusText(el)).to.equal('Continue in the video visit area.');
    button(el).click();
    await el.updateComplete;
    expect(joins).to.equal(1);
    await expect(el).to.be.accessible();
  });

  it('finds its target inside the same shadow root', async () => {
    const host = await fixture<HTMLElement>(html`<div></div>`);
    const root = host.attachShadow({ mode: 'open' });
    root.innerHTML = `<call-join-button server="${SERVER}" appointment="a" target="inner"></call-join-button>
      <video-consult-room id="inner" no-precheck></video-consult-room>`;
    const el = root.querySelector<CallJoinButton>('call-join-button')!;
    el.ticket = 'ticket-1';
    await el.updateComplete;
    const opened = oneEvent(root.querySelector<VideoConsultRoom>('video-consult-room')!, 'vc-room-ready');
    await clickAndSettle(el);
    await opened;
  });

  for (const [what, target] of [
    ['is missing', 'nowhere'],
    ['is not a <video-consult-room>', 'not-a-room'],
  ]) {
    it(`reports target-not-found when the target ${what}, before any vc-join-ready`, async () => {
      const { el, room } = await page(target!);
      const readies: Event[] = [];
      el.addEventListener('vc-join-ready', (e) => readies.push(e));
      const event = await clickAndSettle(el);
      expect(event.type).to.equal('vc-error');
      expect((event as CustomEvent).detail.code).to.equal('target-not-found');
      expect(alertText(el)).to.equal((event as CustomEvent).detail.message);
      expect(readies).to.have.length(0);
      expect(seen.opened).to.have.length(0);
      expect(part(room, '[part~="frame"]')).to.equal(null);
      await expect(el).to.be.accessible();
    });
  }
});
