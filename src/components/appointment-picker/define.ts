// First, so that it is evaluated before Lit: it reports a CSP that refuses Lit's Trusted Types policy.
import { litStarted } from '../../internal/lit-policy-watch.js';
import { AppointmentPicker } from './appointment-picker.js';

// A page may load the package twice (the picker's script next to the ESM build): a second `define` would throw.
if (!customElements.get('appointment-picker')) customElements.define('appointment-picker', AppointmentPicker);
litStarted();

export { AppointmentPicker };

// The event classes, and with them their `addEventListener` typings, for apps that import only this entry.
export type * from '../../events/index.js';

declare global {
  interface HTMLElementTagNameMap {
    'appointment-picker': AppointmentPicker;
  }
}
