import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { bothIntoVisit, openDemoPage, startDemo, type DemoProcess } from '../support/demo-process.js';

interface SeenEvent {
  type: string;
  target: string;
  detail: Record<string, unknown>;
}

// Join links live 30 s here (the minimum), so that a patient kept in the waiting room sees the link
// renewed before the room is framed.
const LINK_TTL_S = 30;

let demo: DemoProcess;
let browser: Browser;
beforeAll(async () => {
  [demo, browser] = await Promise.all([
    startDemo({ VC_JOIN_LINK_TTL_SECONDS: String(LINK_TTL_S) }),
    launchChromium(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

type EventWindow = { __vcEvents?: SeenEvent[] };
const events = (page: Page) => page.evaluate(() => (window as unknown as EventWindow).__vcEvents ?? []);
const seen = async (page: Page, target: string) =>
  (await events(page)).filter((e) => e.target === target).map((e) => e.type);
const waitForEvent = (page: Page, type: string, target: string, timeout = 20_000) =>
  page.waitForFunction(
    ([t, id]) =>
      ((window as unknown as EventWindow).__vcEvents ?? []).some((e) => e.type === t && e.target === id),
    [type, target] as const,
    { timeout },
  );

/**
 * Opens the demo page (`query`: its language switch's `lang=de`, `dir=rtl`) and records every join link the page
 * is given, in order, per role.
 */
async function openDemo(startsIn: number, query?: string) {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  const links: { role: string; url: string; expiresAt: string }[] = [];
  page.on('response', async (res) => {
    if (!res.url().endsWith('/v1/join') || !res.ok()) return;
    const role = JSON.parse(res.request().postData() ?? '{}').role ?? '?';
    const { url, expiresAt } = (await res.json()) as { url: string; expiresAt: string };
    links.push({ role, url, expiresAt });
  });
  await openDemoPage(page, `${demo.url}/?startsIn=${startsIn}${query ? `&${query}` : ''}`);
  return { page, errors, links };
}

const framedSrc = async (page: Page, room: string) =>
  (await page.locator(`#${room} iframe`).getAttribute('src'))!;

describe('demo visit end to end (sandbox provider, Chromium)', () => {
  it(
    'countdown -> check-in -> consent -> waiting -> renewed link -> joined -> leave',
    { timeout: 90_000 },
    async () => {
      const { page, errors, links } = await openDemo(4);
      const patientButton = page.locator('#patient-join button');

      // Countdown: the button is there but not usable before the window opens.
      await expect
        .poll(() => page.locator('#patient-join [part~="window"]').textContent(), { timeout: 10_000 })
        .toMatch(/Opens in \d+ s/);
      expect(await patientButton.getAttribute('aria-disabled')).toBe('true');
      await expect
        .poll(() => patientButton.getAttribute('aria-disabled'), { timeout: 15_000 })
        .not.toBe('true');

      // Check-in with the fake camera, then consent.
      await patientButton.click();
      await page.locator('#patient-room [part~="continue"]').click({ timeout: 15_000 });
      await waitForEvent(page, 'vc-precheck-complete', 'patient-room');
      const precheck = (await events(page)).find((e) => e.type === 'vc-precheck-complete')!;
      expect(precheck.detail).toMatchObject({ camera: true, microphone: true });
      await page.locator('#patient-room [part~="agree"]').click();
      await waitForEvent(page, 'vc-consent', 'patient-room');

      // Waiting room until the clinician is there; the link is due to expire meanwhile.
      await waitForEvent(page, 'vc-waiting', 'patient-room');
      await waitForEvent(page, 'vc-token-expiring', 'patient-room');
      expect(await page.locator('#patient-room iframe').count()).toBe(0);
      // Until the held link is within the room's 10 s framing margin, counted from the link's own expiry
      // (the server's answer), not from the click: a slow join on a busy machine would leave it fresh.
      await expect.poll(() => links.some((l) => l.role === 'patient')).toBe(true);
      const held = links.find((l) => l.role === 'patient')!;
      await page.waitForTimeout(Math.max(0, Date.parse(held.expiresAt) - 9_000 - Date.now()));

      // The clinician starts the visit (early is fine for clinicians) and the patient is let in.
      await page.locator('#clinician-join button').click();
      await page.locator('#clinician-room [part~="continue"]').click({ timeout: 15_000 });
      await waitForEvent(page, 'vc-joined', 'clinician-room');
      await waitForEvent(page, 'vc-joined', 'patient-room');

      // The patient's first link was never framed: a fresh one was minted through the same ticket path.
      const patientLinks = links.filter((l) => l.role === 'patient');
      expect(patientLinks.length).toBe(2);
      expect(await framedSrc(page, 'patient-room')).toBe(patientLinks[1]!.url);
      const room = page.frameLocator('#patient-room iframe');
      await expect
        .poll(() => room.locator('#status').textContent(), { timeout: 10_000 })
        .toContain('camera and microphone are on');

      const order = await seen(page, 'patient-room');
      const at = (type: string) => order.indexOf(type);
      expect(at('vc-precheck-complete')).toBeLessThan(at('vc-consent'));
      expect(at('vc-consent')).toBeLessThan(at('vc-waiting'));
      expect(at('vc-waiting')).toBeLessThan(at('vc-room-ready'));
      expect(at('vc-room-ready')).toBeLessThan(at('vc-joined'));

      // Leave.
      await page.locator('#patient-room [part~="leave"]').click();
      await waitForEvent(page, 'vc-left', 'patient-room');
      expect(await seen(page, 'patient-room')).toContain('vc-leave-request');
      expect(await page.locator('#patient-room iframe').count()).toBe(0);
      expect((await events(page)).filter((e) => e.type === 'vc-error')).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    },
  );

  it('ends the visit for the patient when the clinician ends it', { timeout: 60_000 }, async () => {
    const { page } = await openDemo(0);
    await bothIntoVisit(page, (room) => waitForEvent(page, 'vc-joined', room));

    await page.frameLocator('#clinician-room iframe').locator('#end').click();
    await waitForEvent(page, 'vc-ended', 'clinician-room');
    await waitForEvent(page, 'vc-ended', 'patient-room');
    // one vc-ended each, though the room page and the live state both report it
    expect((await seen(page, 'patient-room')).filter((t) => t === 'vc-ended')).toHaveLength(1);
    await page.close();
  });

  it('logs every event the elements declare in their manifest, vc-reconnected included', async () => {
    const manifest = JSON.parse(
      await readFile(new URL('../../custom-elements.json', import.meta.url), 'utf8'),
    ) as {
      modules: { declarations?: { events?: { name: string }[] }[] }[];
    };
    const declared = [
      ...new Set(
        manifest.modules
          .flatMap((m) => m.declarations ?? [])
          .flatMap((d) => d.events ?? [])
          .map((e) => e.name),
      ),
    ];
    expect(declared).toContain('vc-reconnected');
    const { page } = await openDemo(600);
    await page.evaluate((types) => {
      const room = document.getElementById('patient-room')!;
      for (const type of types)
        room.dispatchEvent(new CustomEvent(type, { bubbles: true, composed: true, detail: {} }));
    }, declared);
    const logged = await seen(page, 'patient-room');
    expect(declared.filter((type) => !logged.includes(type))).toEqual([]);
    await page.close();
  });

  it('sends a visitor who typed 127.0.0.1 to localhost, where the clinician room frames', async () => {
    const typed = `${demo.url.replace('//localhost:', '//127.0.0.1:')}/?startsIn=600&lang=de`;
    expect(typed).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?/);
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await openDemoPage(page, typed);
    expect(page.url()).toBe(`${demo.url}/?startsIn=600&lang=de`);
    await page.locator('#clinician-join button').click();
    await page.locator('#clinician-room [part~="continue"]').click({ timeout: 15_000 });
    await waitForEvent(page, 'vc-joined', 'clinician-room');
    await expect
      .poll(() => page.frameLocator('#clinician-room iframe').locator('#end').count(), { timeout: 10_000 })
      .toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('renders a German page in German, loading only the German strings beside the script', async () => {
    const { page } = await openDemo(600, 'lang=de');
    const localeFiles: string[] = [];
    page.on('request', (r) => r.url().includes('/locales/') && localeFiles.push(new URL(r.url()).pathname));
    await expect
      .poll(() => page.locator('#patient-join button').textContent(), { timeout: 10_000 })
      .toContain('Videosprechstunde beitreten');
    await page.reload();
    await expect
      .poll(() => page.locator('#patient-join [part~="window"]').textContent(), { timeout: 10_000 })
      .toContain('Öffnet');
    expect(localeFiles.filter((f) => f.endsWith('.js'))).toContain('/locales/de.js');
    expect(localeFiles.some((f) => /\/(fr|it|nl)\.js$/.test(f))).toBe(false);
    await page.close();
  });

  it('switches the page to German and right to left from its header, in the URL', async () => {
    const { page, errors } = await openDemo(0);
    await page.getByRole('link', { name: 'Deutsch' }).click();
    await page.waitForURL(`${demo.url}/?startsIn=0&lang=de`);
    await page.getByRole('link', { name: 'Rechts nach links' }).click();
    await page.waitForURL(`${demo.url}/?startsIn=0&lang=de&dir=rtl`);
    await page.waitForFunction(() => document.querySelector('call-join-button')?.appointment);
    const html = await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]);
    expect(html).toEqual(['de', 'rtl']);
    const current = page.locator('#settings a[aria-current="true"]');
    expect(await current.allTextContents()).toEqual(['Deutsch', 'Rechts nach links']);
    expect(await page.locator('#patient-title').textContent()).toBe('Ihr Termin bei Dr. Demo');

    // The consent text the page slots is German like the room's own buttons.
    await page.locator('#patient-join button').click();
    await page.locator('#patient-room [part~="continue"]').click({ timeout: 15_000 });
    await expect
      .poll(() => page.locator('#patient-room [part~="agree"]').textContent(), { timeout: 10_000 })
      .toContain('Ich stimme zu');
    expect(await page.locator('#patient-room [slot="consent"]').textContent()).toContain(
      'Ich bin damit einverstanden',
    );
    // Under the page's strict CSP: no refused inline script or style.
    expect(errors).toEqual([]);
    await page.close();
  });
});
