import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// A consumer app in a folder of its own, with the package installed under its name (a link to this
// repository, i.e. the built dist/esm/ typings and ide/), compiled strictly (no skipLibCheck) with only the
// imports the README gives. Good files must compile clean; each bad file must fail where it is wrong.
const run = promisify(execFile);
const repo = resolve('.');
const app = mkdtempSync(join(tmpdir(), 'vc-types-'));

const COMPILER_OPTIONS = {
  target: 'ES2022',
  module: 'ESNext',
  moduleResolution: 'bundler',
  lib: ['ES2023', 'DOM', 'DOM.Iterable'],
  strict: true,
  types: [],
  noEmit: true,
  skipLibCheck: false,
};

const FILES: Record<string, string> = {
  // Only the button, as in the README: its events and the room's are typed (the `define` entry brings them).
  'src/button-only.ts': `import 'video-consult-elements/call-join-button';

const button = document.querySelector('call-join-button')!;
button.ticketUrl = '/portal/consult-ticket';
button.addEventListener('vc-join-ready', (e) => console.log(e.detail.expiresAt, e.detail.provider));
document.addEventListener('vc-error', (e) => console.warn(e.detail.code, e.detail.message));
document.addEventListener('vc-joined', (e) => console.log(e.detail.roomId));
document.addEventListener('vc-precheck-complete', (e) => console.log(e.detail.camera));
document.addEventListener('vc-consent', (e) => console.log(e.detail.accepted));
`,
  'src/App.tsx': `import type {} from 'video-consult-elements/react';
import 'video-consult-elements/call-join-button';
import 'video-consult-elements/video-consult-room';
import { useState } from 'react';

export function App({ server }: { server: string }) {
  const [joined, setJoined] = useState<string>();
  return (
    <>
      <call-join-button server={server} appointment="A-1" join-role="patient" ticket-url="/t" target="room"
        disabled={false} onvc-join-ready={(e) => console.log(e.detail.expiresAt)}
        onvc-error={(e) => console.warn(e.detail.code)} />
      <video-consult-room id="room" consent onvc-joined={(e) => setJoined(e.detail.roomId ?? 'joined')} />
      <p>{joined}</p>
    </>
  );
}
`,
  'src/bad-props.tsx': `import type {} from 'video-consult-elements/react';

export const Bad = () => <call-join-button disabled="yes" />;
`,
  'src/bad-detail.ts': `import 'video-consult-elements/video-consult-room';

document.addEventListener('vc-joined', (e) => console.log(e.detail.url));
`,
  'vue/elements.d.ts': `import type {} from 'video-consult-elements/vue';
`,
  'vue/shims.d.ts': `declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent;
  export default component;
}
`,
  'vue/App.vue': `<script setup lang="ts">
import 'video-consult-elements/call-join-button';
import 'video-consult-elements/video-consult-room';
import { ref } from 'vue';

defineProps<{ server: string }>();
const joined = ref<string>();
</script>

<template>
  <call-join-button :server="server" appointment="A-1" join-role="patient" :disabled="false" target="room"
    @vc-error="(e) => console.warn(e.detail.code)" />
  <video-consult-room id="room" consent @vc-joined="(e) => (joined = e.detail.roomId ?? 'joined')" />
  <p>{{ joined }}</p>
</template>
`,
  'vue/Bad.vue': `<template>
  <call-join-button :disabled="7" />
  <video-consult-room @vc-joined="(e) => console.log(e.detail.url)" />
</template>
`,
};

/** Runs a compiler in `cwd` and returns its error lines as `file: TSxxxx`. */
async function errors(bin: string, args: string[], cwd = app): Promise<string[]> {
  const { stdout } = await run(join(repo, 'node_modules/.bin', bin), args, { cwd }).catch(
    (e: { stdout: string }) => e,
  );
  return [...stdout.matchAll(/^(\S+?)\(\d+,\d+\): error (TS\d+)/gm)].map(
    ([, file, code]) => `${file}: ${code}`,
  );
}

beforeAll(() => {
  mkdirSync(join(app, 'node_modules'));
  // The app's dependencies: this repository's own (react, vue, lit, …) and the package itself.
  for (const name of readdirSync(join(repo, 'node_modules')))
    symlinkSync(join(repo, 'node_modules', name), join(app, 'node_modules', name));
  symlinkSync(repo, join(app, 'node_modules/video-consult-elements'));
  for (const [path, text] of Object.entries(FILES)) {
    mkdirSync(join(app, path, '..'), { recursive: true });
    writeFileSync(join(app, path), text);
  }
  const tsconfig = (extra: object) => JSON.stringify({ compilerOptions: COMPILER_OPTIONS, ...extra });
  writeFileSync(
    join(app, 'tsconfig.json'),
    tsconfig({ compilerOptions: { ...COMPILER_OPTIONS, jsx: 'react-jsx' }, include: ['src'] }),
  );
  // The button's entry on its own: in one program with the other files, their imports would bring the events.
  writeFileSync(join(app, 'tsconfig.button.json'), tsconfig({ files: ['src/button-only.ts'] }));
  writeFileSync(
    join(app, 'vue/tsconfig.json'),
    tsconfig({
      compilerOptions: { ...COMPILER_OPTIONS, jsx: 'preserve' },
      vueCompilerOptions: { strictTemplates: true },
      include: ['*.ts', '*.vue'],
    }),
  );
});
afterAll(() => rmSync(app, { recursive: true, force: true }));

describe('typings for a consumer app (tsc, vue-tsc; strict, no skipLibCheck)', () => {
  it("with only the button's entry, its events and the room's are typed", { timeout: 120_000 }, async () => {
    expect(await errors('tsc', ['-p', 'tsconfig.button.json'])).toEqual([]);
  });

  it(
    'TypeScript and React 19: only the bad files fail, each where it is wrong',
    { timeout: 120_000 },
    async () => {
      expect(await errors('tsc', ['-p', '.'])).toEqual([
        // `e.detail` of vc-joined is RoomLifecycleDetail (no url): typed, not any.
        'src/bad-detail.ts: TS2339',
        // `disabled` is a boolean.
        'src/bad-props.tsx: TS2322',
      ]);
    },
  );

  it('Vue (strict templates): only Bad.vue fails, on both lines', { timeout: 120_000 }, async () => {
    expect(await errors('vue-tsc', ['-p', 'vue'])).toEqual(['vue/Bad.vue: TS2322', 'vue/Bad.vue: TS2339']);
  });

  it('the framework demos compile', { timeout: 120_000 }, async () => {
    expect(await errors('tsc', ['-p', 'demo/react'], repo)).toEqual([]);
    expect(await errors('vue-tsc', ['-p', 'demo/vue'], repo)).toEqual([]);
  });
});
