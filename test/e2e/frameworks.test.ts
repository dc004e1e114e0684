import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'vite';
import type { Browser, Page } from 'playwright-core';
import type { ReactNode } from 'react';
import { launchChromium } from '../support/browser.js';
import { startDemo, type DemoProcess } from '../support/demo-process.js';

// The framework demos (demo/react, demo/vue, demo/angular) built with their own Vite configs against the built package,
// served on the consult server's origin (as a portal and its consult server behind one host would be) and
// driven in Chromium: a clinician joins a sandbox visit, the framework's own event binding (`onvc-joined`,
// `@vc-joined`, `(vc-joined)`) receives `vc-joined`, and re-renders that re-apply the room's props leave the visit alone.
const FRAMEWORKS = ['react', 'vue', 'angular'] as const;
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

let demo: DemoProcess;
let browser: Browser;
const out = mkdtempSync(join(tmpdir(), 'vc-frameworks-'));
beforeAll(async () => {
  [demo, browser] = await Promise.all([
    startDemo(),
    launchChromium(),
    ...FRAMEWORKS.map((name) =>
      build({
        configFile: `demo/${name}/vite.config.ts`,
        mode: 'production',
        logLevel: 'warn',
        build: { outDir: join(out, name), emptyOutDir: true },
      }),
    ),
  ]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await demo?.stop();
  rmSync(out, { recursive: true, force: true });
});

/** Serves a built demo under `/<name>/` on the consult server's origin. */
const serve = (page: Page, name: string) =>
  page.route(`${demo.url}/${name}/**`, (route) => {
    const path = new URL(route.request().url()).pathname.slice(name.length + 2) || 'index.html';
    return route.fulfill({
      body: readFileSync(join(out, name, path)),
      contentType: TYPES[extname(path)] ?? 'application/octet-stream',
    });
  });

describe.each(FRAMEWORKS)('demo/%s in Chromium against a sandbox consult server', (name) => {
  it(
    'joins; the framework binding gets vc-joined; re-renders keep the visit',
    { timeout: 90_000 },
    async () => {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      await serve(page, name);
      await page.goto(`${demo.url}/${name}/index.html`);

      // The framework set the button's properties once the demo visit was booked.
      await page.waitForFunction(() => document.querySelector('call-join-button')?.appointment);
      await page.locator('call-join-button button').click();
      await page.locator('#room [part~="continue"]').click({ timeout: 15_000 });
      // Only the framework's own binding writes "Joined".
      await expect.poll(() => page.locator('#status').textContent(), { timeout: 20_000 }).toBe('Joined');
      const src = await page.locator('#room iframe').getAttribute('src');
      expect(src).toMatch(/^http:\/\/localhost:\d+\//);

      // Re-renders re-apply `src=""` and a new `allowed-origins` array: the visit stays framed.
      for (let i = 1; i <= 3; i++) {
        await page.locator('#rerender').click();
        await expect.poll(() => page.locator('h1').textContent()).toContain(`re-rendered ${i}×`);
      }
      expect(await page.locator('#room iframe').count()).toBe(1);
      expect(await page.locator('#room iframe').getAttribute('src')).toBe(src);
      expect(await page.locator('#status').textContent()).toBe('Joined');
      // No ticket in the markup, as attribute or anywhere else.
      expect(await page.locator('[ticket]').count()).toBe(0);
      expect(await page.content()).not.toMatch(/ticket=|eyJ/);
      expect(errors).toEqual([]);
      await page.close();
    },
  );
});

describe('demo/react/late.html: React renders before the elements are defined', () => {
  it('a ticket prop becomes an attribute that the upgrade removes unread; a ticket property is taken over', async () => {
    const page = await browser.newPage();
    const warnings: string[] = [];
    page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    await serve(page, 'react');
    await page.goto(`${demo.url}/react/late.html`);
    await page.waitForFunction(() => 'defined' in document.body.dataset);
    const state = await page.evaluate(() =>
      ['as-prop', 'as-property'].map((id) => {
        const el = document.getElementById(id) as HTMLElement & { ticket?: string };
        return { upgraded: el instanceof customElements.get('call-join-button')!, ticket: el.ticket ?? null };
      }),
    );
    expect(state).toEqual([
      { upgraded: true, ticket: null },
      { upgraded: true, ticket: 'demo-ticket-value' },
    ]);
    expect(await page.locator('[ticket]').count()).toBe(0);
    // The warning names the attribute, never its value.
    expect(warnings.some((w) => w.includes('ticket'))).toBe(true);
    expect(warnings.join('\n')).not.toContain('demo-ticket-value');
    await page.close();
  });
});

describe('demo/react rendered on the server (renderToString)', () => {
  it('renders the elements without a crash and without the ticket', async () => {
    // Through a variable: the root tsconfig has no JSX settings (demo/react has its own).
    const appModule = '../../demo/react/App.tsx';
    const { App } = (await import(/* @vite-ignore */ appModule)) as {
      App: (props: { server: string; appointment?: string; ticket?: string }) => ReactNode;
    };
    const { createElement } = await import('react');
    const { renderToString } = await import('react-dom/server');
    const ticket = 'eyJhbGciOiJFUzI1NiJ9.SECRET-TICKET.sig';
    const html = renderToString(
      createElement(App, { server: 'https://consult.example', appointment: 'A-1', ticket }),
    );
    expect(html).toContain('<call-join-button');
    expect(html).toContain('appointment="A-1"');
    expect(html).toContain('<video-consult-room');
    expect(html).not.toContain('SECRET-TICKET');
    expect(html).not.toMatch(/\bticket=/);
  });
});
