import { CallJoinButton } from './call-join-button.js';

// A page may load the package twice (two widgets, or the bundle next to the ESM build): the second
// `define` would throw and take the rest of that script with it.
if (!customElements.get('call-join-button')) customElements.define('call-join-button', CallJoinButton);

export { CallJoinButton };

declare global {
  interface HTMLElementTagNameMap {
    'call-join-button': CallJoinButton;
  }
}
