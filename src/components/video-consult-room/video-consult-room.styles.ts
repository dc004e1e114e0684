import { css } from 'lit';

/**
 * What the room shows before its flow has loaded (the idle line, or that it cannot start): the box and its status
 * line. In the script tag's first file, with the element.
 */
// Each sentence and heading takes its direction from its own words (unicode-bidi: plaintext): an English or German
// sentence on a right-to-left page keeps its full stop and colon at its end, on the right, instead of the page's
// side; it still aligns like the page (match-parent, which Chromium computes to `start` and so to the
// sentence's own side: -webkit-match-parent after it gives Chromium and WebKit the page's side).
export const styles = css`
  :host {
    --_height: var(--video-consult-room-height, var(--vc-room-height, min(80vh, 42rem)));
    --_bg: var(--video-consult-room-background, var(--vc-color-surface, #f3f5f8));
    --_fg: var(--video-consult-room-color, var(--vc-color-text, #1d2733));
    --_radius: var(--video-consult-room-radius, var(--vc-radius, 0.5rem));
    --_accent: var(--video-consult-room-accent, var(--vc-color-primary, #0b5cad));
    --_on-accent: var(--video-consult-room-on-accent, var(--vc-color-on-primary, #fff));
    --_focus: var(--video-consult-room-focus-ring-color, var(--vc-color-focus, #0b5cad));
    --_danger: var(--video-consult-room-danger, var(--vc-color-danger, #b3261e));
    display: block;
    font-family: var(--vc-font-family, inherit);
    font-size: var(--vc-font-size, 1.125rem);
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
    position: relative;
    display: flex;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    gap: 0.75rem;
    box-sizing: border-box;
    min-block-size: var(--_height);
    /* Less at the sides on a phone: every line that wraps less keeps the buttons on screen. */
    padding: 1rem clamp(0.5rem, 2.5vw, 1rem);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_fg);
    overflow-wrap: anywhere;
  }

  [part~='status'] {
    margin: 0;
    max-inline-size: 36rem;
    text-align: center;
  }

  /* Next to the frame the status line is empty; it stays in the accessibility tree (no display: none) so that
     what comes next ("The visit has ended") is announced when it appears. */
  [part~='status']:empty {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    padding: 0;
    overflow: hidden;
    clip-path: inset(50%);
  }

  [part~='status'][role='alert'] {
    color: var(--_danger);
  }

  [part~='status']:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
`;
