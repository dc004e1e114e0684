import { html, nothing, type TemplateResult } from 'lit';

type Content = TemplateResult | typeof nothing;

/** What one state of the room shows: a panel, a line for the live region, its buttons, and what comes after them. */
export interface View {
  panel?: Content;
  text?: string;
  actions?: Content;
  /** Below the buttons: detail that would push them off a phone's screen (the steps that unblock the camera). */
  after?: Content;
}

/** A button of the room; `secondary` ones are outlined. `name` becomes its part next to `button`. */
export const button = (name: string, label: string, onClick: () => void, secondary = false) =>
  html`<button part="button ${name}" class=${secondary ? 'alt' : ''} type="button" @click=${onClick}>
    ${label}
  </button>`;

/** A titled panel (`part="panel <name>"`). */
export const panel = (name: string, title: string, body: Content = nothing) =>
  html`<section part="panel ${name}" aria-labelledby="title">
    <h2 id="title" tabindex="-1">${title}</h2>
    ${body}
  </section>`;
