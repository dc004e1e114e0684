// Fails when custom-elements.json is not what `npm run analyze` would write from the sources now.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as prettier from 'prettier';

// cem resolves --outdir against the working directory even when it is absolute: use a folder here.
const dir = mkdtempSync('.cem-check-');
try {
  execFileSync(
    process.execPath,
    [
      'node_modules/@custom-elements-manifest/analyzer/cem.js',
      'analyze',
      '--quiet',
      '--outdir',
      relative('.', dir),
    ],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const options = {
    ...(await prettier.resolveConfig('custom-elements.json')),
    filepath: 'custom-elements.json',
  };
  const fresh = await prettier.format(readFileSync(join(dir, 'custom-elements.json'), 'utf8'), options);
  const committed = readFileSync('custom-elements.json', 'utf8');
  if (fresh !== committed) {
    // Say where, so a failure in CI can be understood without re-running it.
    const a = committed.split('\n');
    const b = fresh.split('\n');
    const at = a.findIndex((line, i) => line !== b[i]);
    console.error('custom-elements.json is stale: run `npm run analyze` and commit the result.');
    console.error(
      `first difference at line ${at + 1}:\n  committed: ${a[at]?.trim()}\n  fresh:     ${b[at]?.trim()}`,
    );
    process.exit(1);
  }
  console.log('custom-elements.json is up to date.');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
