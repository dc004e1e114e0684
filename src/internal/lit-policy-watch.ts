import { ConsultErrorEvent } from '../events/error.js';
import { setupMessage } from './early-messages.js';
import { followDeclaredLocale } from './localization.js';

// Lit creates its Trusted Types policy `lit-html` when it is first evaluated. A page whose CSP lists other
// policy names in `trusted-types` (or already made a `lit-html` policy, without 'allow-duplicates') makes that
// throw, and every element of this package dies before it is defined: the patient would see an empty spot.
// This module is evaluated before Lit (each define.ts imports it first) and does not import Lit, so it can
// still tell the page, its team and the patient what happened.

const TAGS = ['call-join-button', 'video-consult-room'] as const;

/** Set by each define.ts once Lit and the element class have been evaluated. */
let started = false;

/** Called by define.ts after its element class (and so Lit) loaded: a later `lit-html` refusal is not ours. */
export const litStarted = (): void => {
  started = true;
};

const FIX =
  'video-consult-elements: the Content-Security-Policy refused Lit\'s Trusted Types policy "lit-html", so ' +
  `<${TAGS.join('> and <')}> cannot start. Add it to the trusted-types directive ("trusted-types lit-html"; ` +
  "add 'allow-duplicates' when the page's own code uses Lit too). See the README, Content Security Policy.";

/** Tells each of our elements on the page with `vc-error`, and the patient once, in the page's language. */
const report = async (): Promise<void> => {
  console.error(FIX);
  const pending = TAGS.filter((tag) => !customElements.get(tag)).join(',');
  const elements = pending ? [...document.querySelectorAll(pending)] : [];
  for (const [index, element] of elements.entries()) {
    await followDeclaredLocale(element, () => undefined);
    const code = 'csp-blocked';
    const message = setupMessage();
    // The elements never rendered: text in the first one's light DOM is all the patient can be shown (no
    // HTML sink); once is enough, the same sentence under the button and in the room would only alarm.
    if (index === 0) {
      const note = document.createElement('p');
      note.setAttribute('role', 'alert');
      note.dataset.vcCspBlocked = '';
      note.textContent = message;
      element.append(note);
    }
    element.dispatchEvent(new ConsultErrorEvent({ code, message }));
  }
};

const onViolation = (event: SecurityPolicyViolationEvent): void => {
  if (started || event.disposition !== 'enforce') return;
  if (event.effectiveDirective !== 'trusted-types' || event.sample !== 'lit-html') return;
  document.removeEventListener('securitypolicyviolation', onViolation);
  // The refusal happens while the script runs, often in <head>: report once the elements are parsed.
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => void report());
  else void report();
};

if (typeof document !== 'undefined') document.addEventListener('securitypolicyviolation', onViolation);
