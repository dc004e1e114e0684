import { msg } from '@lit/localize';

// The messages the script tag's first file shows by itself, before (or without) the chunk with the rest
// (error-messages.ts, which uses these same functions): a page that cannot start the visit (a chunk or Lit's
// Trusted Types policy refused), and a language that could not be loaded.

/** A page set up so that the visit cannot start (the console, or the page's team, has the fix). */
export const setupMessage = () =>
  msg('The video visit cannot be started from this page. Please contact your care team.');

/** The elements keep working in the language they have; the page's team fixes the locales/ folder. */
export const localeMessage = () => msg('The video visit could not be shown in the language of this page.');
