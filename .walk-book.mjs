import { chromium } from 'playwright-core';
const [lang = 'en', dir = 'ltr', width = '360', height = '740'] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox','--disable-gpu','--disable-quic','--no-first-run','--disable-background-networking','--disable-component-update','--disable-sync','--use-fake-ui-for-media-stream','--use-fake-device-for-media-stream'] });
const page = await browser.newPage({ viewport: { width: +width, height: +height } });
const errors = [];
page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text()); });
page.on('pageerror', (e) => errors.push(String(e)));
await page.route('http://localhost:8840/', async (route) => {
  const res = await route.fetch();
  const body = (await res.text()).replace('<html lang="en">', `<html lang="${lang}" dir="${dir}">`);
  await route.fulfill({ response: res, body });
});
await page.goto('http://localhost:8840/');
const tag = `${lang}-${dir}-${width}`;
const picker = page.locator('appointment-picker');
await picker.scrollIntoViewIfNeeded();
await page.waitForFunction(() => document.querySelector('appointment-picker')?.shadowRoot?.querySelector('input[type=radio], [part~="day"]:not([aria-disabled="true"])'), null, { timeout: 20000 });
await picker.screenshot({ path: `/work/shots/final/${tag}-0-first.png` });
if (!(await picker.locator('input[type=radio]').count())) {
  await picker.locator('[part~="day"]:not([aria-disabled="true"])').first().click();
  await page.waitForFunction(() => document.querySelector('appointment-picker')?.shadowRoot?.querySelector('input[type=radio]'), null, { timeout: 20000 });
}
await picker.screenshot({ path: `/work/shots/final/${tag}-1-times.png` });
const radio = picker.locator('input[type=radio]').first();
await radio.check();
await picker.getByRole('button', { name: /reserve|reservieren|halten/i }).first().click();
await page.waitForFunction(() => document.querySelector('appointment-picker')?.shadowRoot?.querySelector('#field-name'), null, { timeout: 20000 });
await picker.screenshot({ path: `/work/shots/final/${tag}-2-hold.png` });
await picker.locator('#field-name').fill('Erika Mustermann');
await picker.locator('#field-email').fill('erika@example.org');
await picker.locator('form button[type=submit], button[part~="book"]').first().click();
await page.waitForFunction(() => document.querySelector('appointment-picker')?.shadowRoot?.querySelector('call-join-button'), null, { timeout: 20000 });
await page.waitForTimeout(500);
await picker.screenshot({ path: `/work/shots/final/${tag}-3-booked.png` });
const text = await picker.evaluate((el) => el.shadowRoot.textContent.replace(/\s+/g, ' ').trim());
console.log(tag, 'booked text:', text.slice(0, 400));
console.log(tag, 'errors:', errors);
await browser.close();
