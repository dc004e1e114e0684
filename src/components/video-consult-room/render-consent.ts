import { html } from 'lit';
import { msg } from '@lit/localize';
import { button, panel, type View } from './view.js';

/** The consent question: the page's text (slot `consent`) or a plain default, and two equal answers. */
export const consentView = (answer: (accepted: boolean) => void): View => ({
  panel: panel(
    'consent',
    msg('Before your visit'),
    html`<slot name="consent">
      <p>
        ${msg(
          'Your visit takes place by video. Please find a quiet, private place. Do you agree to have this visit by video?',
        )}
      </p>
    </slot>`,
  ),
  actions: html`${button('agree', msg('I agree'), () => answer(true))}
  ${button('decline', msg('I do not agree'), () => answer(false), true)}`,
});

/** After "I do not agree": no pressure, and a way back to the question. */
export const declinedView = (back: () => void): View => ({
  text: msg('You did not agree, so the visit will not start. You can go back and read the question again.'),
  actions: button('back', msg('Back'), back),
});
