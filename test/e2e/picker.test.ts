import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { openDemoPage, startDemo, type DemoProcess } from '../support/demo-process.js';

let demo: DemoProcess;
let browser: Browser;
beforeAll(async () => {
  [demo, browser] = await Promise.all([startDemo(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

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
});
