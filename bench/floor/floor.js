// The floor of our first file: what the fixed stack costs before any feature. Lit and @lit/localize (runtime
// mode, configured like src/internal/localization.ts), three elements with one localized template each, and a
// language loaded on demand (left out of the bytes, like ours). `bench/bytes.mjs` bundles it the same way as the
// embeds it compares, so that "ours minus floor" is what our features cost.
import { configureLocalization, msg, str, updateWhenLocaleChanges } from '@lit/localize';
import { defineThree } from './floor-base.js';

configureLocalization({
  sourceLocale: 'en',
  targetLocales: ['de'],
  loadLocale: () => import('./floor-de.js'),
});
defineThree((name) => msg(str`Join ${name}`), updateWhenLocaleChanges);
