import { expect } from '@open-wc/testing';
import { frameableOrigin, parseSecureUrl } from '../../src/internal/url-policy.js';
import { iframeAllow } from '../../src/internal/iframe-allow.js';
import { errorMessage } from '../../src/internal/error-messages.js';
import { SERVER_ERRORS } from '../../src/protocol/errors.js';

const VENDOR = 'https://video.vendor.example';

describe('url policy', () => {
  it('frames https URLs whose origin is allowed', () => {
    expect(frameableOrigin(`${VENDOR}/room/1?otp=x`, [VENDOR])).to.equal(VENDOR);
    expect(frameableOrigin('https://video.vendor.example:443/r', [VENDOR])).to.equal(VENDOR);
  });

  it('frames plain http only on loopback hosts', () => {
    for (const origin of ['http://localhost:8080', 'http://127.0.0.1:8080', 'http://[::1]:8080']) {
      expect(frameableOrigin(`${origin}/room`, [origin])).to.equal(origin);
    }
    expect(frameableOrigin('http://video.vendor.example/room', ['http://video.vendor.example'])).to.equal(
      undefined,
    );
    expect(frameableOrigin('http://localhost.evil.example/room', ['http://localhost.evil.example'])).to.equal(
      undefined,
    );
  });

  it('refuses what is not an exact allowed origin', () => {
    const refused = [
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'blob:https://video.vendor.example/1',
      'about:blank',
      '/relative/room',
      'not a url',
      '',
      'https://video.vendor.example.evil.example/room',
      'https://evil.example/https://video.vendor.example',
      'https://video.vendor.example:8443/room',
      'https://user:pw@video.vendor.example/room',
    ];
    for (const url of refused) expect(frameableOrigin(url, [VENDOR]), url).to.equal(undefined);
    expect(frameableOrigin(`${VENDOR}/room`, [`${VENDOR}/`])).to.equal(undefined, 'origins compare exactly');
  });

  it('accepts secure server URLs only', () => {
    expect(parseSecureUrl('https://consult.example.test/base')?.pathname).to.equal('/base');
    expect(parseSecureUrl('http://consult.example.test')).to.equal(undefined);
    expect(parseSecureUrl('ftp://consult.example.test')).to.equal(undefined);
  });
});

describe('iframe allow', () => {
  it('adds known extras once and drops everything else', () => {
    expect(iframeAllow()).to.equal('camera; microphone; display-capture; fullscreen; autoplay');
    expect(
      iframeAllow(['picture-in-picture', 'camera', 'usb', 'geolocation *', 'a; b', 'picture-in-picture']),
    ).to.equal('camera; microphone; display-capture; fullscreen; autoplay; picture-in-picture');
  });
});

describe('error messages', () => {
  it('has a message for every server code and a general one for unknown codes', () => {
    const general = errorMessage('no-such-code');
    expect(general).to.equal('Something went wrong. Please try again.');
    for (const code of Object.keys(SERVER_ERRORS)) expect(errorMessage(code), code).to.have.length.above(0);
    expect(errorMessage('ticket-replayed')).to.not.equal(general);
    expect(errorMessage('toString')).to.equal(general, 'no prototype keys');
  });
});
