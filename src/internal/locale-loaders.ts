import type { LocaleModule } from '@lit/localize';
import type { targetLocales } from '../locales/locale-codes.js';

export type TargetLocale = (typeof targetLocales)[number];

// One static specifier per locale: tsc's ESM output keeps them as lazy imports, so a bundler splits each
// language into its own chunk. Typed by `targetLocales`, so a locale added to lit-localize.json does not
// type-check until it has a loader here. The script-tag bundle swaps this module for
// `locale-loaders-script.ts` (vite.config.ts), which loads the same modules as files beside the script.
export const loaders: Record<TargetLocale, () => Promise<LocaleModule>> = {
  de: () => import('../locales/de.js'),
  fr: () => import('../locales/fr.js'),
  it: () => import('../locales/it.js'),
  nl: () => import('../locales/nl.js'),
};
