import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { distFile, startHost, type Host } from '../support/static-host.js';

// The script-tag bundle loads a page's language from locales/ beside itself. These tests load the built
// bundle the ways hospitals do: from a CDN on another origin, through a CDN's redirecting "latest" URL,
// through a redirect on the page's own origin, and with the folder named by data-locales.

const CORS = { 'Access-Control-Allow-Origin': '*' };
/** The CDN has no French strings: a missing language file. */
const MISSING = 'fr';

let browser: Browser;
let cdn: Host;
let site: Host;

/** `/v1/…` serves the build; `/latest/video-consult.js` redirects to it, as versionless CDN URLs do. */
const serveBuild = (prefix: string, path: string, headers: Record<string, string>) => {
  if (path === `${prefix}/latest/video-consult.js`)
    return { status: 302, headers: { Location: `${prefix}/v1/video-consult.js`, ...headers } };
  if (path === `${prefix}/v1/video-consult.js`) return distFile('video-consult.js', headers);
  const file = new RegExp(`^${prefix}/v1/(locales|chunks)/([\\w-]+)\\.js$`).exec(path);
  if (file && file[2] !== MISSING) return distFile(`${file[1]}/${file[2]}.js`, headers);
  return undefined;
};

const page = (lang: string, script: string) => `<!doctype html>
<html lang="${lang}">
  <head><meta charset="utf-8" /><title>locales</title></head>
  <body>
    <script>
      window.__errors = [];
      document.addEventListener('vc-error', (e) => window.__errors.push({ target: e.target.localName, ...e.detail }));
    </script>
    ${script}
    <call-join-button></call-join-button>
    <video-consult-room></video-consult-room>
  </body>
</html>`;

beforeAll(async () => {
  [browser, cdn, site] = await Promise.all([
    launchChromium(),
    startHost('127.0.0.1', (path) => serveBuild('', path, CORS)),
    // The hospital's own site: a test page per query, and the bundle under /assets/ (same origin).
    startHost('localhost', (path, req) => {
      if (path === '/page') {
        const query = new URL(req.url!, 'http://host').searchParams;
        return {
          headers: { 'Content-Type': 'text/html' },
          body: page(query.get('lang')!, query.get('script')!),
        };
      }
      return serveBuild('/assets', path, {});
    }),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await Promise.all([cdn?.close(), site?.close()]);
});

async function open(lang: string, script: string) {
  const tab = await browser.newPage();
  const warnings: string[] = [];
  tab.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  const query = new URLSearchParams({ lang, script });
  await tab.goto(`${site.origin}/page?${query}`);
  return { tab, warnings };
}

const joinLabel = (tab: Page) =>
  tab.evaluate(() => document.querySelector('call-join-button')?.shadowRoot?.textContent?.trim() ?? '');

const waitForGerman = async (tab: Page) => {
  await tab.waitForFunction(
    () => document.querySelector('call-join-button')?.shadowRoot?.textContent?.includes('Videosprechstunde'),
    undefined,
    { timeout: 10_000 },
  );
  expect(await joinLabel(tab)).toContain('Videosprechstunde beitreten');
  expect(await tab.evaluate(() => (window as unknown as { __errors: unknown[] }).__errors)).toEqual([]);
};

describe('script-tag bundle: the page language loads from wherever the script came from', () => {
  it('from a CDN on another origin (CORS on locales/)', async () => {
    const { tab } = await open('de', `<script src="${cdn.origin}/v1/video-consult.js"></script>`);
    await waitForGerman(tab);
    await tab.close();
  });

  it('through a redirecting CDN URL, script loaded with crossorigin', async () => {
    const { tab } = await open(
      'de',
      `<script src="${cdn.origin}/latest/video-consult.js" crossorigin></script>`,
    );
    await waitForGerman(tab);
    await tab.close();
  });

  it('through a redirecting CDN URL without crossorigin, the folder named by data-base', async () => {
    const { tab } = await open(
      'de-CH',
      `<script src="${cdn.origin}/latest/video-consult.js" data-base="${cdn.origin}/v1"></script>`,
    );
    await waitForGerman(tab);
    await tab.close();
  });

  it("through a redirect on the page's own origin", async () => {
    const { tab } = await open('de', `<script src="/assets/latest/video-consult.js"></script>`);
    await waitForGerman(tab);
    await tab.close();
  });

  it('a missing language file: vc-error locale-unavailable from each element, one console warning', async () => {
    const { tab, warnings } = await open(
      MISSING,
      `<script src="${cdn.origin}/v1/video-consult.js"></script>`,
    );
    await tab.waitForFunction(
      () => (window as unknown as { __errors: unknown[] }).__errors.length === 2,
      undefined,
      {
        timeout: 10_000,
      },
    );
    const errors = await tab.evaluate(
      () => (window as unknown as { __errors: { target: string }[] }).__errors,
    );
    expect(errors.sort((a, b) => a.target.localeCompare(b.target))).toEqual(
      ['call-join-button', 'video-consult-room'].map((target) => ({
        target,
        code: 'locale-unavailable',
        message: 'The video visit could not be shown in the language of this page.',
      })),
    );
    // The elements still work, in English; the console tells the page's team what to fix.
    expect(await joinLabel(tab)).toContain('Join video visit');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`"${MISSING}" strings are unavailable`);
    expect(warnings[0]).toContain('Access-Control-Allow-Origin');
    expect(warnings[0]).toContain('data-locales');
    await tab.close();
  });
});
