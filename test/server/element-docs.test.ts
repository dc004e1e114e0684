import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain .mjs script, also run on its own (`node scripts/element-docs.mjs`)
import { ELEMENT_DOCS, formattedElementDocs } from '../../scripts/element-docs.mjs';

// docs/elements.md is generated from custom-elements.json: it must be what the script writes from the committed
// manifest (scripts/check-manifest.mjs checks the manifest itself against the sources), and name everything.
const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8')) as {
  modules: {
    declarations?: {
      customElement?: boolean;
      tagName?: string;
      attributes?: { name: string }[];
      events?: { name: string }[];
      members?: { kind: string; name: string; privacy?: string; static?: boolean }[];
    }[];
  }[];
};
const doc = readFileSync(ELEMENT_DOCS as string, 'utf8');
const generate = formattedElementDocs as (m: typeof manifest) => Promise<string>;

describe('docs/elements.md', () => {
  it('is what scripts/element-docs.mjs writes from custom-elements.json (run `npm run analyze`)', async () => {
    expect(doc).toBe(await generate(manifest));
  });

  it("names every element's attributes, public methods and events, in its section", () => {
    const elements = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.customElement);
    expect(elements).toHaveLength(3);
    for (const d of elements) {
      const start = doc.indexOf(`## \`<${d.tagName}>\``);
      expect(start, d.tagName).toBeGreaterThan(0);
      const end = doc.indexOf('\n## ', start + 1);
      const section = doc.slice(start, end === -1 ? undefined : end);
      const methods = (d.members ?? []).filter((m) => m.kind === 'method' && !m.privacy && !m.static);
      const names = [
        ...(d.attributes ?? []).map((a) => `| \`${a.name}\``),
        ...(d.events ?? []).map((e) => `| \`${e.name}\``),
        ...methods.map((m) => `| \`${m.name}(`),
      ];
      expect(names.length).toBeGreaterThan(5);
      for (const name of names) expect(section, `${d.tagName}: ${name}`).toContain(name);
    }
  });

  it('goes stale when the manifest changes', async () => {
    const changed = structuredClone(manifest);
    const button = changed.modules
      .flatMap((m) => m.declarations ?? [])
      .find((d) => d.tagName === 'call-join-button')!;
    button.events!.push({ name: 'vc-something-new' });
    expect(await generate(changed)).not.toBe(doc);
  });
});

describe('examples in README.md and docs/*.md', () => {
  const GLOBAL = new Set(['id', 'class', 'slot', 'style', 'hidden', 'lang', 'dir', 'ref', 'key']);
  const attributes = new Map(
    manifest.modules
      .flatMap((m) => m.declarations ?? [])
      .filter((d) => d.customElement)
      .map((d) => [d.tagName!, new Set((d.attributes ?? []).map((a) => a.name))]),
  );
  const properties = new Map(
    manifest.modules
      .flatMap((m) => m.declarations ?? [])
      .filter((d) => d.customElement)
      .map((d) => [d.tagName!, new Set((d.members ?? []).map((m) => m.name))]),
  );

  it('use only attributes (and framework property bindings) the elements have', () => {
    const files = [
      'README.md',
      ...['getting-started', 'security', 'theming', 'booking', 'lifecycle'].map((f) => `docs/${f}.md`),
    ];
    const problems: string[] = [];
    let seen = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const [, tag, body] of text.matchAll(
        /<(call-join-button|video-consult-room|appointment-picker)(\s[^>]*?)?\/?>/g,
      )) {
        // Values go first (quoted, or a `{…}` expression with one level of nested braces).
        const names = (body ?? '')
          .replace(/"[^"]*"|'[^']*'/g, '')
          .replace(/\{(?:[^{}]|\{[^{}]*\})*\}/g, (expression, offset, all) =>
            all[offset - 1] === '=' ? '' : expression,
          );
        for (const [, raw] of names.matchAll(/(?:^|\s)([^\s=/>]+)(?==|\s|$)/g)) {
          const name = raw!;
          // Events (React/Svelte `on…`, Vue `@…`, Angular `(…)`) and spreads are not attributes.
          if (/^(on|@|\(|\{)/.test(name) || GLOBAL.has(name)) continue;
          seen += 1;
          // Vue `:x` and Angular `[attr.x]` bind attributes; Angular `[x]` binds the property `x`.
          const attribute = /^:(.+)$/.exec(name)?.[1] ?? /^\[attr\.(.+)\]$/.exec(name)?.[1];
          const property = /^\[([^.\]]+)\]$/.exec(name)?.[1];
          const known = property
            ? properties.get(tag!)!.has(property)
            : attributes.get(tag!)!.has(attribute ?? name);
          if (!known) problems.push(`${file}: <${tag}> ${name}`);
        }
      }
    }
    expect(seen).toBeGreaterThan(30);
    expect(problems).toEqual([]);
  });
});
