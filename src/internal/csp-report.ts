import type { ConsultErrorEvent } from '../events/error.js';
import type { followDeclaredLocale } from './localization.js';

// What lit-policy-watch.ts does once a Content-Security-Policy refused Lit's Trusted Types policy: in the script
// tag's build a chunk of its own (chunks/csp-report.js), since no other page downloads it. Lit threw inside the
// first file by then, so the first file's code after Lit never ran: this module imports nothing of it, and gets
// what it needs (evaluated before Lit) from the watch.

/** What the watch hands over: the locale switch, the patient's sentence, the event class. */
export interface ReportTools {
  follow: typeof followDeclaredLocale;
  message: () => string;
  ErrorEvent: typeof ConsultErrorEvent;
}

const TAGS = ['call-join-button', 'video-consult-room'] as const;

const FIX =
  'video-consult-elements: the Content-Security-Policy refused Lit\'s Trusted Types policy "lit-html", so ' +
  `<${TAGS.join('> and <')}> cannot start. Add it to the trusted-types directive ("trusted-types lit-html"; ` +
  "add 'allow-duplicates' when the page's own code uses Lit too). See the README, Content Security Policy.";

/** Tells each of our elements on the page with `vc-error`, and the patient once, in the page's language. */
export const report = async ({ follow, message: text, ErrorEvent }: ReportTools): Promise<void> => {
  console.error(FIX);
  const pending = TAGS.filter((tag) => !customElements.get(tag)).join(',');
  const elements = pending ? [...document.querySelectorAll(pending)] : [];
  for (const [index, element] of elements.entries()) {
    await follow(element, () => undefined);
    const code = 'csp-blocked';
    const message = text();
    // The elements never rendered: text in the first one's light DOM is all the patient can be shown (no
    // HTML sink); once is enough, the same sentence under the button and in the room would only alarm.
    if (index === 0) {
      const note = document.createElement('p');
      note.setAttribute('role', 'alert');
      note.dataset.vcCspBlocked = '';
      note.textContent = message;
      element.append(note);
    }
    element.dispatchEvent(new ErrorEvent({ code, message }));
  }
};
