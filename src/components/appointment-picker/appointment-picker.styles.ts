import { css } from 'lit';

// Comments sit out here: inside the template they would ship in the bundle.
// Every control is at least 44 px high (WCAG 2.5.5). Logical properties only, so that right-to-left pages mirror.
// Nothing has a fixed width: from 320 px the grid's seven columns share the width and long words wrap anywhere.
// The chosen time is marked by colour and a thicker border, so that it shows in forced-colors mode too; its padding
// gives the border's extra width back, so that the label does not wrap. "12:55 PM" with its radio fits 6.6em: two
// times per row on a 360 px phone.
// Each sentence and heading takes its direction from its own words (unicode-bidi: plaintext): an English or German
// sentence on a right-to-left page keeps its full stop and colon at its end, on the right, instead of the page's
// side; it still aligns like the page (match-parent, which Chromium computes to `start` and so to the
// sentence's own side: -webkit-match-parent after it gives Chromium and WebKit the page's side). So does each zone
// option: a select cuts what does not fit at the line's end, which is then the zone name, not its city.
// The month buttons' arrows (‹ ›) are mirrored by the bidi algorithm itself on a right-to-left page (both are
// Bidi_Mirrored): no transform, which would turn them back inward. "Reserve this time" sticks to the bottom of the
// screen while its day's times scroll by: on a phone a long day puts it screens below the chosen time.
// The hold's form and the confirmation have their styles with them (booking-controller.ts). `.two-zones` is after
// `.times`, which it overrides.
export const styles = css`
  :host {
    --_accent: var(--appointment-picker-accent, var(--vc-color-primary, #0b5cad));
    --_on-accent: var(--appointment-picker-on-accent, var(--vc-color-on-primary, #fff));
    --_radius: var(--appointment-picker-radius, var(--vc-radius, 0.5rem));
    --_focus: var(--appointment-picker-focus-ring-color, var(--vc-color-focus, #0b5cad));
    --_muted: var(--appointment-picker-muted, var(--vc-color-disabled, #4b5563));
    --_danger: var(--vc-color-danger, #b3261e);
    display: block;
    max-inline-size: 100%;
    font-family: var(--vc-font-family, inherit);
    font-size: var(--vc-font-size, 1rem);
    line-height: 1.4;
    overflow-wrap: anywhere;
  }
  :host([hidden]) {
    display: none;
  }

  :where(p, h3, legend, option) {
    unicode-bidi: plaintext;
    text-align: match-parent;
    text-align: -webkit-match-parent;
  }
  [part~='base'] {
    display: flex;
    flex-direction: column;
    gap: 0.75em;
    min-inline-size: 0;
  }
  p,
  h3 {
    margin: 0;
  }
  h3 {
    font-size: 1.1em;
  }
  button,
  input,
  select {
    font: inherit;
    box-sizing: border-box;
    max-inline-size: 100%;
  }
  button,
  select {
    min-block-size: 44px;
  }
  button {
    cursor: pointer;
    padding: 0.4em 0.9em;
    border: 2px solid var(--_accent);
    border-radius: var(--_radius);
    background: #fff;
    color: var(--_accent);
    font-weight: 600;
  }
  [aria-busy='true'] {
    cursor: progress;
  }
  :focus-visible,
  td:focus {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  [part~='status']:empty {
    display: none;
  }
  .sr-only {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  [part~='error'] {
    color: var(--_danger);
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: 0.5em;
  }
  [part~='zone'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em;
  }
  select {
    min-inline-size: 0;
    flex: 1 1 12em;
  }
  [part~='skeleton'] span {
    display: block;
    block-size: 3em;
    margin-block: 0.5em;
    border-radius: var(--_radius);
    background: #e5e7eb;
  }
  fieldset {
    border: 0;
    padding: 0;
    margin: 0 0 1em;
    min-inline-size: 0;
  }
  legend {
    padding: 0;
    margin-block-end: 0.5em;
    font-weight: 600;
  }
  .times {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 6.6em), 1fr));
    gap: 0.5em;
  }
  .two-zones {
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 14em), 1fr));
  }
  [part~='time'] {
    display: flex;
    align-items: center;
    gap: 0.35em;
    min-block-size: 44px;
    padding: 0.25em 0.4em;
    border: 1px solid var(--_muted);
    border-radius: var(--_radius);
    cursor: pointer;
  }
  [part~='time']:has(input:checked) {
    border: 3px solid var(--_accent);
    padding: calc(0.25em - 2px) calc(0.4em - 2px);
    background: color-mix(in srgb, var(--_accent) 10%, #fff);
  }
  input[type='radio'] {
    accent-color: var(--_accent);
    inline-size: 1.2em;
    block-size: 1.2em;
    margin: 0;
    flex: none;
  }
  [part~='reserve'],
  [part~='all-times'] {
    margin-block-start: 0.75em;
  }
  [part~='reserve'] {
    position: sticky;
    inset-block-end: 0.5em;
    box-shadow:
      0 0 0 0.5em #fff,
      0 -0.25em 1em 0.5em rgb(0 0 0 / 0.2);
  }
  [part~='all-times'] {
    margin-inline-end: 0.75em;
  }
  [part~='clock-change'] {
    color: var(--_muted);
  }
  .month-head {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 0.5em;
  }
  [part~='month-button'] {
    min-inline-size: 44px;
    padding: 0;
  }
  table {
    inline-size: 100%;
    table-layout: fixed;
    border-spacing: 2px;
  }
  th {
    font-size: 0.85em;
    font-weight: 600;
    padding-block: 0.3em;
  }
  td {
    text-align: center;
    block-size: 44px;
    padding: 0;
    border-radius: var(--_radius);
    font-weight: 600;
  }
  td[data-day]:not([aria-disabled]) {
    cursor: pointer;
    background: color-mix(in srgb, var(--_accent) 10%, #fff);
  }
  td[aria-disabled='true'] {
    color: var(--_muted);
    font-weight: 400;
    cursor: default;
  }
  td[aria-current='date'] {
    text-decoration: underline;
  }
  [part~='reserve'],
  td[data-day][aria-selected='true'] {
    background: var(--_accent);
    color: var(--_on-accent);
  }
`;
