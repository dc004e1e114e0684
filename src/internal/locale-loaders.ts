import type { LocaleModule } from '@lit/localize';
import type { targetLocales } from '../locales/locale-codes.js';

export type TargetLocale = (typeof targetLocales)[number];

// One static specifier per locale: tsc's ESM output keeps them as lazy imports, so a bundler splits each
// language into its own chunk. Typed by `targetLocales`, so a locale added to lit-localize.json does not
// type-check until it has a loader here. In the script tag's build each is a file in locales/ beside the
// script, which src/internal/chunk-loader.ts finds.
export const loaders: Record<TargetLocale, () => Promise<LocaleModule>> = {
  de: () => import('../locales/de.js'),
  fr: () => import('../locales/fr.js'),
  it: () => import('../locales/it.js'),
  nl: () => import('../locales/nl.js'),
};

/**
 * The picker's strings, where they are a file of their own: only in the script tag's build
 * (locale-loaders-script.ts, which vite.config.ts puts in this module's place). Here each language module
 * holds them all, so there is nothing to wait for.
 */
export const loadPickerStrings = (): Promise<unknown> => Promise.resolve();
