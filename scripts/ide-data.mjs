// IDE data generated from custom-elements.json with the maintained generators: VS Code custom data (HTML and
// CSS) and JetBrains web-types, into ide/ (shipped; package.json names web-types.json under `web-types`).
// `npm run analyze` runs it after the analyzer; `node scripts/check-manifest.mjs` checks that ide/ is fresh.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateVsCodeCustomElementData } from 'custom-element-vs-code-integration';
import { generateJetBrainsWebTypes } from 'custom-element-jet-brains-integration';

/** Writes the IDE data of `manifest` (default: custom-elements.json) into `outdir`. */
export function writeIdeData(
  outdir = 'ide',
  manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8')),
) {
  generateVsCodeCustomElementData(manifest, {
    outdir,
    htmlFileName: 'vscode.html-custom-data.json',
    cssFileName: 'vscode.css-custom-data.json',
    hideLogs: true,
  });
  generateJetBrainsWebTypes(manifest, {
    outdir,
    webTypesFileName: 'web-types.json',
    hideLogs: true,
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  writeIdeData(process.argv[2]);
