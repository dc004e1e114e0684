import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// custom-elements.json as tools read it from the package: paths to shipped files, tag definitions, descriptions.
const root = new URL('../../', import.meta.url);
const json = (path: string) => JSON.parse(readFileSync(new URL(path, root), 'utf8')) as unknown;

interface Reference {
  name: string;
  module?: string;
}
interface Declaration {
  name: string;
  customElement?: boolean;
  tagName?: string;
  description?: string;
  summary?: string;
  attributes?: { name: string; fieldName?: string }[];
  members?: { kind: string; name: string; privacy?: string }[];
}
interface Module {
  path: string;
  declarations?: Declaration[];
  exports?: { kind: string; name: string; declaration: Reference }[];
}

const manifest = json('custom-elements.json') as { modules: Module[] };
const pkg = json('package.json') as {
  files: string[];
  exports: Record<string, string | Record<string, string>>;
};

/** Every `path` and `module` string anywhere in the manifest. */
const paths = (node: unknown): string[] => {
  if (Array.isArray(node)) return node.flatMap(paths);
  if (!node || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) =>
    (key === 'path' || key === 'module') && typeof value === 'string' ? [value] : paths(value),
  );
};

describe('custom-elements.json', () => {
  it('names only files the package ships (dist/esm, built from an existing source)', () => {
    expect(pkg.files).toContain('dist');
    const all = [...new Set(paths(manifest.modules))];
    expect(all.length).toBeGreaterThan(10);
    for (const path of all) {
      expect(path).toMatch(/^dist\/esm\/.+\.js$/);
      const source = path.replace(/^dist\/esm\/(.*)\.js$/, 'src/$1.ts');
      expect(existsSync(new URL(source, root)), `${path} is built from ${source}`).toBe(true);
    }
  });

  it('has a custom-element-definition for each element, in the module its package export loads', () => {
    const elements = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.customElement);
    expect(elements.map((d) => d.tagName).sort()).toEqual([
      'appointment-picker',
      'call-join-button',
      'video-consult-room',
    ]);
    for (const { tagName, name } of elements) {
      const defining = manifest.modules.filter((m) =>
        m.exports?.some((e) => e.kind === 'custom-element-definition' && e.name === tagName),
      );
      expect(defining, tagName).toHaveLength(1);
      const definition = defining[0]!.exports!.find((e) => e.name === tagName)!;
      expect(definition.declaration.name).toBe(name);
      const entry = pkg.exports[`./${tagName}`] as Record<string, string>;
      expect(entry.default).toBe(`./${defining[0]!.path}`);
    }
  });

  it('lists as attributes only public fields: internal state (`state: true`) is never one', () => {
    const elements = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.customElement);
    const picker = elements.find((d) => d.tagName === 'appointment-picker')!;
    expect(picker.attributes!.map((a) => a.name)).toEqual([
      'server',
      'service',
      'clinician',
      'ticket-url',
      'timezone',
      'first-day',
      'min-date',
      'max-date',
      'layout',
      'join-button',
      'appointment',
    ]);
    for (const d of elements) {
      for (const attribute of d.attributes ?? []) {
        const field = d.members?.find((m) => m.kind === 'field' && m.name === attribute.fieldName);
        expect(field?.privacy ?? 'public', `${d.tagName} ${attribute.name}`).toBe('public');
      }
    }
  });

  it('describes each element (description and summary)', () => {
    for (const d of manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.customElement)) {
      expect(d.description?.trim().length, d.name).toBeGreaterThan(80);
      expect(d.summary?.trim().length, d.name).toBeGreaterThan(20);
    }
  });
});

describe('IDE data (generated from the manifest)', () => {
  const tags = ['appointment-picker', 'call-join-button', 'video-consult-room'];

  it('JetBrains web-types, named by package.json, lists every element and no ticket attribute', () => {
    const { 'web-types': webTypes, files } = json('package.json') as { 'web-types': string; files: string[] };
    expect(files).toContain('ide');
    const types = json(webTypes) as {
      contributions: { html: { elements: { name: string; attributes: { name: string }[] }[] } };
    };
    const elements = types.contributions.html.elements;
    expect(elements.map((e) => e.name).sort()).toEqual(tags);
    expect(elements.flatMap((e) => e.attributes.map((a) => a.name))).not.toContain('ticket');
  });

  it('VS Code custom data lists every element with their descriptions', () => {
    const data = json('ide/vscode.html-custom-data.json') as {
      tags: { name: string; description: string }[];
    };
    expect(data.tags.map((t) => t.name).sort()).toEqual(tags);
    for (const tag of data.tags) expect(tag.description.length).toBeGreaterThan(80);
  });
});
