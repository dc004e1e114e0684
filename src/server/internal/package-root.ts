import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Packages whose root holds what the demo serves (`demo/index.html`, `dist/video-consult.js`, …). */
const ROOTS = new Set(['video-consult-server', 'video-consult-elements']);

/**
 * The package's root folder: `video-consult-server`'s when this runs built (`packages/server/dist/` or an
 * installed package), the repository's (`video-consult-elements`) when it runs from `src/` (tsx).
 */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && ROOTS.has(JSON.parse(readFileSync(manifest, 'utf8')).name)) {
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package root of video-consult-server not found');
    dir = parent;
  }
}
