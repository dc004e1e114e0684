// Three elements that each render one button, for bench/bytes.mjs's floor: `label` makes the button's text,
// `init` runs in each element's constructor.
import { LitElement, css, html } from 'lit';

export const defineThree = (label, init = () => undefined) => {
  class Floor extends LitElement {
    static styles = css`
      :host {
        display: block;
      }
    `;
    static properties = { name: {} };

    constructor() {
      super();
      this.name = '';
      init(this);
    }

    render() {
      return html`<button part="button">${label(this.name)}</button>`;
    }
  }
  for (const tag of ['floor-join-button', 'floor-room', 'floor-picker'])
    customElements.define(tag, class extends Floor {});
};
