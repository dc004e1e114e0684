import { aTimeout, expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { VideoConsultRoom } from '../../src/components/video-consult-room/video-consult-room.js';
import { frameOf, joinResponse, openRoom } from './video-consult-room.helpers.js';
import { ROOM_ORIGIN, part, received, record, roomUrl } from './support.js';

describe('<video-consult-room>', () => {
  it('shows a calm placeholder until it has a URL', async () => {
    const el = await fixture<VideoConsultRoom>(html`<video-consult-room></video-consult-room>`);
    expect(frameOf(el)).to.equal(null);
    const status = part(el, '[part~="status"]')!;
    expect(status.getAttribute('role')).to.equal('status');
    expect(status.textContent!.trim()).to.equal('Your video visit will appear here.');
    await expect(el).to.be.accessible();
  });

  describe('refuses URLs it must not frame', () => {
    const cases: [string, string, string[]][] = [
      ['javascript:', 'javascript:alert(1)', ['https://video.example.test']],
      ['data:', 'data:text/html,<p>hi</p>', ['https://video.example.test']],
      ['a foreign origin', 'https://evil.example.test/room', ['https://video.example.test']],
      ['plain http off loopback', 'http://video.example.test/room', ['http://video.example.test']],
      ['a relative URL', '/test/browser/fixtures/room.html', [location.origin]],
      ['user info in the URL', 'https://user:pw@video.example.test/room', ['https://video.example.test']],
      ['any URL when no origin is allowed', 'https://video.example.test/room', []],
    ];
    for (const [what, src, allowed] of cases) {
      it(`refuses ${what} with vc-error url-refused and no iframe`, async () => {
        const errors: CustomEvent[] = [];
        const el = await fixture<VideoConsultRoom>(
          html`<video-consult-room
            .src=${src}
            .allowedOrigins=${allowed}
            @vc-error=${(e: CustomEvent) => errors.push(e)}
          ></video-consult-room>`,
        );
        expect(errors).to.have.length(1);
        expect(errors[0]!.detail).to.deep.equal({
          code: 'url-refused',
          message: 'For your safety, this video link cannot be opened here. Please contact your care team.',
        });
        expect(el.shadowRoot!.querySelector('iframe')).to.equal(null);
        const alert = part(el, '[role="alert"]')!;
        expect(alert.textContent).to.contain('For your safety');
        await expect(el).to.be.accessible();
      });
    }
  });

  it('reports each refused URL once', async () => {
    const errors: Event[] = [];
    const el = await fixture<VideoConsultRoom>(
      html`<video-consult-room
        no-precheck
        src="javascript:1"
        @vc-error=${(e: Event) => errors.push(e)}
      ></video-consult-room>`,
    );
    el.allowedOrigins = ['https://video.example.test'];
    await el.updateComplete;
    expect(errors).to.have.length(1, 'same URL, still refused');
    el.src = 'https://evil.example.test/room';
    await el.updateComplete;
    expect(errors).to.have.length(2, 'another refused URL');
    el.src = roomUrl();
    el.allowedOrigins = [ROOM_ORIGIN];
    await el.updateComplete;
    expect(errors).to.have.length(2);
    expect(frameOf(el)).to.not.equal(null);
  });

  it('frames an allowed URL given by attributes (space-separated allowed-origins)', async () => {
    const src = roomUrl();
    const el = await fixture<VideoConsultRoom>(
      html`<video-consult-room
        no-precheck
        src=${src}
        allowed-origins="https://other.example.test ${ROOM_ORIGIN}"
      ></video-consult-room>`,
    );
    expect(el.allowedOrigins).to.deep.equal(['https://other.example.test', ROOM_ORIGIN]);
    expect(frameOf(el)!.getAttribute('src')).to.equal(src);
  });

  it('frames the room of open() with title, allow and referrer policy', async () => {
    const el = await openRoom({ allow: ['geolocation', 'bogus-feature', "camera 'none'", 'geolocation'] });
    const frame = frameOf(el)!;
    expect(frame.getAttribute('src')).to.equal(roomUrl());
    expect(frame.getAttribute('title')).to.equal('Video visit');
    expect(frame.getAttribute('allow')).to.equal(
      'camera; microphone; display-capture; fullscreen; autoplay; geolocation',
    );
    expect(frame.getAttribute('referrerpolicy')).to.equal('no-referrer');
    expect(frame.hasAttribute('sandbox')).to.equal(false);
    expect(el.hasAttribute('src')).to.equal(false, 'a join URL is a credential: not reflected');
    await expect(el).to.be.accessible();
  });

  it('uses label as the frame title', async () => {
    const el = await fixture<VideoConsultRoom>(
      html`<video-consult-room no-precheck label="Visit with Dr. Weber"></video-consult-room>`,
    );
    el.open(joinResponse());
    await el.updateComplete;
    expect(frameOf(el)!.title).to.equal('Visit with Dr. Weber');
  });

  it("fires vc-room-ready once, from the room's ready message or the frame's load, whichever comes first", async () => {
    const el = await fixture<VideoConsultRoom>(html`<video-consult-room no-precheck></video-consult-room>`);
    const ready = record(el, 'vc-room-ready');
    const said = new Promise<void>((resolve) =>
      window.addEventListener(
        'message',
        (e) => e.origin === ROOM_ORIGIN && e.data?.type === 'ready' && resolve(),
      ),
    );
    el.open(joinResponse({ provider: 'sandbox' }));
    await el.updateComplete;
    await Promise.all([said, oneEvent(frameOf(el)!, 'load')]);
    await aTimeout(50);
    expect(ready).to.have.length(1);
    expect(ready[0]!.detail).to.deep.equal({ origin: ROOM_ORIGIN, provider: 'sandbox' });
  });

  it('fires vc-room-ready on load when the room page says nothing', async () => {
    const el = await fixture<VideoConsultRoom>(html`<video-consult-room no-precheck></video-consult-room>`);
    const ready = record(el, 'vc-room-ready');
    el.open(joinResponse({ url: roomUrl('silent') }));
    await received(ready);
    await aTimeout(50);
    expect(ready).to.have.length(1);
    expect(ready[0]!.detail.origin).to.equal(ROOM_ORIGIN);
  });
});
