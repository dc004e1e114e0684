import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scriptFiles, sri } from '../../scripts/integrity.mjs';

// The build's Subresource Integrity hashes (npm run build: scripts/integrity.mjs) and the README's script tag. No
// hash is written here: the test recomputes them from the built files and checks the README's against them.
const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root));
const pkg = JSON.parse(read('package.json').toString()) as Record<string, unknown> & { version: string };

describe('Subresource Integrity of the script-tag files', () => {
  const integrity = JSON.parse(read('dist/integrity.json').toString()) as Record<string, string>;

  it('dist/integrity.json names every script-tag file with the sha384 of its bytes', () => {
    const files = scriptFiles();
    expect(files).toContain('video-consult.js');
    expect(files.filter((name) => name.startsWith('locales/')).length).toBeGreaterThanOrEqual(4);
    expect(Object.keys(integrity).sort()).toEqual(files);
    for (const name of files) {
      expect(integrity[name], name).toBe(sri(read(`dist/${name}`)));
      expect(integrity[name]).toMatch(/^sha384-[A-Za-z0-9+/]{64}$/);
    }
  });

  it("the README's script tag pins this version and carries integrity and crossorigin", () => {
    const readme = read('README.md').toString();
    const tag = /<script\s+src="([^"]+)"\s+integrity="([^"]+)"\s+crossorigin="([^"]+)"\s*>/.exec(readme);
    expect(tag, 'a <script src integrity crossorigin> tag').not.toBeNull();
    const [, src, hash, crossorigin] = tag!;
    expect(src).toBe(
      `https://cdn.jsdelivr.net/npm/video-consult-elements@${pkg.version}/dist/video-consult.js`,
    );
    // The hash of this version's first file as built from this tree: a snippet copied from the README works with
    // the files it names. A change to the file changes it: `node scripts/integrity.mjs --readme` writes it.
    expect(hash, 'README.md: run npm run build && node scripts/integrity.mjs --readme').toBe(
      integrity['video-consult.js'],
    );
    expect(crossorigin).toBe('anonymous');
  });

  it('the CDN fields point at the script-tag file', () => {
    expect(pkg.jsdelivr).toBe('./dist/video-consult.js');
    expect(pkg.unpkg).toBe('./dist/video-consult.js');
    expect(read('dist/video-consult.js').length).toBeGreaterThan(0);
  });
});
