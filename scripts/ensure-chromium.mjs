// Finds a Chromium for the browser and end-to-end tests. On a fresh Debian machine without one it
// installs Debian's package when it can (root), or stops with the exact command to run.
import { spawnSync } from 'node:child_process';
import { findChromium } from './chromium.mjs';

export function ensureChromium() {
  const found = findChromium();
  if (found) return found;
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (isRoot && hasApt) {
    console.log('No Chromium found: installing Debian\'s "chromium" package (apt-get)…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const run = (args) => spawnSync('apt-get', args, { stdio: 'inherit', env }).status === 0;
    if (run(['update', '-qq']) && run(['install', '-y', '-qq', 'chromium'])) {
      const installed = findChromium();
      if (installed) return installed;
    }
  }
  console.error(
    [
      'The browser tests need Chromium and none was found (looked at $CHROME_PATH and /usr/bin/chromium).',
      hasApt ? 'Install it with:  sudo apt-get install -y chromium' : 'Install Chromium or Chrome,',
      'or point CHROME_PATH at an existing Chromium/Chrome binary, then run npm test again.',
    ].join('\n'),
  );
  process.exit(1);
}
