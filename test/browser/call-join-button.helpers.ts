import { aTimeout, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/components/call-join-button/define.js';
import type { CallJoinButton } from '../../src/components/call-join-button/call-join-button.js';
import { SERVER, part } from './support.js';

export const button = (el: CallJoinButton) => part<HTMLButtonElement>(el, '[part~="button"]')!;

/** The button's text as drawn: a slot counts with what is assigned to it, or its fallback when nothing is. */
export const label = (el: CallJoinButton) =>
  [...button(el).childNodes]
    .flatMap((node) => (node instanceof HTMLSlotElement ? node.assignedNodes({ flatten: true }) : [node]))
    .filter((node) => node.nodeType !== Node.COMMENT_NODE)
    .map((node) => node.textContent)
    .join('')
    .trim();
export const statusText = (el: CallJoinButton) => part(el, '[part~="status"]')!.textContent!.trim();
export const alertText = (el: CallJoinButton) => part(el, '[role="alert"] p')?.textContent?.trim();

/** A button for appointment `appt-1` holding ticket `ticket-1`. */
export const joinButton = () =>
  fixture<CallJoinButton>(
    html`<call-join-button server=${SERVER} appointment="appt-1" .ticket=${'ticket-1'}></call-join-button>`,
  );

/** Waits until the flow has settled and the element has rendered its final state. */
export const settled = async (el: CallJoinButton) => {
  // The events fire from inside the flow; its state changes a few microtasks later.
  await aTimeout(0);
  await el.updateComplete;
};

/** Clicks and waits for the flow to end in `vc-join-ready` or `vc-error`. */
export const clickAndSettle = async (el: CallJoinButton) => {
  const outcome = Promise.race([oneEvent(el, 'vc-join-ready'), oneEvent(el, 'vc-error')]);
  button(el).click();
  const event = await outcome;
  await settled(el);
  return event;
};
