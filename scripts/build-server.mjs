// `npm run build:server`: the `video-consult-server` package in packages/server/ (an npm workspace).
// - tsc -p tsconfig.server.json compiles src/server/ and the protocol modules it imports into
//   packages/server/dist/{server,protocol}/ (source maps carry their sources);
// - the demo (`video-consult-server --demo`) serves the pretend hospital page and the script-tag files of
//   the elements: they are copied from demo/ and dist/ (run after `build:iife`) to the same relative paths
//   under packages/server/, so that one package has all it serves;
// - the README, docs/ and LICENSE are the repository's (the README's "The consult server" part is the server's
//   manual; its links and the docs' stay relative and resolve inside the package), copied with the example
//   configuration.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const out = 'packages/server';
rmSync(join(out, 'dist'), { recursive: true, force: true });
for (const dir of ['demo', 'docs']) rmSync(join(out, dir), { recursive: true, force: true });

const tsc = spawnSync(join('node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.server.json'], {
  stdio: 'inherit',
});
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

// The script-tag files with their source maps (which carry their sources), as `vite build` wrote them.
// The first file, the chunks it imports beside itself, and the languages.
const scripts = ['video-consult.js', 'video-consult.js.map'].filter((file) => existsSync(`dist/${file}`));
const beside = (dir) =>
  existsSync(`dist/${dir}`) ? readdirSync(`dist/${dir}`).map((file) => `dist/${dir}/${file}`) : [];
const copies = [
  'demo/index.html',
  ...scripts.map((file) => `dist/${file}`),
  ...beside('chunks'),
  ...beside('locales'),
  'README.md',
  'LICENSE',
  'consult.config.example.json',
  ...readdirSync('docs').map((file) => `docs/${file}`),
];
for (const path of copies) {
  if (!existsSync(path)) {
    console.error(`build-server: ${path} is missing (run npm run build:iife first)`);
    process.exit(1);
  }
  mkdirSync(join(out, path, '..'), { recursive: true });
  cpSync(path, join(out, path), { recursive: true }); // docs/img is a folder
}
if (!copies.some((path) => path.startsWith('dist/locales/'))) {
  console.error('build-server: dist/locales/ is missing (run npm run build:iife first)');
  process.exit(1);
}
