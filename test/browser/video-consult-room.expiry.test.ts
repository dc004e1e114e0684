import { aTimeout, expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { VideoConsultRoom } from '../../src/components/video-consult-room/video-consult-room.js';
import { ConsultError } from '../../src/client/consult-error.js';
import { useMockServer } from './mock-server.js';
import { buttonOf, frameOf, joinResponse, press, stageOf, statusOf } from './video-consult-room.helpers.js';
import { fakeSession, inSeconds, liveRoom, stateEvent } from './video-consult-room.live.js';
import { part, record, roomUrl, until } from './support.js';

useMockServer();

/** Every URL an iframe of `el` was given, in order (to prove an expired link never was). */
const framedUrls = (el: VideoConsultRoom) => {
  const urls: string[] = [];
  new MutationObserver(() => {
    const src = frameOf(el)?.getAttribute('src');
    if (src && urls.at(-1) !== src) urls.push(src);
  }).observe(el.shadowRoot!, { subtree: true, childList: true, attributes: true });
  return urls;
};

/**
 * Opens `join` with `session` in `el`, the live state saying the room is open. The state may arrive after the
 * user's next answer (as on a slow network): the tests wait for what follows, which is the same either way.
 */
const openLive = async (el: VideoConsultRoom, ...args: Parameters<VideoConsultRoom['open']>) => {
  const live = liveRoom();
  el.open(...args);
  await until(() => live.requests.length === 1);
  live.send('open');
  return live;
};

/** A room that holds the link at the consent question. */
const holding = () =>
  fixture<VideoConsultRoom>(html`<video-consult-room no-precheck consent></video-consult-room>`);

describe('<video-consult-room> join link lifecycle', () => {
  it('fires vc-token-expiring once, expiry-lead seconds before the held link expires', async () => {
    const el = await holding();
    const warnings = record(el, 'vc-token-expiring');
    // Two seconds before the warning is due. The check waits for the held link (the consent step), not for a
    // time: the first open of a file may spend a second loading the room's steps.
    const expiresAt = inSeconds(62);
    el.open(joinResponse({ expiresAt }));
    await until(() => stageOf(el) === 'consent', 'the consent step');
    expect(warnings).to.have.length(0);
    await until(() => warnings.length > 0, 'no warning');
    expect(warnings[0]!.detail).to.deep.equal({ expiresAt });
    await aTimeout(200);
    expect(warnings).to.have.length(1);
  });

  it('honours expiry-lead, and warns for a link far in the future only when its time comes', async () => {
    const el = await fixture<VideoConsultRoom>(
      html`<video-consult-room no-precheck consent expiry-lead="120"></video-consult-room>`,
    );
    const warnings = record(el, 'vc-token-expiring');
    el.open(joinResponse({ expiresAt: inSeconds(120.3) }));
    await until(() => warnings.length > 0, 'no warning');
    // 2030: past setTimeout's 24.8-day limit, which would fire at once (and again, and again).
    const timeout = window.setTimeout;
    let timers = 0;
    window.setTimeout = ((...args: Parameters<typeof timeout>) => {
      timers++;
      return timeout(...args);
    }) as typeof timeout;
    try {
      el.open(joinResponse({ expiresAt: '2030-01-01T10:00:00.000Z' }));
      await aTimeout(100);
    } finally {
      window.setTimeout = timeout;
    }
    expect(warnings).to.have.length(1);
    expect(timers).to.be.below(10);
  });

  it('does not warn about a link it framed: the vendor session outlives it', async () => {
    const el = await fixture<VideoConsultRoom>(html`<video-consult-room no-precheck></video-consult-room>`);
    const warnings = record(el, 'vc-token-expiring');
    el.open(joinResponse({ expiresAt: inSeconds(60.3) }));
    await aTimeout(600);
    expect(stageOf(el)).to.equal('room');
    expect(warnings).to.have.length(0);
  });

  it('fetches a fresh link through the session before framing one that expired during consent', async () => {
    const el = await holding();
    const urls = framedUrls(el);
    const { session, calls } = fakeSession();
    await openLive(el, joinResponse({ expiresAt: inSeconds(-1) }), session);
    const ready = oneEvent(el, 'vc-room-ready');
    await press(el, 'agree');
    await ready;
    expect(calls.refreshes).to.equal(1);
    expect(urls).to.deep.equal([roomUrl('room=room-1&link=1')]);
  });

  it('refreshes a link that expired in the waiting room when the room opens', async () => {
    const live = liveRoom();
    const el = await fixture<VideoConsultRoom>(html`<video-consult-room no-precheck></video-consult-room>`);
    const urls = framedUrls(el);
    const { session, calls } = fakeSession();
    // Within the margin: it would expire while the room page loads.
    el.open(joinResponse({ expiresAt: inSeconds(5) }), session);
    await until(() => live.requests.length === 1);
    live.send('waiting');
    await until(() => stageOf(el) === 'waiting');
    const ready = oneEvent(el, 'vc-room-ready');
    // Said twice at once: still one refresh.
    live.write(stateEvent('open') + stateEvent('live'));
    await ready;
    expect(calls.refreshes).to.equal(1);
    expect(urls).to.deep.equal([roomUrl('room=room-1&link=1')]);
  });

  it('says so clearly with a Rejoin button when the refresh fails, and Rejoin tries again', async () => {
    const el = await holding();
    let fail = true;
    const { session, calls } = fakeSession({
      refresh: async (n) => {
        if (fail) throw new ConsultError('vendor-unavailable', { status: 502 });
        return joinResponse({ url: roomUrl(`link=${n}`), expiresAt: inSeconds(300) });
      },
    });
    await openLive(el, joinResponse({ expiresAt: inSeconds(-1) }), session);
    const error = oneEvent(el, 'vc-error');
    await press(el, 'agree');
    const message = 'The video service is not available right now. Please try again in a few minutes.';
    expect((await error).detail).to.deep.equal({ code: 'vendor-unavailable', message });
    await el.updateComplete;
    expect(stageOf(el)).to.equal('failed');
    expect(frameOf(el)).to.equal(null);
    const alert = part(el, '[role="alert"]')!;
    expect(alert.textContent).to.equal(message);
    await expect(el).to.be.accessible();

    fail = false;
    const ready = oneEvent(el, 'vc-room-ready');
    await press(el, 'rejoin');
    await ready;
    expect(calls.refreshes).to.equal(2);
    expect(frameOf(el)!.getAttribute('src')).to.equal(roomUrl('link=2'));
  });

  it('shows "Connecting" while the fresh link is on its way', async () => {
    const el = await holding();
    let resolve!: (join: ReturnType<typeof joinResponse>) => void;
    const { session } = fakeSession({ refresh: () => new Promise((r) => (resolve = r)) });
    await openLive(el, joinResponse({ expiresAt: inSeconds(-1) }), session);
    await press(el, 'agree');
    await until(() => stageOf(el) === 'joining');
    expect(statusOf(el)).to.equal('Connecting to your visit…');
    await expect(el).to.be.accessible();
    resolve(joinResponse({ expiresAt: inSeconds(300) }));
    await until(() => stageOf(el) === 'room');
  });

  it('ends the visit when the refresh says room-ended', async () => {
    const el = await holding();
    const { session } = fakeSession({
      refresh: async () => {
        throw new ConsultError('room-ended', { status: 409 });
      },
    });
    await openLive(el, joinResponse({ expiresAt: inSeconds(-1) }), session);
    const ended = oneEvent(el, 'vc-ended');
    await press(el, 'agree');
    await ended;
  });

  it('without a session never frames an expired link: link-expired, no Rejoin', async () => {
    const el = await holding();
    const urls = framedUrls(el);
    el.open(joinResponse({ expiresAt: inSeconds(-1) }));
    await el.updateComplete;
    const error = oneEvent(el, 'vc-error');
    await press(el, 'agree');
    expect((await error).detail).to.deep.equal({
      code: 'link-expired',
      message: 'This visit link has expired. Please use the join button again.',
    });
    await el.updateComplete;
    expect(part(el, '[role="alert"]')!.textContent).to.equal(
      'This visit link has expired. Please use the join button again.',
    );
    expect(buttonOf(el, 'rejoin')).to.equal(null);
    expect(urls).to.deep.equal([]);
  });

  it('refuses a fresh link outside the allowed origins', async () => {
    const el = await holding();
    const { session } = fakeSession({
      refresh: async () => joinResponse({ url: 'https://evil.example.test/room', expiresAt: inSeconds(300) }),
    });
    await openLive(el, joinResponse({ expiresAt: inSeconds(-1) }), session);
    const error = oneEvent(el, 'vc-error');
    await press(el, 'agree');
    expect((await error).detail.code).to.equal('url-refused');
    await el.updateComplete;
    expect(frameOf(el)).to.equal(null);
  });
});
