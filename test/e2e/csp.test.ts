import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { startDemo, type DemoProcess } from '../support/demo-process.js';
import { distFile, startHost, type Host } from '../support/static-host.js';

// A hospital page on its own origin, under exactly the Content-Security-Policy the README gives, runs the
// whole visit with the built script-tag bundle against a real consult server (demo mode, sandbox
// provider, another origin) and must cause no CSP or Trusted Types violation.

/** The policy as the README writes it, read from the README so that the two cannot drift apart. */
const readmePolicy = (() => {
  const readme = readFileSync('README.md', 'utf8');
  const block = /```text\n(Content-Security-Policy:[\s\S]*?)```/.exec(readme)?.[1];
  if (!block) throw new Error('README: no ```text block starting with Content-Security-Policy:');
  return block
    .replace('Content-Security-Policy:', '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' ');
})();
/** The README's example `Permissions-Policy` header (camera and microphone for the page and the room's origin). */
const readmePermissions = (() => {
  const value = /`Permissions-Policy: ([^`]+)`/.exec(readFileSync('README.md', 'utf8'))?.[1];
  if (!value) throw new Error('README: no `Permissions-Policy: …` example');
  return value;
})();
const README_SERVER = 'https://consult.hospital.example';
const README_NONCE = "'nonce-{random per response}'";

const policyFor = (nonce: string, consultServer: string) => {
  expect(readmePolicy).toContain(README_NONCE);
  expect(readmePolicy).toContain(README_SERVER);
  return readmePolicy.replace(README_NONCE, `'nonce-${nonce}'`).replaceAll(README_SERVER, consultServer);
};

/** `ownLit`: the page's own code uses Lit too, which made the `lit-html` policy before the bundle runs. */
const visitPage = (
  nonce: string,
  consultServer: string,
  appointment: string,
  ownLit: boolean,
) => `<!doctype html>
<html lang="de">
  <head>
    <meta charset="utf-8" />
    <title>CSP</title>
    <script nonce="${nonce}">
      window.__violations = [];
      window.__events = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        window.__violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample }),
      );
      for (const type of ['vc-precheck-complete', 'vc-consent', 'vc-waiting', 'vc-room-ready', 'vc-joined',
        'vc-left', 'vc-error']) {
        document.addEventListener(type, (e) =>
          window.__events.push({ type, target: e.target.id, code: e.detail?.code }),
        );
      }
      ${ownLit ? "trustedTypes.createPolicy('lit-html', { createHTML: (s) => s });" : ''}
    </script>
    <script nonce="${nonce}" src="/video-consult.js"></script>
  </head>
  <body>
    ${['patient', 'clinician']
      .map(
        (role) => `<call-join-button id="${role}-join" join-role="${role}" target="${role}-room"
      server="${consultServer}" appointment="${appointment}"
      ticket-url="/ticket?role=${role}&amp;appointment=${appointment}"></call-join-button>
    <video-consult-room id="${role}-room" ${role === 'patient' ? 'consent' : ''}></video-consult-room>`,
      )
      .join('\n    ')}
  </body>
</html>`;

/** A booking page: `<appointment-picker>` alone, from its own script, against the demo clinic (public booking). */
const bookingPage = (nonce: string, consultServer: string) => `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>CSP booking</title>
    <script nonce="${nonce}">
      window.__violations = [];
      window.__events = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        window.__violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample }),
      );
      for (const type of ['vc-slot-held', 'vc-booked', 'vc-error']) {
        document.addEventListener(type, (e) =>
          window.__events.push({ type, target: e.target.id, code: e.detail?.code }),
        );
      }
    </script>
    <script nonce="${nonce}" src="/video-consult.js"></script>
  </head>
  <body>
    <appointment-picker id="picker" server="${consultServer}" service="demo-consult" layout="list"></appointment-picker>
  </body>
</html>`;

let demo: DemoProcess;
let site: Host;
let browser: Browser;
/** The policy header the next page load gets (tests set it before they open the page). */
let policy: (nonce: string) => string;

beforeAll(async () => {
  // The hospital's site: the page, the bundle beside it, and its own ticket endpoint (here a proxy to the
  // demo's, standing in for the portal's backend).
  site = await startHost('127.0.0.1', async (path, req) => {
    const url = new URL(req.url!, 'http://host');
    if (path === '/visit') {
      const nonce = randomBytes(16).toString('base64');
      return {
        headers: {
          'Content-Type': 'text/html; charset=utf-8',
          'Content-Security-Policy': policy(nonce),
          'Permissions-Policy': readmePermissions.replaceAll(README_SERVER, demo.url),
        },
        body: visitPage(
          nonce,
          demo.url,
          url.searchParams.get('appointment')!,
          url.searchParams.has('ownLit'),
        ),
      };
    }
    if (path === '/book') {
      const nonce = randomBytes(16).toString('base64');
      return {
        headers: { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': policy(nonce) },
        body: bookingPage(nonce, demo.url),
      };
    }
    if (path === '/ticket') {
      const res = await fetch(`${demo.url}/demo/ticket${url.search}`);
      const type = res.headers.get('content-type') ?? 'text/plain';
      return { status: res.status, headers: { 'Content-Type': type }, body: await res.text() };
    }
    if (path === '/video-consult.js') return distFile('video-consult.js');
    const file = /^\/(locales|chunks)\/[\w-]+\.js$/.exec(path)?.[0];
    return file ? distFile(file.slice(1)) : undefined;
  });
  [demo, browser] = await Promise.all([startDemo({ VC_ALLOWED_ORIGINS: site.origin }), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await Promise.all([demo?.stop(), site?.close()]);
});

/** Opens a fresh visit (starting now) on the hospital page, recording console errors. */
async function openVisit(query = '') {
  const res = await fetch(`${demo.url}/demo/visits?startsInSeconds=0`, { method: 'POST' });
  const { appointment } = (await res.json()) as { appointment: string };
  const page = await browser.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  await page.goto(`${site.origin}/visit?appointment=${appointment}${query}`);
  return { page, consoleErrors };
}

type Seen = { type: string; target: string; code?: string };
const seen = (page: Page) => page.evaluate(() => (window as unknown as { __events: Seen[] }).__events);
const violations = (page: Page) =>
  page.evaluate(() => (window as unknown as { __violations: unknown[] }).__violations);
const waitForEvent = (page: Page, type: string, target: string) =>
  page.waitForFunction(
    ([t, id]) =>
      (window as unknown as { __events: Seen[] }).__events.some((e) => e.type === t && e.target === id),
    [type, target] as const,
    { timeout: 20_000 },
  );

describe("the README's Content-Security-Policy (Trusted Types) and Permissions-Policy, Chromium", () => {
  it('runs the whole visit with no violation', { timeout: 90_000 }, async () => {
    policy = (nonce) => policyFor(nonce, demo.url);
    const { page, consoleErrors } = await openVisit();

    // The German strings load under the policy too (a dynamic import that inherits the nonce).
    await expect
      .poll(() => page.locator('#patient-join [part~="button"]').textContent(), { timeout: 10_000 })
      .toContain('Videosprechstunde beitreten');

    await page.locator('#patient-join [part~="button"]').click();
    await page.locator('#patient-room [part~="continue"]').click({ timeout: 15_000 });
    await page.locator('#patient-room [part~="agree"]').click();
    await waitForEvent(page, 'vc-waiting', 'patient-room');
    await page.locator('#clinician-join [part~="button"]').click();
    await page.locator('#clinician-room [part~="continue"]').click({ timeout: 15_000 });
    await waitForEvent(page, 'vc-joined', 'clinician-room');
    await waitForEvent(page, 'vc-joined', 'patient-room');
    await page.locator('#patient-room [part~="leave"]').click();
    await waitForEvent(page, 'vc-left', 'patient-room');

    expect((await seen(page)).filter((e) => e.type === 'vc-error')).toEqual([]);
    expect(await violations(page)).toEqual([]);
    expect(consoleErrors.filter((m) => /Content.Security.Policy|Trusted ?Type/i.test(m))).toEqual([]);
    await page.close();
  });

  it('books a visit with <appointment-picker> with no violation', { timeout: 60_000 }, async () => {
    policy = (nonce) => policyFor(nonce, demo.url);
    const page = await browser.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    await page.goto(`${site.origin}/book`);

    await page.locator('#picker [part~="time"]').first().click({ timeout: 20_000 });
    await page.locator('#picker [part~="reserve"]').click();
    await waitForEvent(page, 'vc-slot-held', 'picker');
    await page.locator('#picker [part~="form"] input[autocomplete="name"]').fill('Erika Mustermann');
    await page.locator('#picker [part~="form"] input[autocomplete="email"]').fill('erika@example.org');
    await page.locator('#picker [part~="book"]').click();
    await waitForEvent(page, 'vc-booked', 'picker');
    await page.locator('#picker [part~="confirmation"]').waitFor();
    // The calendar file: fetched with the capability in a header, handed to the browser as a blob: download.
    const download = page.waitForEvent('download');
    await page.locator('#picker [part~="calendar"]').click();
    expect((await download).suggestedFilename()).toMatch(/\.ics$/);

    expect((await seen(page)).filter((e) => e.type === 'vc-error')).toEqual([]);
    expect(await violations(page)).toEqual([]);
    expect(consoleErrors.filter((m) => /Content.Security.Policy|Trusted ?Type/i.test(m))).toEqual([]);
    await page.close();
  });

  it('reports a policy that refuses Lit: vc-error csp-blocked, a visible message, the fix in the console', async () => {
    // A page that allows only its own Trusted Types policy.
    policy = (nonce) =>
      policyFor(nonce, demo.url).replace('trusted-types lit-html', 'trusted-types portal-sanitizer');
    await expectCspBlocked(await openVisit());
  });

  it("needs 'allow-duplicates' when the page's own Lit made the lit-html policy first", async () => {
    policy = (nonce) => policyFor(nonce, demo.url);
    await expectCspBlocked(await openVisit('&ownLit'));

    policy = (nonce) =>
      policyFor(nonce, demo.url).replace(
        'trusted-types lit-html',
        "trusted-types lit-html 'allow-duplicates'",
      );
    const { page } = await openVisit('&ownLit');
    await expect
      .poll(() => page.locator('#patient-join [part~="button"]').textContent(), { timeout: 10_000 })
      .toContain('Videosprechstunde beitreten');
    expect(await violations(page)).toEqual([]);
    await page.close();
  });
});

async function expectCspBlocked({ page, consoleErrors }: Awaited<ReturnType<typeof openVisit>>) {
  await page.waitForFunction(
    () => (window as unknown as { __events: Seen[] }).__events.length === 4,
    undefined,
    { timeout: 10_000 },
  );
  const ids = ['clinician-join', 'clinician-room', 'patient-join', 'patient-room'];
  const events = (await seen(page)).sort((a, b) => a.target.localeCompare(b.target));
  expect(events).toEqual(ids.map((target) => ({ type: 'vc-error', target, code: 'csp-blocked' })));
  // Shown once, in the page's language: the German strings still load (they need no Lit).
  expect(await page.locator('[data-vc-csp-blocked]').count()).toBe(1);
  expect(await page.locator('#patient-join [role="alert"]').textContent()).toBe(
    'Die Videosprechstunde kann auf dieser Seite nicht gestartet werden. Bitte wenden Sie sich an Ihr Behandlungsteam.',
  );
  expect(consoleErrors.some((m) => m.includes('"trusted-types lit-html"'))).toBe(true);
  await page.close();
}
