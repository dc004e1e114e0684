import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { transformAsync } from '@babel/core';
import linker from '@angular/compiler-cli/linker/babel';
import { defineConfig, type Plugin } from 'vite';
import { selfImport } from '../vite-self-import.js';

const here = import.meta.dirname;
const tsconfig = join(here, 'tsconfig.json');
const compiled = join(here, JSON.parse(readFileSync(tsconfig, 'utf8')).compilerOptions.outDir);

/**
 * Angular's own ahead-of-time compiler (`ngc` of @angular/compiler-cli, with strict template type checking)
 * compiles the app; Vite bundles its output, and Angular's linker finishes Angular's own packages (shipped
 * partially compiled). The lightest working path here: no Angular CLI, no builder.
 */
function angularCompiler(): Plugin {
  return {
    name: 'ngc',
    async buildStart() {
      const ngc = join(here, '../../node_modules/@angular/compiler-cli/bundles/src/bin/ngc.js');
      await promisify(execFile)(process.execPath, [ngc, '-p', tsconfig]).catch((e: { stdout: string }) => {
        throw new Error(`ngc failed:\n${e.stdout}`);
      });
    },
    async transform(code, id) {
      if (!id.includes('/node_modules/@angular/') || !code.includes('\u0275\u0275ngDeclare')) return null;
      const linked = await transformAsync(code, {
        filename: id,
        plugins: [linker],
        configFile: false,
        babelrc: false,
        compact: false,
      });
      return linked?.code ?? null;
    },
    load(id) {
      if (!id.startsWith(here) || !id.endsWith('.ts')) return null;
      return readFileSync(join(compiled, basename(id).replace(/\.ts$/, '.js')), 'utf8');
    },
  };
}

export default defineConfig({
  root: here,
  base: './',
  plugins: [selfImport(), angularCompiler()],
  // What the Angular CLI sets for a production build.
  define: { ngDevMode: 'false', ngJitMode: 'false', ngI18nClosureMode: 'false' },
});
