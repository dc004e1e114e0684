// Both packages as npm would publish them: `npm pack` each into a scratch directory, then
// - publint (strict: warnings fail) on the tarball: exports, files, fields;
// - @arethetypeswrong/cli on the tarball, profile `esm-only`: both are ESM only ("type": "module", no
//   `require` condition), so node10 and CommonJS resolution are out of scope; everything else must be typed;
// - LICENSE, README.md, repository, homepage, bugs and keywords are there;
// - every relative link in the shipped README.md and docs/*.md resolves to a shipped file;
// - every shipped source map carries its sources (`sourcesContent`): the sources themselves are not shipped;
// - every package a shipped module imports is one of its dependencies (node: built-ins aside), and the
//   elements depend on lit, @lit/localize and @lit/task only.
// `npm test` runs it after the build (it packs dist/ and packages/server/).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { documentedFiles, outsideLinks } from './check-doc-links.mjs';

/** The two packages: where `npm pack` runs, and the dependencies each may have (undefined: any). */
export const PACKAGES = [
  { dir: '.', dependencies: ['@lit/localize', '@lit/task', 'lit'] },
  { dir: 'packages/server', dependencies: undefined },
];

const bin = (name) => resolve('node_modules', '.bin', name);
const run = (cmd, args, options = {}) => spawnSync(cmd, args, { stdio: 'inherit', ...options }).status === 0;

/** `npm pack` of the package in `dir` into `destination`; the tarball's path. */
export function pack(dir, destination) {
  const packed = spawnSync('npm', ['pack', '--silent', '--pack-destination', resolve(destination)], {
    cwd: dir,
    encoding: 'utf8',
  });
  if (packed.status !== 0) throw new Error(`npm pack in ${dir} failed: ${packed.stderr}`);
  return join(destination, packed.stdout.trim().split('\n').pop());
}

/**
 * Package names a module imports: `import … from '…'` and `export … from '…'` statements, side-effect
 * `import '…'` and `import('…')` (also in declaration files), relative and node: ones aside.
 */
const importedPackages = (code) =>
  [
    ...code.matchAll(
      /^(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']|^import\s*["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/gm,
    ),
  ]
    .map((match) => match[1] ?? match[2] ?? match[3])
    .filter((spec) => !spec.startsWith('.') && !spec.startsWith('node:'))
    .map((spec) =>
      spec
        .split('/')
        .slice(0, spec.startsWith('@') ? 2 : 1)
        .join('/'),
    );

/** What is wrong with the unpacked package in `shipped`, as messages. */
function problems(shipped, allowed) {
  const found = [];
  const manifest = JSON.parse(readFileSync(join(shipped, 'package.json'), 'utf8'));
  const files = readdirSync(shipped, { recursive: true }).map(String);
  for (const file of ['LICENSE', 'README.md'])
    if (!existsSync(join(shipped, file))) found.push(`${file} is not shipped`);
  for (const field of ['repository', 'homepage', 'bugs', 'keywords', 'license', 'description'])
    if (!manifest[field]) found.push(`package.json has no ${field}`);
  const dependencies = Object.keys(manifest.dependencies ?? {});
  if (allowed && dependencies.join() !== [...allowed].sort().join())
    found.push(`dependencies are ${dependencies.join(', ')}; only ${allowed.join(', ')} are allowed`);

  for (const file of documentedFiles(shipped).filter((f) => existsSync(join(shipped, f))))
    for (const { line, target, reason } of outsideLinks(
      readFileSync(join(shipped, file), 'utf8'),
      file,
      shipped,
    ))
      found.push(
        `${file}:${line}: ${target}: ${reason === 'no such file in the repository' ? 'not shipped' : reason}`,
      );

  for (const file of files.filter((name) => name.endsWith('.map'))) {
    const map = JSON.parse(readFileSync(join(shipped, file), 'utf8'));
    if (map.sourcesContent?.length !== map.sources.length || map.sourcesContent.some((text) => text == null))
      found.push(`${file}: source map without sourcesContent (its sources are not shipped)`);
  }

  const declared = new Set([manifest.name, ...dependencies, ...Object.keys(manifest.peerDependencies ?? {})]);
  for (const file of files.filter((name) => /\.(m?js|d\.ts)$/.test(name)))
    for (const name of new Set(importedPackages(readFileSync(join(shipped, file), 'utf8'))))
      if (!declared.has(name)) found.push(`${file} imports ${name}, which is not a dependency`);
  return found;
}

const main = () => {
  const scratch = mkdtempSync(join(tmpdir(), 'vc-pack-'));
  let ok = true;
  try {
    for (const { dir, dependencies } of PACKAGES) {
      const tarball = pack(dir, scratch);
      console.log(`\n=== ${tarball.split('/').pop()}`);
      ok = run(bin('publint'), ['run', tarball, '--strict']) && ok;
      ok =
        run(bin('attw'), [tarball, '--profile', 'esm-only', '--no-emoji', '--format', 'table-flipped']) && ok;
      const unpacked = join(scratch, dir === '.' ? 'elements' : 'server');
      mkdirSync(unpacked);
      run('tar', ['-xzf', tarball, '-C', unpacked]);
      const found = problems(join(unpacked, 'package'), dependencies);
      for (const message of found) console.error(message);
      ok = found.length === 0 && ok;
    }
    if (ok)
      console.log(
        'Both packed packages pass publint and attw, ship LICENSE and README, link only to shipped docs, carry their ' +
          'sources in their maps and import only their dependencies.',
      );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  process.exit(ok ? 0 : 1);
};

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) main();
