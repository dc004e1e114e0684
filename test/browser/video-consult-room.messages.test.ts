import { aTimeout, expect, oneEvent } from '@open-wc/testing';
import { frameOf, openRoom, roomPosts } from './video-consult-room.helpers.js';
import { part, received, record, roomUrl } from './support.js';

describe('<video-consult-room> room messages', () => {
  it('maps joined and left messages from the framed room to vc-joined and vc-left', async () => {
    const el = await openRoom();
    const joined = oneEvent(el, 'vc-joined');
    roomPosts(el, 'joined');
    expect((await joined).detail).to.deep.equal({ roomId: 'room-1' });
    const left = oneEvent(el, 'vc-left');
    roomPosts(el, 'left');
    expect((await left).detail).to.deep.equal({ roomId: 'room-1' });
  });

  it('on ended: fires vc-ended, removes the frame and says the visit has ended', async () => {
    const el = await openRoom();
    const ended = oneEvent(el, 'vc-ended');
    roomPosts(el, 'ended');
    expect((await ended).detail).to.deep.equal({ roomId: 'room-1' });
    await el.updateComplete;
    expect(frameOf(el)).to.equal(null);
    expect(part(el, '[part~="status"]')!.textContent!.trim()).to.equal(
      'The visit has ended. You can close this page.',
    );
    await expect(el).to.be.accessible();
  });

  it('ignores room messages from the test window itself', async () => {
    const el = await openRoom();
    const joined = record(el, 'vc-joined');
    const seen = oneEvent(window, 'message');
    window.postMessage({ source: 'video-consult-room', type: 'joined', roomId: 'room-1' }, '*');
    await seen;
    await aTimeout(20);
    expect(joined).to.have.length(0);
  });

  it('ignores a second frame on the allowed origin (right origin, wrong window)', async () => {
    const el = await openRoom();
    const joined = record(el, 'vc-joined');
    const intruder = document.createElement('iframe');
    intruder.title = 'intruder';
    const seen = new Promise<void>((resolve) =>
      window.addEventListener('message', (e) => e.source === intruder.contentWindow && resolve()),
    );
    intruder.src = roomUrl('silent&post=joined');
    document.body.append(intruder);
    try {
      await seen;
      await aTimeout(20);
      expect(joined).to.have.length(0);
    } finally {
      intruder.remove();
    }
  });

  it('ignores its own frame once it shows another origin (right window, wrong origin)', async () => {
    const el = await openRoom();
    const joined = record(el, 'vc-joined');
    const frame = frameOf(el)!;
    const seen = new Promise<void>((resolve) =>
      window.addEventListener(
        'message',
        (e) => e.source === frame.contentWindow && e.origin === location.origin && resolve(),
      ),
    );
    // The room page navigates itself to the test page's origin and posts `joined` from there.
    frame.contentWindow!.postMessage({ navigate: roomUrl('silent&post=joined', location.origin) }, '*');
    await seen;
    await aTimeout(20);
    expect(joined).to.have.length(0);
  });

  it('ignores messages that are not room messages', async () => {
    const el = await openRoom();
    const events = [...(['vc-joined', 'vc-left', 'vc-ended'] as const).map((type) => record(el, type))];
    roomPosts(el, 'waved');
    await aTimeout(100);
    expect(events.flat()).to.have.length(0);
    expect(frameOf(el)).to.not.equal(null);
  });

  it('stops listening when disconnected, and listens once after reconnecting', async () => {
    const el = await openRoom();
    const parent = el.parentElement!;
    const joined = record(el, 'vc-joined');
    const removed: unknown[] = [];
    const removeEventListener = window.removeEventListener;
    window.removeEventListener = function (this: Window, ...args: Parameters<Window['removeEventListener']>) {
      if (args[0] === 'message') removed.push(args[1]);
      return removeEventListener.apply(this, args);
    } as Window['removeEventListener'];
    try {
      el.remove();
    } finally {
      window.removeEventListener = removeEventListener;
    }
    expect(removed).to.have.length(1);
    // Re-inserting reloads the frame (as for any iframe); its ready message (once per URL) is not repeated,
    // so wait for the reloaded page's load event.
    const reloaded = oneEvent(frameOf(el)!, 'load');
    parent.append(el);
    await reloaded;
    roomPosts(el, 'joined');
    await received(joined);
    await aTimeout(100);
    expect(joined).to.have.length(1);
  });
});
