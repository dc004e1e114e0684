// Benchmark: how long <appointment-picker> takes to render, in Chromium, with the built script tag
// (dist/video-consult.js, which loads dist/chunks/appointment-picker.js for the picker on the page).
// `npm run bench -- picker` runs this one alone; `node bench/picker.mjs` too, after a build.
//
// The page and the booking API are served by Playwright's routing (no server, no port): GET /v1/slots answers
// 2,000 slots (30 days, every 10 minutes from 07:00 to 18:00 UTC). Per run, in the page (performance.now()), with a
// forced style and layout after Lit's update, so that the figure is what the patient waits for:
//   month      list -> month layout: the month grid, with one day's ~66 times shown under it
//   list       month -> list layout: the first page of 10 days, each with its first 6 of ~66 times as radios (60)
//              and "Show all 66 times" (before the compact list: all ~660 radios)
//   baseline   the same 10 days of radios built as one HTML string (innerHTML) and laid out: what plain DOM costs
// Target (issue 12): one frame, <= 16 ms. Runs: RUNS (default 15), after 3 warm-up runs.
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../scripts/chromium.mjs';

const RUNS = Number(process.env.RUNS ?? 15);
const WARMUP = 3;
const ORIGIN = 'http://localhost:8922';

const slots = () => {
  const out = [];
  const first = Date.UTC(2030, 2, 6);
  for (let day = 0; day < 30; day++) {
    for (let minute = 7 * 60; minute < 18 * 60; minute += 10) {
      const start = first + day * 86_400_000 + minute * 60_000;
      out.push({
        start: new Date(start).toISOString(),
        end: new Date(start + 600_000).toISOString(),
        clinicians: [{ id: 'dr-a', free: 1 }],
      });
    }
  }
  return out;
};

const PAGE = `<!doctype html><html lang="en"><meta charset="utf-8"><body style="width:1024px">
<appointment-picker server="${ORIGIN}" service="derm" layout="month" timezone="Europe/Berlin" min-date="2030-03-06"></appointment-picker>
<div id="baseline"></div>
<script src="/video-consult.js"></script></body></html>`;

const stats = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const median = sorted.length % 2 ? sorted[Math.floor(mid)] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { min: sorted[0], median, max: sorted.at(-1) };
};

const browser = await chromium.launch({
  executablePath: chromiumPath(),
  headless: true,
  args: CHROMIUM_ARGS,
});
try {
  const page = await browser.newPage({ viewport: { width: 1024, height: 800 } });
  const data = slots();
  await page.route(`${ORIGIN}/**`, (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/') return route.fulfill({ contentType: 'text/html', body: PAGE });
    if (/^\/((chunks|locales)\/[\w-]+|video-consult)\.js$/.test(url.pathname)) {
      return route.fulfill({
        contentType: 'text/javascript',
        body: readFileSync(`dist${url.pathname}`, 'utf8'),
      });
    }
    if (url.pathname === '/v1/slots') {
      return route.fulfill({ json: { service: 'derm', zone: 'Europe/Berlin', slots: data } });
    }
    return route.fulfill({ status: 404 });
  });
  await page.goto(`${ORIGIN}/`);
  await page.waitForFunction(() =>
    document.querySelector('appointment-picker')?.shadowRoot?.querySelector('table'),
  );
  const slotCount = await page.evaluate(async () => {
    const el = document.querySelector('appointment-picker');
    // Show the first free day's times under the grid, as after a pick.
    el.shadowRoot.querySelector('td[data-day="2030-03-06"]').click();
    await el.updateComplete;
    return el.shadowRoot.querySelectorAll('input[type="radio"]').length;
  });

  const measured = await page.evaluate(
    async ({ runs, warmup }) => {
      const el = document.querySelector('appointment-picker');
      const layout = () => el.shadowRoot.firstElementChild.getBoundingClientRect().height;
      const time = async (change) => {
        const t0 = performance.now();
        change();
        await el.updateComplete;
        layout();
        return performance.now() - t0;
      };
      const base = document.getElementById('baseline');
      const out = { month: [], list: [], baseline: [], radios: 0 };
      for (let i = 0; i < runs + warmup; i++) {
        const list = await time(() => (el.layout = 'list'));
        const radios = el.shadowRoot.querySelectorAll('input[type="radio"]').length;
        const month = await time(() => (el.layout = 'month'));
        // Plain DOM: the same number of labelled radios in 10 fieldsets, from one HTML string.
        const perDay = Math.round(radios / 10);
        const html = Array.from(
          { length: 10 },
          (_, d) =>
            `<fieldset><legend><h3>Day ${d}</h3></legend>${Array.from(
              { length: perDay },
              (_, t) => `<label><input type="radio" name="d${d}" value="${t}"><bdi>${t}:00 AM</bdi></label>`,
            ).join('')}</fieldset>`,
        ).join('');
        const t0 = performance.now();
        base.innerHTML = html;
        base.getBoundingClientRect();
        const baseline = performance.now() - t0;
        base.innerHTML = '';
        if (i >= warmup) {
          out.list.push(list);
          out.month.push(month);
          out.baseline.push(baseline);
          out.radios = radios;
        }
      }
      return out;
    },
    { runs: RUNS, warmup: WARMUP },
  );

  console.log(
    `  ${data.length} slots; month view with one day's ${slotCount} times; list page of 10 days = ${measured.radios} radios; ${RUNS} runs`,
  );
  console.log(`  ${'ms'.padEnd(40)} ${['min', 'median', 'max'].map((s) => s.padStart(7)).join(' ')}`);
  const row = (label, values) => {
    const { min, median, max } = stats(values);
    console.log(`  ${label.padEnd(40)} ${[min, median, max].map((v) => v.toFixed(1).padStart(7)).join(' ')}`);
    return median;
  };
  const month = row('month grid (+ one day of times)', measured.month);
  const list = row('list page of 10 days', measured.list);
  const baseline = row('baseline: same radios as innerHTML', measured.baseline);
  console.log(
    `  list / baseline: ${(list / baseline).toFixed(2)}x; target one frame (16 ms): month ${month <= 16 ? 'ok' : 'over'}, list ${list <= 16 ? 'ok' : 'over'}`,
  );
} finally {
  await browser.close();
}
