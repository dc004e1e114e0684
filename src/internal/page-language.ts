import { LANGUAGE_TAG, type TextDirection } from '../protocol/page-language.js';
import { declaredLanguage } from './localization.js';

/**
 * The language and direction of the page around `element`, for the join request: a room page the server builds
 * then speaks them too. Only what the server's schema takes (a well-formed tag, `rtl` when it is), so that an odd
 * `lang` on the page never costs the patient the join.
 */
export const pageLanguage = (element: Element): { lang?: string; dir?: TextDirection } => {
  const lang = declaredLanguage(element).trim();
  const rtl = getComputedStyle(element).direction === 'rtl';
  return {
    ...(lang.length <= 35 && LANGUAGE_TAG.test(lang) && { lang }),
    ...(rtl && { dir: 'rtl' as const }),
  };
};
