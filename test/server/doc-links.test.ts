import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain .mjs script, also run on its own (`node scripts/check-doc-links.mjs`)
import { documentedFiles, outsideLinks } from '../../scripts/check-doc-links.mjs';

type Problem = { line: number; target: string; reason: string };
const check = outsideLinks as (markdown: string, file: string) => Problem[];

describe('documentation links', () => {
  it('refuses links that leave the repository, and ignores examples in code', () => {
    const markdown = [
      'See [the design](../shared/DESIGN.md) and [vendor docs](https://vendor.example/api).',
      'Fine: [providers](docs/providers.md#errors), [here](#layout), ![logo](<docs/missing.png>).',
      '`[not a link](https://in.code.example)` and <https://autolink.example>.',
      '```html',
      '<script src="https://your-cdn.example/video-consult.js"></script>',
      '```',
      '[ref]: //cdn.example/x',
      '<a href="/package.json">manifest</a>',
    ].join('\n');
    expect(check(markdown, 'README.md')).toEqual([
      { line: 1, target: '../shared/DESIGN.md', reason: 'a path outside the repository' },
      { line: 1, target: 'https://vendor.example/api', reason: 'an address outside the repository' },
      { line: 2, target: 'docs/missing.png', reason: 'no such file in the repository' },
      { line: 3, target: 'https://autolink.example', reason: 'an address outside the repository' },
      { line: 7, target: '//cdn.example/x', reason: 'an address outside the repository' },
    ]);
  });

  it('README.md and docs/*.md link only to files in the repository', () => {
    const files = (documentedFiles as () => string[])();
    expect(files).toContain('docs/architecture.md');
    const problems = files.flatMap((file) =>
      check(readFileSync(file, 'utf8'), file).map((p) => `${file}:${p.line}: ${p.target} (${p.reason})`),
    );
    expect(problems).toEqual([]);
  });
});
