import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's root folder, whether this runs from `src/` (tsx) or `dist/esm/` (built). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      JSON.parse(readFileSync(manifest, 'utf8')).name === 'video-consult-elements'
    ) {
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package root of video-consult-elements not found');
    dir = parent;
  }
}
