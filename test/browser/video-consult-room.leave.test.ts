import { aTimeout, expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { VideoConsultRoom } from '../../src/components/video-consult-room/video-consult-room.js';
import { useMockServer } from './mock-server.js';
import {
  buttonOf,
  frameOf,
  joinResponse,
  openRoom,
  press,
  roomPosts,
  stageOf,
  statusOf,
} from './video-consult-room.helpers.js';
import { fakeSession, inSeconds, liveRoom } from './video-consult-room.live.js';
import { received, record, roomUrl, until } from './support.js';

useMockServer();

/** The signals of every live-state fetch of a test, to see that leaving aborts them. */
const signals: AbortSignal[] = [];
const fetch = window.fetch;
beforeEach(() => {
  signals.length = 0;
  window.fetch = (input, init) => {
    if (String(input instanceof Request ? input.url : input).endsWith('/events')) signals.push(init!.signal!);
    return fetch(input, init);
  };
});
afterEach(() => (window.fetch = fetch));

/** A room in the call of a session, the live state saying `live`. */
const inCall = async () => {
  const live = liveRoom();
  const el = await fixture<VideoConsultRoom>(html`<video-consult-room no-precheck></video-consult-room>`);
  const { session, calls } = fakeSession();
  el.open(joinResponse({ expiresAt: inSeconds(300) }), session);
  await until(() => live.requests.length === 1);
  const ready = oneEvent(el, 'vc-room-ready');
  live.send('live');
  await ready;
  return { el, live, calls };
};

describe('<video-consult-room> leaving', () => {
  it('Leave asks first (vc-leave-request), then closes room and stream, says so and fires vc-left', async () => {
    const { el, live } = await inCall();
    const order: string[] = [];
    el.addEventListener('vc-leave-request', (e) => order.push(`${e.type}:${e.cancelable}`));
    el.addEventListener('vc-left', (e) => order.push(`${e.type}:${JSON.stringify(e.detail)}`));
    await press(el, 'leave');
    expect(order).to.deep.equal(['vc-leave-request:true', 'vc-left:{"roomId":"room-1"}']);
    expect(frameOf(el)).to.equal(null);
    expect(statusOf(el)).to.equal('You left the visit.');
    expect(buttonOf(el, 'rejoin')).to.not.equal(null);
    expect(signals.every((signal) => signal.aborted)).to.equal(true);
    await aTimeout(50);
    expect(live.requests).to.have.length(1, 'no reconnect after leaving');
    await expect(el).to.be.accessible();
  });

  it('stays when a listener cancels vc-leave-request', async () => {
    const { el } = await inCall();
    const left = record(el, 'vc-left');
    el.addEventListener('vc-leave-request', (e) => e.preventDefault());
    expect(el.leave()).to.equal(false);
    await press(el, 'leave');
    expect(left).to.have.length(0);
    expect(stageOf(el)).to.equal('room');
    expect(frameOf(el)).to.not.equal(null);
    expect(signals.some((signal) => !signal.aborted)).to.equal(true);
  });

  it('leave() works like the button and returns true; nothing to leave returns false', async () => {
    const idle = await fixture<VideoConsultRoom>(html`<video-consult-room></video-consult-room>`);
    const requests = record(idle, 'vc-leave-request');
    expect(idle.leave()).to.equal(false);
    expect(requests).to.have.length(0);
    const el = await openRoom();
    expect(el.leave()).to.equal(true);
    expect(el.leave()).to.equal(false);
  });

  it('fires one vc-left when the room page said left before the user pressed Leave', async () => {
    const el = await openRoom();
    const left = record(el, 'vc-left');
    roomPosts(el, 'left');
    await received(left);
    el.leave();
    expect(left).to.have.length(1);
  });

  it("the room page's own Leave takes the user to the same left step, with Rejoin and one vc-left", async () => {
    const { el, live } = await inCall();
    const left = record(el, 'vc-left');
    roomPosts(el, 'left');
    await received(left);
    await el.updateComplete;
    expect(stageOf(el)).to.equal('left');
    expect(frameOf(el)).to.equal(null);
    expect(buttonOf(el, 'leave')).to.equal(null);
    expect(buttonOf(el, 'fullscreen')).to.equal(null);
    expect(buttonOf(el, 'rejoin')).to.not.equal(null);
    expect(statusOf(el)).to.equal('You left the visit.');
    expect(el.shadowRoot!.activeElement).to.equal(el.shadowRoot!.querySelector('[part~="status"]'));
    expect(signals.every((signal) => signal.aborted)).to.equal(true);
    expect(el.leave()).to.equal(false);
    expect(left.map((e) => e.detail)).to.deep.equal([{ roomId: 'room-1' }]);
    await aTimeout(50);
    expect(live.requests).to.have.length(1, 'no reconnect after leaving');
    // Rejoin works from here as after our own Leave.
    const ready = oneEvent(el, 'vc-room-ready');
    await press(el, 'rejoin');
    await ready;
  });

  it('Rejoin takes a fresh link (the old one is spent) and follows the live state again', async () => {
    const { el, live, calls } = await inCall();
    await press(el, 'leave');
    const ready = oneEvent(el, 'vc-room-ready');
    await press(el, 'rejoin');
    await until(() => live.requests.length === 2);
    expect(live.requests[1]!.authorization).to.equal('Bearer ticket-2');
    await ready;
    expect(calls.refreshes).to.equal(1);
    expect(frameOf(el)!.getAttribute('src')).to.equal(roomUrl('room=room-1&link=1'));
    // A new stay in the room: leaving again fires vc-left again.
    const left = oneEvent(el, 'vc-left');
    el.leave();
    await left;
  });

  it('Rejoin without a session frames the same URL again', async () => {
    const el = await openRoom();
    el.leave();
    await el.updateComplete;
    const ready = oneEvent(el, 'vc-room-ready');
    await press(el, 'rejoin');
    await ready;
    expect(frameOf(el)!.getAttribute('src')).to.equal(roomUrl());
  });
});

describe('<video-consult-room> in and out of the document', () => {
  it('tears down on disconnect: stream aborted, expiry timer and listeners gone', async () => {
    const live = liveRoom();
    const el = await fixture<VideoConsultRoom>(
      html`<video-consult-room no-precheck consent></video-consult-room>`,
    );
    const warnings = record(el, 'vc-token-expiring');
    el.open(joinResponse({ expiresAt: inSeconds(60.3) }), fakeSession().session);
    await until(() => live.requests.length === 1);
    const removed: string[] = [];
    const [removeWindow, removeDocument] = [window.removeEventListener, document.removeEventListener];
    window.removeEventListener = function (this: Window, ...args: Parameters<Window['removeEventListener']>) {
      removed.push(`window:${args[0]}`);
      return removeWindow.apply(this, args);
    } as Window['removeEventListener'];
    document.removeEventListener = function (
      this: Document,
      ...args: Parameters<Document['removeEventListener']>
    ) {
      removed.push(`document:${args[0]}`);
      return removeDocument.apply(this, args);
    } as Document['removeEventListener'];
    try {
      el.remove();
    } finally {
      window.removeEventListener = removeWindow;
      document.removeEventListener = removeDocument;
    }
    expect(removed).to.include.members(['window:message', 'document:fullscreenchange']);
    expect(signals[0]!.aborted).to.equal(true);
    await aTimeout(600);
    expect(warnings).to.have.length(0, 'the expiry timer was cleared');
    expect(live.requests).to.have.length(1, 'no reconnect while out of the document');
  });

  it('survives connect, disconnect, connect (React StrictMode) with one stream and one listener', async () => {
    const live = liveRoom();
    const listeners = new Map<string, number>();
    const spies = [window, document].map((target: EventTarget) => {
      const { addEventListener: add, removeEventListener: remove } = target;
      const count = (type: string, by: number) => listeners.set(type, (listeners.get(type) ?? 0) + by);
      type Args = Parameters<EventTarget['addEventListener']>;
      target.addEventListener = function (this: EventTarget, ...args: Args) {
        count(args[0], 1);
        return add.apply(this, args);
      };
      target.removeEventListener = function (this: EventTarget, ...args: Args) {
        count(args[0], -1);
        return remove.apply(this, args);
      };
      return () => Object.assign(target, { addEventListener: add, removeEventListener: remove });
    });
    const parent = await fixture<HTMLElement>(html`<div></div>`);
    const el = document.createElement('video-consult-room');
    el.noPrecheck = true;
    // Its steps (and their listeners) are a chunk of their own: loaded first, so that the count below sees them.
    await el.preload();
    try {
      parent.append(el);
      el.open(joinResponse(), fakeSession().session);
      el.remove();
      parent.append(el);
    } finally {
      spies.forEach((restore) => restore());
    }
    expect(listeners.get('message')).to.equal(1);
    expect(listeners.get('fullscreenchange')).to.equal(1);
    // Waits for what happens, not for time: under load the room page may take seconds to load.
    await until(() => live.requests.length >= 1);
    const ready = record(el, 'vc-room-ready');
    live.send('open');
    await received(ready);
    const joined = record(el, 'vc-joined');
    roomPosts(el, 'joined');
    await received(joined);
    // A second stream would have started its fetch at once on connect (no timer), long before the room answered.
    const open = signals.filter((signal) => !signal.aborted);
    expect(open).to.have.length(1, 'one live stream');
    expect(ready).to.have.length(1);
    expect(joined).to.have.length(1);
  });
});

describe('<video-consult-room> full screen', () => {
  it('uses the Fullscreen API on the element', async () => {
    const el = await openRoom();
    let fullscreen: Element | null = null;
    Object.defineProperty(document, 'fullscreenElement', { configurable: true, get: () => fullscreen });
    el.requestFullscreen = async () => {
      fullscreen = el;
      document.dispatchEvent(new Event('fullscreenchange'));
    };
    try {
      await press(el, 'fullscreen');
      await until(() => buttonOf(el, 'fullscreen')!.getAttribute('aria-pressed') === 'true');
      expect(el.shadowRoot!.querySelector('.cover')).to.equal(null);
    } finally {
      Reflect.deleteProperty(document, 'fullscreenElement');
    }
  });

  it('covers the viewport by CSS where the Fullscreen API is refused, and leaves it again', async () => {
    const el = await openRoom();
    el.requestFullscreen = () => Promise.reject(new TypeError('not allowed'));
    await press(el, 'fullscreen');
    await until(() => buttonOf(el, 'fullscreen')!.getAttribute('aria-pressed') === 'true');
    const base = el.shadowRoot!.querySelector<HTMLElement>('[part~="base"]')!;
    const box = base.getBoundingClientRect();
    expect([box.left, box.top, box.width, box.height]).to.deep.equal([0, 0, innerWidth, innerHeight]);
    await expect(el).to.be.accessible();
    await press(el, 'fullscreen');
    await until(() => buttonOf(el, 'fullscreen')!.getAttribute('aria-pressed') === 'false');
    expect(base.getBoundingClientRect().width).to.be.lessThan(innerWidth);
  });
});
