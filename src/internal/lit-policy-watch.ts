import { ConsultErrorEvent } from '../events/error.js';
import { setupMessage } from './early-messages.js';
import { followDeclaredLocale } from './localization.js';

// Lit creates its Trusted Types policy `lit-html` when it is first evaluated. A page whose CSP lists other
// policy names in `trusted-types` (or already made a `lit-html` policy, without 'allow-duplicates') makes that
// throw, and every element of this package dies before it is defined: the patient would see an empty spot.
// This module is evaluated before Lit (each define.ts imports it first) and does not import Lit, so it can
// still tell the page, its team and the patient what happened.

/** Set by each define.ts once Lit and the element class have been evaluated. */
let started = false;

/** Called by define.ts after its element class (and so Lit) loaded: a later `lit-html` refusal is not ours. */
export const litStarted = (): void => {
  started = true;
};

/**
 * The report (csp-report.ts: the console's fix, `vc-error` on each element, a note for the patient) is a chunk of
 * its own, loaded by the script's loader (evaluated before Lit); it gets what it needs from here, evaluated before
 * Lit too.
 */
const report = (): Promise<void> =>
  import('./csp-report.js').then(
    ({ report: run }) =>
      run({ follow: followDeclaredLocale, message: setupMessage, ErrorEvent: ConsultErrorEvent }),
    (error: unknown) =>
      console.error('video-consult-elements: the CSP refused Lit\'s Trusted Types policy "lit-html".', error),
  );

const onViolation = (event: SecurityPolicyViolationEvent): void => {
  if (started || event.disposition !== 'enforce') return;
  if (event.effectiveDirective !== 'trusted-types' || event.sample !== 'lit-html') return;
  document.removeEventListener('securitypolicyviolation', onViolation);
  // The refusal happens while the script runs, often in <head>: report once the elements are parsed.
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => void report());
  else void report();
};

if (typeof document !== 'undefined') document.addEventListener('securitypolicyviolation', onViolation);
