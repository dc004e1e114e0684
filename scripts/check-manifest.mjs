// Fails when custom-elements.json, or what is generated from it (the IDE data in ide/, the element reference
// docs/elements.md), is not what `npm run analyze` would write from the sources now.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as prettier from 'prettier';
import { ELEMENT_DOCS, formattedElementDocs } from './element-docs.mjs';
import { writeIdeData } from './ide-data.mjs';

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
  const manifest = readFileSync(join(dir, 'custom-elements.json'), 'utf8');
  const ide = join(dir, 'ide');
  writeIdeData(ide, JSON.parse(manifest));
  const fresh = [
    ['custom-elements.json', manifest],
    ...readdirSync(ide).map((name) => [`ide/${name}`, readFileSync(join(ide, name), 'utf8')]),
    [ELEMENT_DOCS, await formattedElementDocs(JSON.parse(manifest))],
  ];
  const stale = [];
  for (const [file, text] of fresh) {
    const options = { ...(await prettier.resolveConfig(file)), filepath: file };
    const formatted = await prettier.format(text, options);
    let committed = '';
    try {
      committed = readFileSync(file, 'utf8');
    } catch {
      // missing: stale
    }
    if (formatted === committed) continue;
    // Say where, so a failure in CI can be understood without re-running it.
    const a = committed.split('\n');
    const b = formatted.split('\n');
    const at = a.findIndex((line, i) => line !== b[i]);
    stale.push(
      `${file}: first difference at line ${at + 1}:\n  committed: ${a[at]?.trim()}\n  fresh:     ${b[at]?.trim()}`,
    );
  }
  if (stale.length) {
    console.error(
      'The manifest, the IDE data or docs/elements.md is stale: run `npm run analyze` and commit the result.',
    );
    for (const line of stale) console.error(line);
    process.exitCode = 1; // not exit(): the scratch folder goes first
  } else {
    console.log('custom-elements.json, ide/ and docs/elements.md are up to date.');
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
