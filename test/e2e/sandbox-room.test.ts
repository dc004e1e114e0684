import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Frame, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { bothIntoVisit, openDemoPage, startDemo, type DemoProcess } from '../support/demo-process.js';

// The sandbox room page in its frame, at the size the room element gives it on the demo page: it must fit,
// so that the clinician's "End the visit for everyone" is never below the frame's fold. And a spent link in the
// frame is reported as such, never as a ready room.

let demo: DemoProcess;
let browser: Browser;
beforeAll(async () => {
  [demo, browser] = await Promise.all([startDemo(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

type SeenEvent = { type: string; target: string; detail: { code?: string } };
type EventWindow = { __vcEvents?: SeenEvent[] };
const events = async (page: Page, target: string) =>
  (await page.evaluate(() => (window as unknown as EventWindow).__vcEvents ?? [])).filter(
    (e) => e.target === target,
  );
const waitForEvent = (page: Page, type: string, target: string, count = 1) =>
  page.waitForFunction(
    ([t, id, n]) =>
      ((window as unknown as EventWindow).__vcEvents ?? []).filter((e) => e.type === t && e.target === id)
        .length >= n,
    [type, target, count] as const,
    { timeout: 20_000 },
  );

/** Opens the demo at `width` x `height` (in `lang`) and takes clinician and patient into the same visit. */
async function visit(width: number, height: number, lang: string) {
  const page = await browser.newPage({ viewport: { width, height } });
  if (lang !== 'en') {
    await page.route(`${demo.url}/?*`, async (route) => {
      const res = await route.fetch();
      const body = (await res.text()).replace('<html lang="en">', `<html lang="${lang}">`);
      await route.fulfill({ response: res, body });
    });
  }
  await openDemoPage(page, `${demo.url}/?startsIn=0`);
  await bothIntoVisit(page, (room) => waitForEvent(page, 'vc-joined', room));
  return page;
}

const frameOf = async (page: Page, room: string): Promise<Frame> =>
  (await (await page.locator(`#${room} iframe`).elementHandle())!.contentFrame())!;

/** The frame's viewport, the room page's scroll size, and where its buttons are. */
const measure = (frame: Frame) =>
  frame.evaluate(() => {
    const rect = (id: string) => document.getElementById(id)?.getBoundingClientRect().toJSON() as DOMRect;
    const root = document.documentElement;
    return {
      width: innerWidth,
      height: innerHeight,
      scrollWidth: root.scrollWidth,
      scrollHeight: root.scrollHeight,
      leave: rect('leave'),
      end: rect('end'),
    };
  });

/** Puts the room page in its wordiest state: camera blocked (no self-view, the longest status line). */
const blocked = (frame: Frame) =>
  frame.evaluate(() => {
    const cfg = /const cfg = (\{.*\});/.exec(document.scripts[0]!.textContent!)![1]!;
    document.getElementById('self')!.hidden = true;
    document.getElementById('status')!.textContent = (
      JSON.parse(cfg) as { text: { blocked: string } }
    ).text.blocked;
  });

const inside = (r: DOMRect, m: { width: number; height: number }) =>
  r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 && r.right <= m.width && r.bottom <= m.height;

const SIZES: [number, number, string][] = [
  [320, 568, 'en'],
  [320, 568, 'de'],
  [360, 640, 'en'],
  [568, 320, 'en'],
  [768, 1024, 'en'],
  [1280, 600, 'en'],
  [1280, 800, 'en'],
];

describe('sandbox room page in its frame (Chromium)', () => {
  it.each(SIZES)('fits its frame at %i x %i %s', { timeout: 60_000 }, async (width, height, lang) => {
    const page = await visit(width, height, lang);
    const clinician = await measure(await frameOf(page, 'clinician-room'));
    const patient = await measure(await frameOf(page, 'patient-room'));
    for (const m of [clinician, patient]) {
      expect(m.scrollHeight).toBeLessThanOrEqual(m.height);
      expect(m.scrollWidth).toBeLessThanOrEqual(m.width);
      expect(inside(m.leave, m)).toBe(true);
    }
    expect(inside(clinician.end, clinician)).toBe(true);
    expect(patient.end).toBeUndefined();

    const frame = await frameOf(page, 'clinician-room');
    await blocked(frame);
    const wordy = await measure(frame);
    expect(wordy.scrollHeight).toBeLessThanOrEqual(wordy.height);
    expect(inside(wordy.end, wordy)).toBe(true);
    await page.close();
  });
});

describe('a spent sandbox link in the frame (Chromium)', () => {
  it('gives vc-error link-expired and Rejoin, no second vc-room-ready; Rejoin frames a new link', async () => {
    const page = await browser.newPage();
    await openDemoPage(page, `${demo.url}/?startsIn=0`);
    await page.locator('#clinician-join button').click();
    await page.locator('#clinician-room [part~="continue"]').click({ timeout: 15_000 });
    await waitForEvent(page, 'vc-joined', 'clinician-room');
    const spent = await page.locator('#clinician-room iframe').getAttribute('src');
    // Moving the element reloads its frame with the link it already redeemed.
    await page.evaluate(() => {
      const room = document.getElementById('clinician-room')!;
      room.parentElement!.append(room);
    });
    await waitForEvent(page, 'vc-error', 'clinician-room');
    expect((await events(page, 'clinician-room')).map((e) => e.detail.code ?? e.type)).toEqual([
      'vc-precheck-complete',
      'vc-room-ready',
      'vc-joined',
      'link-expired',
    ]);
    expect(await page.locator('#clinician-room iframe').count()).toBe(0);
    expect(await page.locator('#clinician-room [role="alert"]').textContent()).toBe(
      'This visit link has expired. Please use the join button again.',
    );

    await page.locator('#clinician-room [part~="rejoin"]').click();
    await waitForEvent(page, 'vc-room-ready', 'clinician-room', 2);
    expect(await page.locator('#clinician-room iframe').getAttribute('src')).not.toBe(spent);
    await page.close();
  });
});
