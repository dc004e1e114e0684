import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { startDemo, type DemoProcess } from '../support/demo-process.js';

interface SeenEvent {
  type: string;
  target: string;
  detail: Record<string, unknown>;
}

let demo: DemoProcess;
let browser: Browser;

beforeAll(async () => {
  [demo, browser] = await Promise.all([startDemo(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

const events = (page: Page) =>
  page.evaluate(() => (window as unknown as { __vcEvents?: SeenEvent[] }).__vcEvents ?? []);
const waitForEvent = (page: Page, type: string, target: string) =>
  page.waitForFunction(
    ([t, id]) =>
      ((window as unknown as { __vcEvents?: SeenEvent[] }).__vcEvents ?? []).some(
        (e) => e.type === t && e.target === id,
      ),
    [type, target] as const,
    { timeout: 15_000 },
  );

describe('demo page end to end (sandbox provider)', () => {
  it('joins the sandbox room from a plain script-tag page and reports vc-joined', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${demo.url}/`);

    await page.locator('#patient-join button').click();
    await waitForEvent(page, 'vc-joined', 'patient-room');

    const seen = (await events(page)).filter((e) => e.target.startsWith('patient')).map((e) => e.type);
    expect(seen).toEqual(
      expect.arrayContaining(['vc-join-request', 'vc-join-ready', 'vc-room-ready', 'vc-joined']),
    );
    expect(seen.indexOf('vc-join-request')).toBeLessThan(seen.indexOf('vc-join-ready'));
    expect(seen).not.toContain('vc-error');

    const frame = page.locator('#patient-room iframe');
    const src = new URL((await frame.getAttribute('src'))!);
    expect(src.origin).toBe(demo.url);
    expect(src.pathname).toMatch(/^\/sandbox\/rooms\/r_/);
    expect(await frame.getAttribute('allow')).toContain('camera');
    // The fake camera runs: the room shows the self-view, not the blocked-camera notice.
    const room = page.frameLocator('#patient-room iframe');
    await expect
      .poll(() => room.locator('#status').textContent(), { timeout: 10_000 })
      .toContain('camera and microphone are on');
    expect(errors).toEqual([]);

    // The join link was one-time: opening it again is refused.
    const again = await page.request.get(src.href);
    expect(again.status()).toBe(410);
    await page.close();
  });

  it('ends the visit for the patient when the clinician ends it', async () => {
    const page = await browser.newPage();
    await page.goto(`${demo.url}/`);
    await page.locator('#patient-join button').click();
    await waitForEvent(page, 'vc-joined', 'patient-room');
    await page.locator('#clinician-join button').click();
    await waitForEvent(page, 'vc-joined', 'clinician-room');

    await page.frameLocator('#clinician-room iframe').locator('#end').click();
    await waitForEvent(page, 'vc-ended', 'clinician-room');
    await waitForEvent(page, 'vc-ended', 'patient-room');
    await page.close();
  });
});
