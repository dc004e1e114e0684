import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { openDemoPage, startDemo, type DemoProcess } from '../support/demo-process.js';

let demo: DemoProcess;
let browser: Browser;
beforeAll(async () => {
  // Patients may join from a day before the start, so that a visit booked for tomorrow can be joined right away.
  [demo, browser] = await Promise.all([
    startDemo({ VC_JOIN_PATIENT_MINUTES_BEFORE: '1440' }),
    launchChromium(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

type Logged = { type: string; target: string; detail: Record<string, unknown> };
const logged = (page: Page) =>
  page.evaluate(() => (window as unknown as { __vcEvents?: Logged[] }).__vcEvents ?? []);

/** The demo page with its picker in the list layout, for one clinician (one seat per time). */
const bookingPage = async (page: Page) => {
  await openDemoPage(page, `${demo.url}/`);
  await page.evaluate(() => {
    const picker = document.querySelector('appointment-picker')!;
    picker.setAttribute('layout', 'list');
    picker.setAttribute('clinician', 'dr-okafor');
  });
  const picker = page.locator('#booking');
  await picker.locator('[part~="times"]').nth(2).waitFor();
  return picker;
};

/**
 * Which way the arrow in a button's screenshot points, read from its ink rather than compared byte for byte (a
 * glyph drawn at another sub-pixel offset or font size differs in every byte). The pixels are decoded on a blank
 * page (the demo's CSP allows no data: images); ink is what is darker than the button's face, away from its border.
 * A chevron's tip is its middle rows: left of its arms when it points left.
 */
const arrowDirection = (blank: Page, png: Buffer): Promise<'left' | 'right'> =>
  blank.evaluate(
    async (bytes) => {
      const bitmap = await createImageBitmap(new Blob([new Uint8Array(bytes)], { type: 'image/png' }));
      const { width, height } = bitmap;
      const context = new OffscreenCanvas(width, height).getContext('2d')!;
      context.drawImage(bitmap, 0, 0);
      const { data } = context.getImageData(0, 0, width, height);
      const light = (x: number, y: number) => {
        const i = (y * width + x) * 4;
        return 0.2126 * data[i]! + 0.7152 * data[i + 1]! + 0.0722 * data[i + 2]!;
      };
      const face = light(width >> 1, 4);
      const inset = 5;
      const ink: [number, number][] = [];
      for (let y = inset; y < height - inset; y++)
        for (let x = inset; x < width - inset; x++) if (face - light(x, y) > 80) ink.push([x, y]);
      if (ink.length < 4) throw new Error(`no arrow found in a ${width}x${height} screenshot`);
      const ys = ink.map(([, y]) => y);
      const [top, bottom] = [Math.min(...ys), Math.max(...ys)];
      const third = (bottom - top) / 3;
      const mean = (points: [number, number][]) => points.reduce((sum, [x]) => sum + x, 0) / points.length;
      const middle = ink.filter(([, y]) => y >= top + third && y <= bottom - third);
      const arms = ink.filter(([, y]) => y < top + third || y > bottom - third);
      return mean(middle) < mean(arms) ? 'left' : 'right';
    },
    [...png],
  );

describe('<appointment-picker> against the demo server (Chromium)', () => {
  it('books, moves and cancels a visit; the token travels in headers only', { timeout: 90_000 }, async () => {
    const page = await browser.newPage({ timezoneId: 'Europe/Berlin' });
    const requests: { method: string; url: string; authorization?: string; key?: string }[] = [];
    page.on('request', (r) => {
      if (!r.url().includes('/v1/appointments')) return;
      const headers = r.headers();
      requests.push({
        method: r.method(),
        url: r.url(),
        authorization: headers.authorization,
        key: headers['idempotency-key'],
      });
    });
    await openDemoPage(page, `${demo.url}/`);
    await page.evaluate(() => {
      document.querySelector('appointment-picker')!.setAttribute('layout', 'list');
    });
    const picker = page.locator('#booking');
    // A later day: today's times are inside the demo service's 4-hour cut-off.
    await picker.locator('[part~="times"]').nth(2).locator('input[type=radio]').first().click();
    await picker.locator('[part~="reserve"]').click();
    await picker.locator('#field-name').fill('Ada Patient');
    await picker.locator('#field-email').fill('ada@example.com');
    await picker.locator('[part~="book"]').click();
    await picker.locator('[part~="cancel"]').waitFor();

    await picker.locator('[part~="change"]').click();
    await picker.locator('[part~="current"]').waitFor();
    await picker.locator('[part~="times"]').nth(3).locator('input[type=radio]').first().click();
    await picker.locator('[part~="reserve"]').click();
    await picker.locator('[part~="book"]').click();
    await picker.getByText('Your video visit has been moved').first().waitFor();

    await picker.locator('[part~="cancel"]').click();
    await picker.locator('[part~="confirm"]').click();
    await picker.locator('[part~="cancelled"]').waitFor();

    const types = await page.evaluate(() =>
      ((window as unknown as { __vcEvents?: { type: string }[] }).__vcEvents ?? []).map((e) => e.type),
    );
    expect(types.filter((t) => ['vc-booked', 'vc-rescheduled', 'vc-cancelled'].includes(t))).toEqual([
      'vc-booked',
      'vc-rescheduled',
      'vc-cancelled',
    ]);
    const patch = requests.find((r) => r.method === 'PATCH')!;
    const del = requests.find((r) => r.method === 'DELETE')!;
    expect(patch.authorization).toMatch(/^Bearer vca_/);
    expect(patch.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(del.authorization).toBe(patch.authorization);
    const token = patch.authorization!.slice('Bearer '.length);
    for (const r of requests) expect(r.url).not.toContain(token);
    expect(await page.content()).not.toContain(token);

    // The server agrees: the appointment is cancelled.
    const id = new URL(del.url).pathname.split('/').at(-1)!;
    const answer = await fetch(`${demo.url}/v1/appointments/${id}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(((await answer.json()) as { status: string }).status).toBe('cancelled');
    await page.close();
  });

  it(
    'books, downloads the calendar file, then joins that appointment with its button',
    { timeout: 90_000 },
    async () => {
      const page = await browser.newPage({ timezoneId: 'Europe/Berlin' });
      const picker = await bookingPage(page);
      // The first free time: within a day whatever the hour (test/server/booking-demo.test.ts), so inside the
      // patients' join window of this server (a day). The second day's first time is more than a day ahead in the
      // evening: its button would rightly show when the visit opens instead of joining.
      await picker.locator('input[type=radio]').first().click();
      await picker.locator('[part~="reserve"]').click();
      await picker.locator('#field-name').fill('Grace Patient');
      await picker.locator('#field-email').fill('grace@example.com');
      await picker.locator('[part~="book"]').click();
      await picker.locator('[part~="confirmation"]').waitFor();
      const booked = (await logged(page)).find((e) => e.type === 'vc-booked')!.detail as {
        appointment: string;
        start: string;
      };

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        picker.locator('[part~="calendar"]').click(),
      ]);
      expect(download.suggestedFilename()).toBe('video-visit.ics');
      const ics = readFileSync((await download.path())!, 'utf8');
      expect(ics).toContain('BEGIN:VCALENDAR');
      const stamp = booked.start.replace(/[-:]/g, '').replace(/\.\d{3}/, '');
      expect(ics).toMatch(new RegExp(`DTSTART(;[^:]*)?:${stamp}|DTSTART;TZID=`));
      expect(ics).not.toContain('grace@example.com');

      // The confirmation's own join button joins this appointment (in a new window: the demo gives it no room).
      const popup = page.waitForEvent('popup');
      await picker.locator('call-join-button [part~="button"]').click();
      const visit = await popup;
      await page.waitForFunction(() =>
        ((window as unknown as { __vcEvents?: Logged[] }).__vcEvents ?? []).some(
          (e) => e.type === 'vc-join-ready',
        ),
      );
      const events = await logged(page);
      const request = events.find((e) => e.type === 'vc-join-request')!;
      expect(request.detail.appointment).toBe(booked.appointment);
      expect(events.filter((e) => e.type === 'vc-error')).toEqual([]);
      expect(new URL(visit.url()).origin).toBe(demo.url);
      await visit.close();
      await page.close();
    },
  );

  it(
    'two patients pick the same time at once: one holds it, the other is told and sees fresh times',
    { timeout: 90_000 },
    async () => {
      const [a, b] = await Promise.all([browser.newContext(), browser.newContext()]);
      const pages = await Promise.all([a.newPage(), b.newPage()]);
      const pickers = await Promise.all(pages.map(bookingPage));
      const values = (picker: (typeof pickers)[number]) =>
        picker
          .locator('input[type=radio]')
          .evaluateAll((els) => els.map((el) => (el as HTMLInputElement).value));
      const times = pickers.map((p) =>
        p.locator('[part~="times"]').nth(2).locator('input[type=radio]').first(),
      );
      const [start, same] = await Promise.all(
        times.map((t) => t.evaluate((el) => (el as HTMLInputElement).value)),
      );
      expect(same).toBe(start);
      await Promise.all(times.map((t) => t.click()));
      await Promise.all(pickers.map((p) => p.locator('[part~="reserve"]').click()));

      // Exactly one holds it (its form shows); the other is told why, and the time is gone from its list.
      const taken = 'someone else has just booked that time';
      await Promise.all(
        pickers.map((p) =>
          p.locator(`[part~="form"], [part~="status"]:has-text("${taken}")`).first().waitFor(),
        ),
      );
      const held = await Promise.all(
        pages.map(async (page) => (await logged(page)).some((e) => e.type === 'vc-slot-held')),
      );
      expect(held.filter(Boolean)).toHaveLength(1);
      const loser = held[0] ? 1 : 0;
      const lost = pickers[loser]!;
      expect(await lost.locator('[part~="status"]').textContent()).toContain(taken);
      const errors = (await logged(pages[loser]!)).filter((e) => e.type === 'vc-error');
      expect(errors.map((e) => e.detail.code)).toContain('slot-taken');
      await expect.poll(async () => (await values(lost)).includes(start!), { timeout: 15_000 }).toBe(false);
      expect((await values(lost)).length).toBeGreaterThan(0);
      await Promise.all([a.close(), b.close()]);
    },
  );
  it('points the month arrows outward on a right-to-left page: the previous month on the right', async () => {
    // Both arrows are Bidi_Mirrored characters: on a right-to-left page the bidi algorithm turns them itself, so the
    // previous month's "‹" on the right shows as "›". A transform that turns them again would point them inward.
    const pointing: Record<string, 'left' | 'right'> = {};
    const reader = await browser.newPage();
    for (const dir of ['ltr', 'rtl']) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await openDemoPage(page, `${demo.url}/?dir=${dir}`);
      const picker = page.locator('#booking');
      // The grid with its days of free times, so nothing moves under the screenshots.
      await picker.locator('[part~="day"]:not([aria-disabled="true"])').first().waitFor();
      const buttons = picker.locator('[part~="month-button"]');
      const boxes = await Promise.all([0, 1].map(async (i) => (await buttons.nth(i).boundingBox())!));
      // Previous first in the markup: on the left in ltr, on the right in rtl.
      expect(boxes[0]!.x < boxes[1]!.x).toBe(dir === 'ltr');
      for (const [i, name] of ['previous', 'next'].entries()) {
        pointing[`${dir} ${name}`] = await arrowDirection(reader, await buttons.nth(i).screenshot());
      }
      await page.close();
    }
    await reader.close();
    expect(pointing).toEqual({
      'ltr previous': 'left',
      'ltr next': 'right',
      'rtl previous': 'right',
      'rtl next': 'left',
    });
  });
});
