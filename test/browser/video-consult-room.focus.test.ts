import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import type { VideoConsultRoom } from '../../src/components/video-consult-room/video-consult-room.js';
import { useMockServer } from './mock-server.js';
import { buttonOf, joinResponse, press, roomPosts, stageOf } from './video-consult-room.helpers.js';
import { fakeSession, liveRoom } from './video-consult-room.live.js';
import { ROOM_ORIGIN, part, roomUrl, until } from './support.js';

useMockServer();

/**
 * A hospital page on a 360 px phone: a Join button at the top, text, then the room far below the fold (the page is
 * taller than the viewport). Pressing the button opens the visit in the room, as `<call-join-button target>` does.
 */
const phonePage = async () => {
  const page = await fixture<HTMLElement>(html`
    <main style="padding: 1.5rem">
      <button id="join" type="button">Join</button>
      <p style="block-size: 150vh">Your appointment with Dr. Demo.</p>
      <video-consult-room consent></video-consult-room>
    </main>
  `);
  const join = page.querySelector<HTMLButtonElement>('#join')!;
  const el = page.querySelector('video-consult-room')!;
  const live = liveRoom();
  join.addEventListener('click', () => el.open(joinResponse(), fakeSession().session));
  return { join, el, live };
};

/** What has the focus inside the room, and whether it is on screen (not only in the element). */
const focused = (el: VideoConsultRoom) => {
  const active = el.shadowRoot!.activeElement as HTMLElement | null;
  const box = active?.getBoundingClientRect();
  const inView = !!box && box.top >= 0 && box.bottom <= document.documentElement.clientHeight;
  return { active, inView, page: document.activeElement };
};

/** The user taps a button of the room (focus first: a tap focuses a button). */
const tap = async (el: VideoConsultRoom, name: string) => {
  buttonOf(el, name)!.focus();
  await press(el, name);
};

const expectFocusOn = (el: VideoConsultRoom, target: HTMLElement | null, what: string) => {
  const { active, inView, page } = focused(el);
  expect(page === el, `${what}: the page's focus is in the room`).to.equal(true);
  expect(active === target, `${what}: focus on ${target?.localName}, not ${active?.localName}`).to.equal(
    true,
  );
  expect(inView, `${what}: scrolled into view`).to.equal(true);
};

describe('<video-consult-room> focus follows the steps', () => {
  before(() => setViewport({ width: 360, height: 640 }));
  after(() => setViewport({ width: 800, height: 600 }));

  it('takes focus and the eye from the Join button to each step: check, consent, waiting, room, ended', async () => {
    const { join, el, live } = await phonePage();
    expect(el.getBoundingClientRect().top).to.be.greaterThan(innerHeight, 'the room starts below the fold');
    join.focus();
    join.click();
    await until(() => stageOf(el) === 'check');
    await el.updateComplete;
    expectFocusOn(el, part(el, '[part~="check"] h2'), 'check');

    await until(() => buttonOf(el, 'continue'));
    await tap(el, 'continue');
    expect(stageOf(el)).to.equal('consent');
    expectFocusOn(el, part(el, '[part~="consent"] h2'), 'consent');

    await until(() => live.requests.length === 1);
    live.send('waiting');
    await tap(el, 'agree');
    await until(() => stageOf(el) === 'waiting');
    await el.updateComplete;
    expectFocusOn(el, part(el, '[part~="waiting"] h2'), 'waiting');

    // The clinician opens the room while the patient looks elsewhere on the page.
    scrollTo(0, 0);
    const ready = oneEvent(el, 'vc-room-ready');
    live.send('open');
    await ready;
    await el.updateComplete;
    expectFocusOn(el, part(el, '[part~="frame"]'), 'room');

    roomPosts(el, 'ended');
    await until(() => stageOf(el) === 'ended');
    await el.updateComplete;
    expectFocusOn(el, part(el, '[part~="status"]'), 'ended');
    expect(part(el, '[part~="status"]')!.textContent).to.contain('The visit has ended.');
  });

  it('puts the focus on the message after Leave, not on the page', async () => {
    const { join, el, live } = await phonePage();
    el.noPrecheck = true;
    el.consent = false;
    join.click();
    await until(() => live.requests.length === 1);
    const ready = oneEvent(el, 'vc-room-ready');
    live.send('live');
    await ready;
    await tap(el, 'leave');
    expect(stageOf(el)).to.equal('left');
    expectFocusOn(el, part(el, '[part~="status"]'), 'left');
    expect(part(el, '[part~="status"]')!.textContent!.trim()).to.equal('You left the visit.');
  });

  it('keeps the check where it was scrolled to when it grows (the devices answered), Continue on screen', async () => {
    await setViewport({ width: 360, height: 740 });
    // The demo's 18 px: the complete check is taller than the room's minimum height, the waiting one is not.
    document.documentElement.style.font = '18px/1.5 system-ui, sans-serif';
    const page = await fixture<HTMLElement>(html`
      <main style="padding: 1.5rem">
        <button id="join" type="button">Join</button>
        <p style="block-size: 150vh">Your appointment with Dr. Demo.</p>
        <video-consult-room></video-consult-room>
        <p style="block-size: 150vh">More of the page.</p>
      </main>
    `);
    const el = page.querySelector('video-consult-room')!;
    let answer!: () => void;
    const asked = new Promise<void>((resolve) => (answer = resolve));
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      await asked;
      return MediaDevices.prototype.getUserMedia.call(navigator.mediaDevices, constraints);
    };
    try {
      const join = page.querySelector<HTMLButtonElement>('#join')!;
      join.addEventListener('click', () => el.open(joinResponse()));
      join.focus();
      join.click();
      await until(() => stageOf(el) === 'check');
      await el.updateComplete;
      const heading = el.shadowRoot!.querySelector('h2')!;
      const before = heading.getBoundingClientRect().top;
      answer();
      await until(() => buttonOf(el, 'continue'));
      // The self-view takes its size with its first frame: then the step is complete.
      const video = part<HTMLVideoElement>(el, 'video')!;
      await until(() => video.videoWidth > 0);
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      // A heading that moved up inside the grown step: a browser that anchors the scroll on it (Chrome in the demo)
      // scrolls the page back by as much, and pushes Continue below the fold.
      expect(heading.getBoundingClientRect().top, 'the heading stays put').to.be.closeTo(before, 1);
      expect(before, 'the heading near the top').to.be.within(0, 40);
      expect(buttonOf(el, 'continue')!.getBoundingClientRect().bottom, 'Continue').to.be.at.most(innerHeight);
    } finally {
      delete (navigator.mediaDevices as Partial<MediaDevices>).getUserMedia;
      document.documentElement.style.font = '';
      await setViewport({ width: 360, height: 640 });
    }
  });

  it('does not take the focus from a page that merely shows the element', async () => {
    const page = await fixture<HTMLElement>(html`
      <div>
        <input aria-label="Search the hospital site" />
        <p style="block-size: 150vh">News</p>
        <video-consult-room src=${roomUrl()} allowed-origins=${ROOM_ORIGIN}></video-consult-room>
      </div>
    `);
    const input = page.querySelector('input')!;
    input.focus();
    const el = page.querySelector('video-consult-room')!;
    await until(() => stageOf(el) === 'check');
    await el.updateComplete;
    expect(document.activeElement === input, 'the focus stays where the user put it').to.equal(true);
    expect(scrollY).to.equal(0);
  });

  it('moves to the frame one animation frame after its src: the update that sets it reads no layout', async () => {
    const { join, el, live } = await phonePage();
    el.noPrecheck = true;
    el.consent = false;
    await el.preload();
    join.focus();
    let framedWith: Element | null | undefined;
    // Right after the update that gives the frame its `src` (a MutationObserver runs before any animation frame).
    const framed = new Promise<void>((resolve) => {
      const observer = new MutationObserver(() => {
        if (!part(el, '[part~="frame"]')?.getAttribute('src')) return;
        observer.disconnect();
        framedWith = el.shadowRoot!.activeElement;
        resolve();
      });
      observer.observe(el.shadowRoot!, { subtree: true, childList: true, attributes: true });
    });
    join.click();
    await until(() => live.requests.length === 1);
    live.send('live');
    await framed;
    expect(framedWith, 'the frame has no focus yet when its src is set').not.to.equal(
      part(el, '[part~="frame"]'),
    );
    await new Promise((resolve) => requestAnimationFrame(resolve));
    expectFocusOn(el, part(el, '[part~="frame"]'), 'room');
  });
});
