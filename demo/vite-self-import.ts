// The framework demos import the package by its name, as an app does after `npm install video-consult-elements`.
// Inside this repository there is no node_modules/video-consult-elements: this resolves those imports through
// package.json's `exports` (the `default` condition, i.e. the built dist/esm/ files), so the demos build against
// exactly what the package ships. An app of your own needs none of this.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as {
  name: string;
  exports: Record<string, string | { default?: string }>;
};

export function selfImport(): Plugin {
  return {
    name: 'video-consult-elements-self-import',
    enforce: 'pre',
    resolveId(id) {
      if (id !== pkg.name && !id.startsWith(`${pkg.name}/`)) return null;
      const entry = pkg.exports[`.${id.slice(pkg.name.length)}`];
      const target = typeof entry === 'string' ? entry : entry?.default;
      if (!target) throw new Error(`${id} is not in package.json's exports`);
      return `${root}${target.slice(2)}`;
    },
  };
}
