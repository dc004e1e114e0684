import { css } from 'lit';

export const styles = css`
  :host {
    --_height: var(--video-consult-room-height, var(--vc-room-height, min(80vh, 42rem)));
    --_bg: var(--video-consult-room-background, var(--vc-color-surface, #f3f5f8));
    --_fg: var(--video-consult-room-color, var(--vc-color-text, #1d2733));
    --_radius: var(--video-consult-room-radius, var(--vc-radius, 0.5rem));
    display: block;
    font-family: var(--vc-font-family, inherit);
    font-size: var(--vc-font-size, 1.125rem);
    line-height: 1.4;
  }

  :host([hidden]) {
    display: none;
  }

  [part~='base'] {
    position: relative;
    display: grid;
    place-items: center;
    block-size: var(--_height);
    overflow: hidden;
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_fg);
  }

  [part~='frame'] {
    inline-size: 100%;
    block-size: 100%;
    border: 0;
  }

  [part~='status'] {
    margin: 0;
    padding: 1rem;
    max-inline-size: 36rem;
    text-align: center;
  }

  /* Next to the frame the status line is empty; it stays in the accessibility tree (no display: none) so that
     "The visit has ended" is announced when it appears. */
  [part~='status']:empty {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    padding: 0;
    overflow: hidden;
    clip-path: inset(50%);
  }

  [part~='status'][role='alert'] {
    color: var(--vc-color-danger, #b3261e);
  }
`;
