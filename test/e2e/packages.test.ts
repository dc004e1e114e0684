// The two packages as a user gets them: `npm pack` both, install each tarball into its own scratch project,
// then check the browser package's install (no native module, no install script; its package count and
// size are printed) and start the server package's CLI the way its README says (`npx video-consult-server
// --demo`). The server's scratch install reuses this repository's better-sqlite3 build (see
// scripts/packed-install.mjs); everything else is a real `npm install` from the npm cache.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installInto, measureInstall, megabytes, packBoth } from '../../scripts/packed-install.mjs';

const INSTALL_MS = 240_000;
let packed: ReturnType<typeof packBoth>;

beforeAll(() => {
  packed = packBoth();
}, INSTALL_MS);
afterAll(() => rmSync(packed.dir, { recursive: true, force: true }));

/** Node evaluates `code` (an ES module) in `project`, as that project's code would. */
const nodeIn = (project: string, code: string) =>
  spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: project, encoding: 'utf8' });

/** The first port of 9500-9599 (this suite's range) that nothing listens on. */
async function portInRange(): Promise<number> {
  for (let port = 9500; port < 9600; port += 1) {
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error('no free port in 9500-9599');
}

describe('video-consult-elements, installed from its tarball', () => {
  it(
    'brings no native module and no install script, only lit and its own packages',
    () => {
      const { project } = installInto(packed.dir, 'elements', [packed.elements]);
      const install = measureInstall(project);
      console.log(
        `video-consult-elements install: ${install.packages} packages, ${megabytes(install.bytes)} MB on disk`,
      );
      expect(install.native).toEqual([]);
      expect(install.installScripts).toEqual([]);
      expect(install.packages).toBeLessThan(15);

      // The protocol entry point loads in Node without the schema library.
      const loaded = nodeIn(
        project,
        "const p = await import('video-consult-elements/protocol'); console.log(p.isJoinResponse({}), 'JoinRequestSchema' in p)",
      );
      expect(loaded.stderr).toBe('');
      expect(loaded.stdout.trim()).toBe('false false');
    },
    INSTALL_MS,
  );
});

describe('video-consult-server, installed from its tarball', () => {
  it(
    '`npx video-consult-server --demo` starts and serves the demo, then stops on SIGTERM',
    async () => {
      const { project } = installInto(packed.dir, 'server', [packed.server], { reuseNative: true });
      const install = measureInstall(project);
      console.log(
        `video-consult-server install: ${install.packages} packages, ${megabytes(install.bytes)} MB on disk (native module reused)`,
      );
      expect(install.installScripts).toEqual(['node_modules/better-sqlite3']);

      const schemas = nodeIn(
        project,
        "const p = await import('video-consult-server/protocol'); console.log(typeof p.JoinRequestSchema, typeof p.isJoinResponse)",
      );
      expect(schemas.stdout.trim()).toBe('object function');

      const port = await portInRange();
      const dataDir = mkdtempSync(join(tmpdir(), 'vc-packed-demo-'));
      // Its own process group, so that SIGTERM reaches the server behind npx.
      const child = spawn(
        'npx',
        ['video-consult-server', '--demo', '--port', String(port), '--data-dir', dataDir],
        {
          cwd: project,
          detached: true,
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      const output: string[] = [];
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      try {
        await new Promise<void>((resolve, reject) => {
          child.stdout!.on('data', (chunk: Buffer) => {
            output.push(String(chunk));
            if (output.join('').includes('Demo ready')) resolve();
          });
          child.stderr!.on('data', (chunk: Buffer) => output.push(String(chunk)));
          void exited.then((code) => reject(new Error(`exited with ${code}:\n${output.join('')}`)));
        });
        const base = `http://localhost:${port}`;
        const health = await fetch(`${base}/healthz`);
        expect(health.status).toBe(200);
        expect(await health.json()).toEqual({ status: 'ok' });
        const page = await fetch(`${base}/`);
        expect(page.status).toBe(200);
        expect(await page.text()).toContain('<call-join-button');
        for (const script of [
          '/video-consult.js',
          '/chunks/room-flow.js',
          '/chunks/appointment-picker.js',
          '/locales/de.js',
        ])
          expect((await fetch(`${base}${script}`)).status, script).toBe(200);
      } finally {
        if (child.exitCode === null) process.kill(-child.pid!, 'SIGTERM');
        await exited;
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    INSTALL_MS,
  );
});
