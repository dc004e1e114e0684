import { css } from 'lit';

// Comments sit out here: inside the template they would ship in the bundle.
// The button that cannot be used is greyed out with colours, not opacity: a faded button fell to 2.6:1 against the
// page, below the 3:1 a control needs to be seen. Text is 6.6:1 on the grey, the border 7.5:1 on white.
// The button's side padding is 0.75em: with more, "Videosprechstunde" no longer fits a 360 px phone and broke
// mid-word; where a word still does not fit, phones hyphenate (lang from the page), else it wraps anywhere.
// Each sentence and heading takes its direction from its own words (unicode-bidi: plaintext): an English or German
// sentence on a right-to-left page keeps its full stop and colon at its end, on the right, instead of the page's
// side; it still aligns like the page (match-parent, which Chromium computes to `start` and so to the
// sentence's own side: -webkit-match-parent after it gives Chromium and WebKit the page's side).
export const styles = css`
  :host {
    --_bg: var(--call-join-button-background, var(--vc-color-primary, #0b5cad));
    --_fg: var(--call-join-button-color, var(--vc-color-on-primary, #fff));
    --_radius: var(--call-join-button-radius, var(--vc-radius, 0.5rem));
    --_focus: var(--call-join-button-focus-ring-color, var(--vc-color-focus, #0b5cad));
    --_danger: var(--vc-color-danger, #b3261e);
    --_disabled-bg: var(--call-join-button-disabled-background, var(--vc-color-disabled-surface, #eef0f3));
    --_disabled-fg: var(--call-join-button-disabled-color, var(--vc-color-disabled, #4b5563));
    display: inline-block;
    max-inline-size: 100%;
    font-family: var(--vc-font-family, inherit);
    font-size: var(--call-join-button-font-size, var(--vc-font-size, 1.125rem));
    line-height: 1.4;
  }

  :host([hidden]) {
    display: none;
  }

  :where(p, h2, h3, legend) {
    unicode-bidi: plaintext;
    text-align: match-parent;
    text-align: -webkit-match-parent;
  }

  [part~='base'] {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: 0.5em;
  }

  button {
    font: inherit;
    cursor: pointer;
  }

  [part~='button'] {
    /* 44 px minimum touch target (WCAG 2.5.5), whatever the font size */
    min-block-size: max(2.75rem, 44px);
    padding: 0.5em 0.75em;
    /* a transparent border becomes visible in forced-colors mode */
    border: 2px solid transparent;
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_fg);
    font-weight: 600;
    hyphens: auto;
    overflow-wrap: anywhere;
  }

  [part~='button'][aria-busy='true'] {
    cursor: progress;
  }

  [part~='button']:disabled,
  [part~='button'][aria-disabled='true']:not([aria-busy='true']) {
    cursor: not-allowed;
    border-color: var(--_disabled-fg);
    background: var(--_disabled-bg);
    color: var(--_disabled-fg);
  }

  @media (forced-colors: active) {
    [part~='button'][aria-disabled='true']:not([aria-busy='true']) {
      border-color: GrayText;
      color: GrayText;
    }
  }

  button:focus-visible,
  a:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }

  [part~='status'],
  [part~='window'] {
    margin: 0;
  }

  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }

  [part~='error'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em 1em;
    color: var(--_danger);
  }

  [part~='error'] p {
    margin: 0;
  }

  [part~='retry'] {
    min-block-size: max(2.75rem, 44px);
    padding: 0.25em 1em;
    border: 2px solid currentColor;
    border-radius: var(--_radius);
    background: transparent;
    color: inherit;
  }

  [part~='link'] {
    display: inline-flex;
    align-items: center;
    min-block-size: max(2.75rem, 44px);
    color: var(--vc-color-link, #0b5cad);
    font-weight: 600;
    overflow-wrap: anywhere;
  }
`;
