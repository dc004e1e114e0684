// Where the tests find Chromium: CHROME_PATH, else Debian's /usr/bin/chromium. No browser is downloaded.
import { existsSync } from 'node:fs';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const FAKE_MEDIA_ARGS = ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'];

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** @returns {string | undefined} */
export const findChromium = () =>
  [process.env.CHROME_PATH, ...CANDIDATES].find((p) => p !== undefined && p !== '' && existsSync(p));

export const chromiumPath = () => findChromium() ?? '/usr/bin/chromium';
