// The README and docs/ never link outside the repository: whoever reads them (on npm, in an offline copy,
// in a security review) has only what ships. Every link or image must be a relative path to a file that
// exists in the repository; an address with a scheme, or a path that climbs out, is refused.
// `node scripts/check-doc-links.mjs` checks README.md and docs/*.md; test/server/doc-links.test.ts runs it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Markdown link targets outside code: `[t](x)`, `![a](x)`, `[id]: x`, `<scheme:x>`, `href="x"`, `src="x"`. */
const LINKS = [
  /!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+["'(][^)]*)?\)/g,
  /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm,
  /<([a-z][a-z0-9+.-]*:[^>\s]+)>/gi,
  /\b(?:href|src)\s*=\s*["']([^"']+)["']/gi,
];

/** The text without fenced code blocks and code spans (examples there are not links), lines kept. */
const withoutCode = (markdown) =>
  markdown
    .replace(/^( {0,3})(```|~~~)[^\n]*\n[\s\S]*?^\1\2[^\n]*$/gm, (block) => block.replace(/[^\n]/g, ' '))
    .replace(/(`+)[^`\n]*?\1/g, (span) => ' '.repeat(span.length));

/**
 * Links in `markdown` (the text of `file`, a path inside `root`) that leave the repository.
 * @returns {{ line: number, target: string, reason: string }[]}
 */
export function outsideLinks(markdown, file, root = ROOT) {
  const text = withoutCode(markdown);
  const problems = [];
  for (const pattern of LINKS) {
    for (const match of text.matchAll(pattern)) {
      const target = match[1];
      const line = text.slice(0, match.index).split('\n').length;
      const reason = checkTarget(target, file, root);
      if (reason) problems.push({ line, target, reason });
    }
  }
  return problems.sort((a, b) => a.line - b.line);
}

function checkTarget(target, file, root) {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//'))
    return 'an address outside the repository';
  const path = decodeURI(target.replace(/[?#].*$/, ''));
  if (path === '') return undefined; // an anchor in the same file
  const absolute = path.startsWith('/') ? join(root, path) : resolve(dirname(join(root, file)), path);
  const inside = relative(root, absolute);
  if (inside.startsWith('..') || resolve(root, inside) !== absolute) return 'a path outside the repository';
  if (!existsSync(absolute)) return 'no such file in the repository';
  return undefined;
}

/** README.md and every docs/*.md, as paths relative to the repository root. */
export const documentedFiles = (root = ROOT) => [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let count = 0;
  for (const file of documentedFiles()) {
    for (const { line, target, reason } of outsideLinks(readFileSync(join(ROOT, file), 'utf8'), file)) {
      console.error(`${file}:${line}: ${target}: ${reason}`);
      count += 1;
    }
  }
  if (count) process.exit(1);
  console.log('Documentation links stay inside the repository.');
}
