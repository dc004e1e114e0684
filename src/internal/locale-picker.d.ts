// The picker's strings of one language, split from src/locales/<lang>.ts by scripts/vite-locale-split.mjs (the
// script tag's build only).
declare module 'vc-locale-picker:*' {
  import type { LocaleModule } from '@lit/localize';
  export const templates: LocaleModule['templates'];
}
