// First, so that it is evaluated before Lit: it reports a CSP that refuses Lit's Trusted Types policy.
import { litStarted } from '../../internal/lit-policy-watch.js';
import { CallJoinButton } from './call-join-button.js';

// A page may load the package twice (two widgets, or the bundle next to the ESM build): the second
// `define` would throw and take the rest of that script with it.
if (!customElements.get('call-join-button')) customElements.define('call-join-button', CallJoinButton);
litStarted();

export { CallJoinButton };

// The event classes, and with them their `addEventListener` typings, for apps that import only this entry.
export type * from '../../events/index.js';

declare global {
  interface HTMLElementTagNameMap {
    'call-join-button': CallJoinButton;
  }
}
