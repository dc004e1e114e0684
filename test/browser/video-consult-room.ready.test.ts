import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { VideoConsultRoom } from '../../src/components/video-consult-room/video-consult-room.js';
import { useMockServer } from './mock-server.js';
import { buttonOf, frameOf, joinResponse, press, roomPosts, stageOf } from './video-consult-room.helpers.js';
import { fakeSession, inSeconds, liveRoom } from './video-consult-room.live.js';
import { ROOM_ORIGIN, part, received, record, roomUrl, until } from './support.js';

useMockServer();

const EXPIRED = 'This visit link has expired. Please use the join button again.';

const room = () => fixture<VideoConsultRoom>(html`<video-consult-room no-precheck></video-consult-room>`);

describe('<video-consult-room> readiness and spent links', () => {
  it("with a provider whose page posts, vc-room-ready waits for the page's ready, not the frame's load", async () => {
    const el = await room();
    const ready = record(el, 'vc-room-ready');
    el.open(joinResponse({ url: roomUrl('silent'), postsMessages: true }));
    await el.updateComplete;
    // The element's own load listener ran before this one (it was added first).
    await oneEvent(frameOf(el)!, 'load');
    expect(ready).to.have.length(0);
    roomPosts(el, 'ready');
    await received(ready);
    expect(ready[0]!.detail).to.deep.equal({ origin: ROOM_ORIGIN, provider: 'sandbox' });
  });

  it('a page that says its link was used: vc-error link-expired, the frame goes, a visible message, no vc-room-ready', async () => {
    const el = await room();
    const ready = record(el, 'vc-room-ready');
    const error = oneEvent(el, 'vc-error');
    el.open(joinResponse({ url: roomUrl('silent&post=link-expired'), postsMessages: true }));
    expect((await error).detail).to.deep.equal({ code: 'link-expired', message: EXPIRED });
    await el.updateComplete;
    expect(frameOf(el)).to.equal(null);
    expect(part(el, '[role="alert"]')!.textContent).to.equal(EXPIRED);
    // Without a session there is no new link to get: the message sends the user back to the join button.
    expect(buttonOf(el, 'rejoin')).to.equal(null);
    expect(ready).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('with a session, Rejoin after a spent link asks for a new link and frames it', async () => {
    const el = await room();
    const live = liveRoom();
    const { session, calls } = fakeSession({
      refresh: async () => joinResponse({ url: roomUrl('room=room-1&link=2'), postsMessages: true }),
    });
    const error = oneEvent(el, 'vc-error');
    el.open(
      joinResponse({
        url: roomUrl('silent&post=link-expired'),
        postsMessages: true,
        expiresAt: inSeconds(300),
      }),
      session,
    );
    await until(() => live.requests.length === 1);
    live.send('open');
    expect((await error).detail.code).to.equal('link-expired');
    await el.updateComplete;
    expect(stageOf(el)).to.equal('failed');
    const ready = oneEvent(el, 'vc-room-ready');
    await press(el, 'rejoin');
    await ready;
    expect(calls.refreshes).to.equal(1);
    expect(frameOf(el)!.getAttribute('src')).to.equal(roomUrl('room=room-1&link=2'));
  });

  it('ignores link-expired from a frame that is not its own', async () => {
    const el = await room();
    const errors = record(el, 'vc-error');
    el.open(joinResponse({ postsMessages: true }));
    await oneEvent(el, 'vc-room-ready');
    const seen = oneEvent(window, 'message');
    window.postMessage({ source: 'video-consult-room', type: 'link-expired', roomId: 'room-1' }, '*');
    // The element's listener was added first, so it has seen the message too.
    await seen;
    expect(errors).to.have.length(0);
    expect(frameOf(el)).to.not.equal(null);
  });
});
