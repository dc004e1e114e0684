import { expect } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import { JOIN, JOINED, seen, useMockServer, worker } from './mock-server.js';
import { alertText, clickAndSettle, joinButton } from './call-join-button.helpers.js';
import { part, record } from './support.js';

useMockServer();

const REFUSED = 'For your safety, this video link cannot be opened here. Please contact your care team.';

// Without a target no room checks the link: the button applies the room's policy before anything sees the URL.
describe('<call-join-button> join URL policy (new window)', () => {
  const cases: [string, Partial<typeof JOINED>][] = [
    ['a javascript: URL', { url: 'javascript:alert(1)' }],
    ['a data: URL', { url: 'data:text/html,<h1>hi</h1>' }],
    [
      'plain http to another host',
      { url: 'http://video.example.test/room', allowedOrigins: ['http://video.example.test'] },
    ],
    ['https from an origin the provider does not list', { url: 'https://evil.example.test/room' }],
    [
      'https with user info',
      { url: 'https://user:pw@video.example.test/room', allowedOrigins: ['https://video.example.test'] },
    ],
  ];
  for (const [what, answer] of cases) {
    it(`refuses ${what}: vc-error url-refused, no vc-join-ready, no window, no link`, async () => {
      worker.use(http.post(JOIN, () => HttpResponse.json({ ...JOINED, ...answer })));
      const el = await joinButton();
      const readies = record(el, 'vc-join-ready');
      const event = await clickAndSettle(el);
      expect(event.type).to.equal('vc-error');
      expect((event as CustomEvent).detail).to.deep.equal({ code: 'url-refused', message: REFUSED });
      expect(readies).to.have.length(0);
      expect(seen.opened).to.have.length(0);
      expect(part(el, '[part~="link"]') === null).to.equal(true);
      expect(alertText(el)).to.equal(REFUSED);
      expect(part(el, '[part~="retry"]') === null, 'the same link would come again').to.equal(true);
      await expect(el).to.be.accessible();
    });
  }

  it('opens an https URL from an allowed origin', async () => {
    const url = 'https://video.example.test/room/1?t=x';
    worker.use(
      http.post(JOIN, () =>
        HttpResponse.json({ ...JOINED, url, allowedOrigins: ['https://video.example.test'] }),
      ),
    );
    const el = await joinButton();
    const event = await clickAndSettle(el);
    expect(event.type).to.equal('vc-join-ready');
    expect(seen.opened).to.deep.equal([[url, '_blank', 'noopener,noreferrer']]);
    expect(part<HTMLAnchorElement>(el, '[part~="link"]')!.href).to.equal(url);
  });
});
