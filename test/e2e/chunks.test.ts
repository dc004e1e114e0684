import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { startDemo, type DemoProcess } from '../support/demo-process.js';
import { distFile, startHost, type Host } from '../support/static-host.js';

// The script tag's first file defines the three elements at once; the room's steps and the picker are chunks it
// imports beside itself when a page needs them. These tests load the built files the ways hospitals do (under a
// path, through a redirect, from a CDN) and count which chunk requests the browser makes, and from where.

const CORS = { 'Access-Control-Allow-Origin': '*' };
const VERSIONED = '/static/vc/1.0';
/** A CDN whose chunks/ folder is missing: only the first file is served there. */
const BROKEN = '/broken';

let browser: Browser;
let cdn: Host;
let site: Host;

/** The build under VERSIONED; `/latest/video-consult.js` redirects to it, as versionless CDN URLs do. */
const serveBuild = (path: string, headers: Record<string, string>) => {
  if (path === '/latest/video-consult.js')
    return { status: 302, headers: { Location: `${VERSIONED}/video-consult.js`, ...headers } };
  if (path === `${BROKEN}/video-consult.js`) return distFile('video-consult.js', headers);
  const file = new RegExp(`^${VERSIONED}/((?:chunks/|locales/)?[\\w-]+\\.js)$`).exec(path)?.[1];
  return file ? distFile(file, headers) : undefined;
};

beforeAll(async () => {
  [browser, cdn, site] = await Promise.all([
    launchChromium(),
    startHost('127.0.0.1', (path) => serveBuild(path, CORS)),
    // The hospital's own site: the page of the query, and the build on the same origin too.
    startHost('localhost', (path, req) => {
      if (path === '/page') {
        const query = new URL(req.url!, 'http://host').searchParams;
        return {
          headers: { 'Content-Type': 'text/html' },
          body: page(query.get('head')!, query.get('body')!, query.get('lang') ?? 'en'),
        };
      }
      return serveBuild(path, {});
    }),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await Promise.all([cdn?.close(), site?.close()]);
});

const page = (head: string, body: string, lang: string) => `<!doctype html>
<html lang="${lang}">
  <head>
    <meta charset="utf-8" /><title>chunks</title>
    <script>
      window.__errors = [];
      document.addEventListener('vc-error', (e) => window.__errors.push({ target: e.target.localName, code: e.detail.code }));
    </script>
    ${head}
  </head>
  <body>${body}</body>
</html>`;

/** Opens a page, recording the URL of every script-tag file the browser asks for. */
async function open(head: string, body: string, lang = 'en') {
  const tab = await browser.newPage();
  const requested: string[] = [];
  tab.on('request', (r) => /\.js$/.test(r.url()) && requested.push(r.url()));
  await tab.goto(`${site.origin}/page?${new URLSearchParams({ head, body, lang })}`);
  const chunks = (name: string) => requested.filter((url) => url.endsWith(`/chunks/${name}.js`));
  return { tab, requested, chunks };
}

const errors = (tab: Page) =>
  tab.evaluate(() => (window as unknown as { __errors: { target: string; code: string }[] }).__errors);

/** The room's steps are in place once `preload()` resolves with them. */
const roomStarts = (tab: Page) =>
  tab.evaluate(async () => {
    const room = document.querySelector('video-consult-room') as HTMLElement & {
      preload(): Promise<unknown>;
    };
    return (await room.preload()) !== undefined;
  });

/** Two frames after load: an IntersectionObserver has reported what is in view by then. */
const settled = (tab: Page) =>
  tab.evaluate(
    () =>
      new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve)))),
  );

const ROOM = '<video-consult-room id="visit"></video-consult-room>';

describe('script tag: the chunks load from where the script really came from', () => {
  it('under a path of the page’s own origin', async () => {
    const { tab, chunks } = await open(`<script src="${VERSIONED}/video-consult.js"></script>`, ROOM);
    expect(await roomStarts(tab)).toBe(true);
    expect(chunks('room-flow')).toEqual([`${site.origin}${VERSIONED}/chunks/room-flow.js`]);
    expect(await errors(tab)).toEqual([]);
    await tab.close();
  });

  it('through a redirect on the page’s own origin: beside the URL it was redirected to', async () => {
    const { tab, chunks } = await open('<script src="/latest/video-consult.js"></script>', ROOM);
    expect(await roomStarts(tab)).toBe(true);
    expect(chunks('room-flow')).toEqual([`${site.origin}${VERSIONED}/chunks/room-flow.js`]);
    await tab.close();
  });

  it('through a redirecting CDN URL, script loaded with crossorigin', async () => {
    const { tab, chunks } = await open(
      `<script src="${cdn.origin}/latest/video-consult.js" crossorigin></script>`,
      ROOM,
    );
    expect(await roomStarts(tab)).toBe(true);
    expect(chunks('room-flow')).toEqual([`${cdn.origin}${VERSIONED}/chunks/room-flow.js`]);
    expect(await errors(tab)).toEqual([]);
    await tab.close();
  });

  it('through a redirecting CDN URL without crossorigin, the folder named by data-base', async () => {
    const { tab, chunks } = await open(
      `<script src="${cdn.origin}/latest/video-consult.js" data-base="${cdn.origin}${VERSIONED}/"></script>`,
      ROOM,
    );
    expect(await roomStarts(tab)).toBe(true);
    expect(chunks('room-flow')).toEqual([`${cdn.origin}${VERSIONED}/chunks/room-flow.js`]);
    await tab.close();
  });

  it('a missing chunks/ folder: vc-error chunk-unavailable, a visible message, the fix in the console', async () => {
    const tab = await browser.newPage();
    const warnings: string[] = [];
    tab.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    await tab.goto(
      `${site.origin}/page?${new URLSearchParams({ head: `<script src="${cdn.origin}${BROKEN}/video-consult.js"></script>`, body: ROOM })}`,
    );
    expect(await roomStarts(tab)).toBe(false);
    expect(await errors(tab)).toEqual([{ target: 'video-consult-room', code: 'chunk-unavailable' }]);
    expect(await tab.locator('video-consult-room [role="alert"]').textContent()).toContain(
      'cannot be started from this page',
    );
    expect(warnings.join('\n')).toContain('data-base');
    await tab.close();
  });

  it('a missing chunks/ folder: the join button says so at the click, with vc-error chunk-unavailable', async () => {
    const tab = await browser.newPage();
    const warnings: string[] = [];
    tab.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    const body = '<call-join-button server="https://consult.example" room="r1"></call-join-button>';
    await tab.goto(
      `${site.origin}/page?${new URLSearchParams({ head: `<script src="${cdn.origin}${BROKEN}/video-consult.js"></script>`, body })}`,
    );
    await tab.locator('call-join-button [part~="button"]').click();
    await expect
      .poll(() => tab.locator('call-join-button [role="alert"]').textContent(), { timeout: 10_000 })
      .toContain('cannot be started from this page');
    expect(await errors(tab)).toEqual([{ target: 'call-join-button', code: 'chunk-unavailable' }]);
    expect(warnings.join('\n')).toContain('data-base');
    await tab.close();
  });
});

describe('script tag: the first file defines all three elements; chunks load only when needed', () => {
  const SCRIPT = `<script src="${VERSIONED}/video-consult.js"></script>`;

  it('defines <call-join-button> and <video-consult-room> at once, <appointment-picker> when one is on the page', async () => {
    const { tab, chunks } = await open(
      SCRIPT,
      `<call-join-button></call-join-button>${ROOM}<appointment-picker></appointment-picker>`,
    );
    await tab.waitForFunction(() => customElements.get('appointment-picker'), undefined, { timeout: 10_000 });
    expect(
      await tab.evaluate(() =>
        ['call-join-button', 'video-consult-room', 'appointment-picker'].map(
          (tag) => customElements.get(tag) !== undefined,
        ),
      ),
    ).toEqual([true, true, true]);
    expect(chunks('appointment-picker')).toHaveLength(1);
    await tab.close();
  });

  it('a page without the picker never loads it, until one is added', async () => {
    const { tab, chunks } = await open(SCRIPT, ROOM);
    expect(await roomStarts(tab)).toBe(true);
    await settled(tab);
    expect(chunks('appointment-picker')).toEqual([]);
    await tab.evaluate(() => document.body.append(document.createElement('appointment-picker')));
    await tab.waitForFunction(() => customElements.get('appointment-picker'), undefined, { timeout: 10_000 });
    expect(chunks('appointment-picker')).toHaveLength(1);
    await tab.close();
  });

  it('the room’s steps load when the room or its join button comes near the viewport, once', async () => {
    const far = (html: string) => `<div style="height: 400vh"></div>${html}`;
    const { tab, chunks } = await open(
      SCRIPT,
      far(`<call-join-button id="join" target="visit"></call-join-button>`) + far(ROOM),
    );
    await tab.waitForFunction(() => customElements.get('video-consult-room'));
    await settled(tab);
    expect(chunks('room-flow'), 'nothing near the viewport yet').toEqual([]);
    expect(chunks('client'), 'nor the button’s network side').toEqual([]);
    // The button comes into view: its network side and its room's steps load, though the room is still far below.
    await tab.evaluate(() => document.getElementById('join')!.scrollIntoView());
    await expect.poll(() => chunks('room-flow').length, { timeout: 10_000 }).toBe(1);
    await expect.poll(() => chunks('client').length, { timeout: 10_000 }).toBe(1);
    // The room comes into view as well, and a press asks for the steps again: no second request.
    await tab.evaluate(() => document.getElementById('visit')!.scrollIntoView());
    expect(await roomStarts(tab)).toBe(true);
    await settled(tab);
    expect(chunks('room-flow')).toHaveLength(1);
    await tab.close();
  });

  it('a German page loads the picker’s strings only with a picker, and renders it in German', async () => {
    const german = (body: string) => open(SCRIPT, body, 'de');
    // Without a picker: the join elements' strings alone.
    const joinOnly = await german('<call-join-button></call-join-button>');
    await joinOnly.tab.waitForFunction(() =>
      document.querySelector('call-join-button')?.shadowRoot?.textContent?.includes('Videosprechstunde'),
    );
    const files = (requested: string[]) =>
      requested.filter((url) => url.includes('/locales/')).map((url) => new URL(url).pathname);
    expect(files(joinOnly.requested)).toEqual([`${VERSIONED}/locales/de.js`]);
    await joinOnly.tab.close();
    // With one: its strings too, before it renders (a server that refuses: the error and its "Try again").
    const booking = await german(
      '<appointment-picker server="http://127.0.0.1:9" service="derm-video"></appointment-picker>',
    );
    await booking.tab.waitForFunction(
      () => document.querySelector('appointment-picker')?.shadowRoot?.querySelector('[part~="retry"]'),
      undefined,
      { timeout: 10_000 },
    );
    expect(await booking.tab.locator('appointment-picker [part~="retry"]').textContent()).toContain(
      'Erneut versuchen',
    );
    expect(files(booking.requested).sort()).toEqual([
      `${VERSIONED}/locales/de-picker.js`,
      `${VERSIONED}/locales/de.js`,
    ]);
    await booking.tab.close();
  });
});

describe('script tag: the picker in two stages', () => {
  const SCRIPT = `<script src="${VERSIONED}/video-consult.js"></script>`;
  const API = 'https://consult.example';
  const PICKER = `<appointment-picker server="${API}" service="derm" layout="list"></appointment-picker>`;

  /** The consult server, for the page's fetches: three times the day after tomorrow, and a hold for any of them. */
  const serveApi = (tab: Page) =>
    tab.route(`${API}/**`, (route) => {
      const request = route.request();
      const cors = {
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Headers': 'content-type, authorization, idempotency-key, booking-session',
        'Access-Control-Allow-Methods': 'GET, POST, DELETE',
      };
      if (request.method() === 'OPTIONS') return route.fulfill({ status: 204, headers: cors });
      const day = Math.floor(Date.now() / 86_400_000) * 86_400_000 + 2 * 86_400_000;
      const at = (hour: number) => new Date(day + hour * 3_600_000).toISOString();
      const slot = (hour: number) => ({
        start: at(hour),
        end: at(hour + 0.5),
        clinicians: [{ id: 'dr-a', free: 1 }],
      });
      if (new URL(request.url()).pathname === '/v1/slots') {
        return route.fulfill({
          headers: cors,
          json: { service: 'derm', zone: 'UTC', slots: [9, 10, 11].map(slot) },
        });
      }
      const { start } = request.postDataJSON() as { start: string };
      const hold = {
        holdId: 'h1',
        holdSecret: 's1',
        expiresAt: new Date(Date.now() + 300_000).toISOString(),
      };
      return route.fulfill({
        status: 201,
        headers: cors,
        json: { ...hold, start, end: new Date(Date.parse(start) + 1_800_000).toISOString() },
      });
    });

  const picker = (tab: Page) => tab.locator('appointment-picker');

  it('a page that shows the times has not loaded the booking steps; choosing a time loads them', async () => {
    const tab = await browser.newPage();
    await serveApi(tab);
    const requested: string[] = [];
    tab.on('request', (r) => /\.js$/.test(r.url()) && requested.push(new URL(r.url()).pathname));
    await tab.goto(`${site.origin}/page?${new URLSearchParams({ head: SCRIPT, body: PICKER })}`);
    await picker(tab).locator('[part~="time"]').first().waitFor();
    await settled(tab);
    expect(requested.filter((path) => path.includes('/chunks/')).sort()).toEqual([
      `${VERSIONED}/chunks/appointment-picker.js`,
      `${VERSIONED}/chunks/client.js`,
    ]);
    await picker(tab).locator('input[type="radio"]').first().check();
    await expect
      .poll(() => requested.filter((path) => path.endsWith('/chunks/appointment-booking.js')))
      .toEqual([`${VERSIONED}/chunks/appointment-booking.js`]);
    await picker(tab).locator('[part~="reserve"]').click();
    await picker(tab).locator('[part~="hold"]').waitFor();
    expect(await errors(tab)).toEqual([]);
    await tab.close();
  });

  it('a booking chunk that cannot load: a visible message and vc-error chunk-unavailable; a later press loads it', async () => {
    const tab = await browser.newPage();
    await serveApi(tab);
    const warnings: string[] = [];
    tab.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    const booking = '**/chunks/appointment-booking.js';
    await tab.route(booking, (route) => route.fulfill({ status: 404 }));
    await tab.goto(`${site.origin}/page?${new URLSearchParams({ head: SCRIPT, body: PICKER })}`);
    await picker(tab).locator('input[type="radio"]').first().check();
    await picker(tab).locator('[part~="reserve"]').click();
    await expect
      .poll(() => picker(tab).locator('[part~="error"]').textContent(), { timeout: 10_000 })
      .toContain('Booking cannot go on: part of this page did not load.');
    expect(await errors(tab)).toEqual([{ target: 'appointment-picker', code: 'chunk-unavailable' }]);
    expect(warnings.join('\n')).toContain('<appointment-picker> cannot book');
    await tab.unroute(booking);
    await picker(tab).locator('[part~="reserve"]').click();
    await picker(tab).locator('[part~="hold"]').waitFor();
    expect(await picker(tab).locator('[part~="error"]').count()).toBe(0);
    await tab.close();
  });
});

describe('script tag: a press fetches the room’s steps where nothing else did', () => {
  let demo: DemoProcess;
  let host: Host;

  beforeAll(async () => {
    host = await startHost('127.0.0.1', async (path, req) => {
      const url = new URL(req.url!, 'http://host');
      if (path === '/visit') {
        const appointment = url.searchParams.get('appointment')!;
        // The button at the top, its room below the fold: only the press may ask for the room's steps. With
        // `?ticket`, no ticket-url (the test sets the `ticket` property): no visit window to fetch at once either.
        const tickets = url.searchParams.has('ticket')
          ? ''
          : `ticket-url="/ticket?role=clinician&amp;appointment=${appointment}"`;
        const body = `<call-join-button join-role="clinician" target="visit" server="${demo.url}"
          appointment="${appointment}" ${tickets}>
          </call-join-button><div style="height: 400vh"></div>
          <video-consult-room id="visit" no-precheck></video-consult-room>`;
        return {
          headers: { 'Content-Type': 'text/html' },
          body: page(`<script src="${VERSIONED}/video-consult.js"></script>`, body, 'en'),
        };
      }
      if (path === '/ticket') {
        const res = await fetch(`${demo.url}/demo/ticket${url.search}`);
        return { status: res.status, headers: { 'Content-Type': 'text/plain' }, body: await res.text() };
      }
      return serveBuild(path, {});
    });
    demo = await startDemo({ VC_ALLOWED_ORIGINS: host.origin });
  });
  afterAll(async () => {
    await Promise.all([demo?.stop(), host?.close()]);
  });

  it('without IntersectionObserver: nothing before the press, the steps at pointerdown, the frame after the click', async () => {
    const res = await fetch(`${demo.url}/demo/visits?startsInSeconds=0`, { method: 'POST' });
    const { appointment } = (await res.json()) as { appointment: string };
    const tab = await browser.newPage();
    // A browser without it (or an observer that has not reported yet): the press is the other way in.
    await tab.addInitScript(() => Reflect.deleteProperty(window, 'IntersectionObserver'));
    const steps: string[] = [];
    tab.on('request', (r) => r.url().endsWith('/chunks/room-flow.js') && steps.push(r.url()));
    await tab.goto(`${host.origin}/visit?appointment=${appointment}`);
    const button = tab.locator('call-join-button [part~="button"]');
    await expect.poll(() => button.isEnabled(), { timeout: 15_000 }).toBe(true);
    await settled(tab);
    expect(steps, 'nothing near the viewport was observed').toEqual([]);
    const box = (await button.boundingBox())!;
    await tab.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await tab.mouse.down();
    await expect.poll(() => steps.length, { timeout: 10_000 }).toBe(1);
    await tab.mouse.up();
    await tab.waitForFunction(
      () => document.querySelector('video-consult-room')?.shadowRoot?.querySelector('iframe[src]'),
      undefined,
      { timeout: 15_000 },
    );
    expect(steps).toHaveLength(1);
    expect(await errors(tab)).toEqual([]);
    await tab.close();
  });

  it('a click with nothing loaded before it (no observer, no press): it waits for the code, busy, then joins', async () => {
    const res = await fetch(`${demo.url}/demo/visits?startsInSeconds=0`, { method: 'POST' });
    const { appointment } = (await res.json()) as { appointment: string };
    const ticket = await (
      await fetch(`${demo.url}/demo/ticket?role=clinician&appointment=${appointment}`)
    ).text();
    const tab = await browser.newPage();
    await tab.addInitScript(() => Reflect.deleteProperty(window, 'IntersectionObserver'));
    const loaded: string[] = [];
    tab.on('request', (r) => /\/chunks\/[\w-]+\.js$/.test(r.url()) && loaded.push(new URL(r.url()).pathname));
    await tab.goto(`${host.origin}/visit?appointment=${appointment}&ticket`);
    await tab.waitForFunction(() => customElements.get('call-join-button'));
    await settled(tab);
    expect(loaded, 'no chunk before the click').toEqual([]);
    // `click()` has no pointerdown: the click itself is the first to ask for the button's network side.
    const busy = await tab.evaluate(async (value) => {
      const button = document.querySelector('call-join-button') as HTMLElement & {
        ticket: string;
        updateComplete: Promise<boolean>;
      };
      button.ticket = value;
      await button.updateComplete;
      button.shadowRoot!.querySelector<HTMLButtonElement>('[part~="button"]')!.click();
      await button.updateComplete;
      return button.shadowRoot!.querySelector('[part~="button"]')!.getAttribute('aria-busy');
    }, ticket);
    expect(busy).toBe('true');
    await tab.waitForFunction(
      () => document.querySelector('video-consult-room')?.shadowRoot?.querySelector('iframe[src]'),
      undefined,
      { timeout: 15_000 },
    );
    expect(loaded.sort()).toEqual([
      `${VERSIONED}/chunks/button.js`,
      `${VERSIONED}/chunks/client.js`,
      `${VERSIONED}/chunks/room-flow.js`,
    ]);
    expect(await errors(tab)).toEqual([]);
    await tab.close();
  });
});
