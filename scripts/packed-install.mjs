// Installs the packed packages into scratch projects, as a user would (`npm install <tarball>`), and
// measures what the install brought: test/e2e/packages.test.ts checks it, `npm run bench -- install` times it.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PACKAGES, pack } from './check-package.mjs';

/** A scratch folder with both packages packed into it: `{ dir, elements, server }` (tarball paths). */
export function packBoth() {
  const dir = mkdtempSync(join(tmpdir(), 'vc-packed-'));
  const [elements, server] = PACKAGES.map((pkg) => pack(pkg.dir, dir));
  return { dir, elements, server };
}

/**
 * A new project in `parent`/`name` with `tarballs` installed from the npm cache where it can
 * (`--prefer-offline`), install scripts run. With `reuseNative`, install scripts do not run: better-sqlite3
 * (the one dependency with one) gets the native module this repository's own install built, when it is the same
 * version (same Node, so the same ABI), else `npm rebuild` compiles it. That saves the minutes of compiling
 * SQLite: no prebuilt binary can be downloaded here, so a real install compiles it.
 * @returns {{ project: string, ms: number }}
 */
export function installInto(parent, name, tarballs, { reuseNative = false } = {}) {
  const project = join(parent, name);
  mkdirSync(project, { recursive: true });
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: `scratch-${name}`, private: true, allowScripts: { 'better-sqlite3': true } }),
  );
  const npm = (args) => {
    const result = spawnSync('npm', args, { cwd: project, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`npm ${args[0]} in ${project} failed:\n${result.stderr}`);
  };
  const started = performance.now();
  npm([
    'install',
    '--no-audit',
    '--no-fund',
    '--prefer-offline',
    ...(reuseNative ? ['--ignore-scripts'] : []),
    ...tarballs.map((t) => resolve(t)),
  ]);
  const sqlite = join(project, 'node_modules', 'better-sqlite3');
  if (reuseNative && existsSync(sqlite)) {
    const ours = resolve('node_modules', 'better-sqlite3');
    const version = (dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
    const built = join(ours, 'build', 'Release', 'better_sqlite3.node');
    if (existsSync(built) && version(ours) === version(sqlite)) {
      mkdirSync(join(sqlite, 'build', 'Release'), { recursive: true });
      cpSync(built, join(sqlite, 'build', 'Release', 'better_sqlite3.node'));
    } else npm(['rebuild', 'better-sqlite3']);
  }
  return { project, ms: performance.now() - started };
}

const walk = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? walk(path) : entry.isFile() ? [path] : [];
  });

/**
 * What an install in `project` holds: its packages (from the lockfile), their size on disk, the packages
 * with install scripts and the native files (`binding.gyp`, `*.node`) under node_modules.
 */
export function measureInstall(project) {
  const lock = JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8'));
  const packages = Object.entries(lock.packages).filter(([path]) => path.startsWith('node_modules/'));
  const nodeModules = join(project, 'node_modules');
  const files = existsSync(nodeModules) ? walk(nodeModules) : [];
  return {
    packages: packages.length,
    bytes: files.reduce((sum, file) => sum + statSync(file).size, 0),
    installScripts: packages.filter(([, info]) => info.hasInstallScript).map(([path]) => path),
    native: files
      .filter((file) => file.endsWith('.node') || file.endsWith('/binding.gyp'))
      .map((file) => file.slice(nodeModules.length + 1)),
  };
}

export const megabytes = (bytes) => (bytes / 1024 / 1024).toFixed(1);
