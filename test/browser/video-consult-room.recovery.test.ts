import { expect } from '@open-wc/testing';
import { browserFamily, recoverySteps } from '../../src/internal/recovery-steps.js';

// Real user agent strings, one or more per family.
const AGENTS: [string, ReturnType<typeof browserFamily>][] = [
  [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
    'chrome',
  ],
  [
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0',
    'chrome',
  ],
  [
    'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
    'android',
  ],
  [
    'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36',
    'samsung',
  ],
  [
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
    'ios',
  ],
  [
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1',
    'ios',
  ],
  ['Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0', 'firefox'],
  ['Mozilla/5.0 (Android 14; Mobile; rv:127.0) Gecko/127.0 Firefox/127.0', 'firefox'],
  [
    'Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP2A.240605.024; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/126.0.6478.71 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/471.0.0.35.74;]',
    'in-app',
  ],
  [
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/471.0.0.37.106;FBBV/600000000;FBDV/iPhone15,2;FBMD/iPhone;FBSN/iOS;FBSV/17.5;FBSS/3;FBID/phone;FBLC/en_US;FBOP/5]',
    'in-app',
  ],
  [
    'Mozilla/5.0 (Linux; Android 14; SM-S918B Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/126.0.6478.71 Mobile Safari/537.36 Instagram 334.0.0.42.95 Android (34/14; 480dpi; 1080x2340; samsung; SM-S918B; dm3q; qcom; en_US; 606542425)',
    'in-app',
  ],
  [
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [LinkedInApp]/9.29.8960',
    'in-app',
  ],
  [
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
    'other',
  ],
  ['', 'other'],
];

describe('browserFamily', () => {
  for (const [ua, family] of AGENTS) {
    it(`${family}: ${ua.slice(0, 70) || '(empty)'}…`, () => {
      expect(browserFamily(ua)).to.equal(family);
    });
  }
});

describe('recoverySteps', () => {
  it('tells in-app browsers to open the page in a browser, without "Try again"', () => {
    const steps = recoverySteps('in-app');
    expect(steps[1]).to.equal('Open the app’s menu (⋯) and choose “Open in browser”.');
    expect(steps.join(' ')).to.not.contain('Try again');
  });

  it('gives every other family its own first step, then "Try again" and the device settings', () => {
    const families = ['ios', 'samsung', 'android', 'firefox', 'chrome', 'other'] as const;
    for (const family of families) {
      const steps = recoverySteps(family);
      expect(steps.at(-2), family).to.equal('Then press “Try again”.');
      expect(steps.at(-1), family).to.contain('privacy settings');
    }
    expect(recoverySteps('firefox')[0]).to.equal('Click the crossed-out camera icon in the address bar.');
    expect(recoverySteps('ios')[1]).to.equal('Set Camera and Microphone to “Allow”.');
    expect(recoverySteps('android')).to.deep.equal(recoverySteps('samsung'));
  });
});
