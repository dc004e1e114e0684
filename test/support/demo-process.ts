import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });

export interface DemoProcess {
  url: string;
  output: string[];
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts the built CLI (`packages/server/dist/server/cli.js --demo`) on a free port with a fresh data dir. */
export async function startDemo(env: Record<string, string> = {}): Promise<DemoProcess> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'vc-demo-'));
  const child = spawn(
    process.execPath,
    ['packages/server/dist/server/cli.js', '--demo', '--port', String(port), '--data-dir', dataDir],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } },
  );
  const output: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`demo did not start:\n${output.join('')}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output.push(String(chunk));
      if (output.join('').includes('Demo ready')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => output.push(String(c)));
    child.once('exit', (code) => reject(new Error(`demo exited with ${code}:\n${output.join('')}`)));
  });
  return {
    url: `http://localhost:${port}`,
    output,
    child,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Opens the demo page and waits until the page has booked its visit and handed the buttons their
 * appointment: before that a press is a join without an appointment (seen on a busy machine).
 */
export async function openDemoPage(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() =>
    [...document.querySelectorAll('call-join-button')].every(
      (b) => (b as HTMLElement & { appointment?: string }).appointment,
    ),
  );
}

/**
 * The clinician starts the visit, then the patient goes through check-in and consent into it.
 * `joined` waits for `vc-joined` from the given room element, in the calling test's own way.
 */
export async function bothIntoVisit(page: Page, joined: (room: string) => Promise<unknown>): Promise<void> {
  await page.locator('#clinician-join button').click();
  await page.locator('#clinician-room [part~="continue"]').click({ timeout: 15_000 });
  await joined('clinician-room');
  await page.locator('#patient-join button').click();
  await page.locator('#patient-room [part~="continue"]').click({ timeout: 15_000 });
  await page.locator('#patient-room [part~="agree"]').click();
  await joined('patient-room');
}
