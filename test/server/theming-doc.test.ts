import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TRANSITIONS } from '../../src/components/call-join-button/join-states.js';

// docs/theming.md names every part, custom property, global token and custom state the elements have.
const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const doc = read('docs/theming.md');
const manifest = JSON.parse(read('custom-elements.json')) as {
  modules: {
    declarations?: {
      customElement?: boolean;
      tagName?: string;
      cssParts?: { name: string }[];
      cssProperties?: { name: string }[];
    }[];
  }[];
};
const section = (tag: string) =>
  doc.slice(doc.indexOf(`## \`<${tag}>\``), doc.indexOf('\n## ', doc.indexOf(`## \`<${tag}>\``) + 1));

describe('docs/theming.md', () => {
  it('lists every part and custom property of each element, in its section', () => {
    for (const d of manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.customElement)) {
      const text = section(d.tagName!);
      for (const { name } of [...(d.cssParts ?? []), ...(d.cssProperties ?? [])]) {
        expect(text, `${d.tagName}: ${name}`).toContain(`| \`${name}\``);
      }
    }
  });

  it('lists every global --vc-* token the styles read', () => {
    const styles = [
      'appointment-picker/appointment-picker',
      'call-join-button/call-join-button',
      'video-consult-room/video-consult-room',
    ]
      .map((name) => read(`src/components/${name}.styles.ts`))
      .join('\n');
    const tokens = [...new Set(styles.match(/--vc-[a-z-]+/g))];
    expect(tokens.length).toBeGreaterThanOrEqual(13);
    for (const token of tokens) expect(doc, token).toContain(`| \`${token}\``);
  });

  it("lists every state of the button's join", () => {
    const states = new Set(Object.keys(TRANSITIONS));
    for (const targets of Object.values(TRANSITIONS)) {
      for (const next of Object.values(targets ?? {})) if (next) states.add((next as { to: string }).to);
    }
    const row = doc.split('\n').find((line) => line.startsWith('| `<call-join-button>`'))!;
    for (const state of states) expect(row, state).toContain(`\`${state}\``);
  });
});
