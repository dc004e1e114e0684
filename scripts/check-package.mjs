// The package as npm would publish it: `npm pack` into a scratch directory, then
// - publint (strict: warnings fail) on the tarball: exports, files, fields;
// - @arethetypeswrong/cli on the tarball, profile `esm-only`: the package is ESM only ("type": "module", no
//   `require` condition), so node10 and CommonJS resolution are out of scope; everything else must be typed;
// - every relative link in the shipped README.md and docs/*.md resolves to a shipped file;
// - every shipped source map carries its sources (`sourcesContent`): the sources themselves are not shipped.
// `npm test` runs it after the build (it packs dist/).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { documentedFiles, outsideLinks } from './check-doc-links.mjs';

const bin = (name) => join('node_modules', '.bin', name);
const run = (cmd, args, options = {}) => {
  const result = spawnSync(cmd, args, { stdio: 'inherit', ...options });
  return result.status === 0;
};

const scratch = mkdtempSync(join(tmpdir(), 'vc-pack-'));
let ok = true;
try {
  const packed = spawnSync('npm', ['pack', '--silent', '--pack-destination', scratch], { encoding: 'utf8' });
  if (packed.status !== 0) throw new Error(`npm pack failed: ${packed.stderr}`);
  const tarball = join(scratch, packed.stdout.trim().split('\n').pop());

  ok = run(bin('publint'), ['run', tarball, '--strict']) && ok;
  ok = run(bin('attw'), [tarball, '--profile', 'esm-only', '--no-emoji', '--format', 'table-flipped']) && ok;

  run('tar', ['-xzf', tarball, '-C', scratch]);
  const shipped = join(scratch, 'package');
  for (const file of documentedFiles(shipped)) {
    for (const { line, target, reason } of outsideLinks(
      readFileSync(join(shipped, file), 'utf8'),
      file,
      shipped,
    )) {
      console.error(
        `${file}:${line}: ${target}: ${reason === 'no such file in the repository' ? 'not shipped' : reason}`,
      );
      ok = false;
    }
  }
  for (const file of readdirSync(shipped, { recursive: true }).filter((name) => name.endsWith('.map'))) {
    const map = JSON.parse(readFileSync(join(shipped, file), 'utf8'));
    if (
      map.sourcesContent?.length !== map.sources.length ||
      map.sourcesContent.some((text) => text == null)
    ) {
      console.error(`${file}: source map without sourcesContent (its sources are not shipped)`);
      ok = false;
    }
  }
  if (ok)
    console.log(
      'The packed package passes publint and attw, its docs link only to shipped files, its maps carry their sources.',
    );
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(ok ? 0 : 1);
