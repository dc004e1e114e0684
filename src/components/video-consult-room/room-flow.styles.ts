import { css } from 'lit';

/**
 * The styles of the visit's steps (check, consent, waiting room, frame, buttons), adopted beside the element's own
 * (`video-consult-room.styles.ts`) when its flow attaches: they travel in the flow's chunk.
 */
export const flowStyles = css`
  /* The check grows when the devices answer: from the top, so that its heading stays where the page scrolled it
     (centred, it moved up and Chrome's scroll anchoring scrolled the page back, Continue below the fold). */
  .check {
    justify-content: flex-start;
  }

  .room {
    block-size: var(--_height);
    padding: 0;
    gap: 0;
    overflow: hidden;
  }

  /* Full screen where the Fullscreen API is missing or refused (iPhone Safari). */
  .cover {
    position: fixed;
    inset: 0;
    z-index: 2147483647;
    block-size: auto;
    border-radius: 0;
  }

  :host(:fullscreen) [part~='base'] {
    block-size: 100%;
    border-radius: 0;
  }

  /* The page's consent text is the step's paragraph, like the default <p>: slotted words (a <span>) take their
     direction from themselves too, so an English sentence on a right-to-left page ends with its full stop. */
  slot[name='consent'] {
    display: block;
    unicode-bidi: plaintext;
    text-align: match-parent;
    text-align: -webkit-match-parent;
  }

  [part~='frame'] {
    flex: 1;
    align-self: stretch;
    border: 0;
  }

  [part~='panel'],
  [part~='panel'] label {
    display: grid;
    /* One column as wide as the panel: an auto track grows to the widest select option and overflows a phone. */
    grid-template-columns: minmax(0, 1fr);
    gap: 0.4rem;
    inline-size: 100%;
    max-inline-size: 36rem;
  }

  /* Label and control in one row where they fit, the control below its label where not. */
  [part~='panel'] label {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 0.5rem;
  }

  [part~='panel'] label > :is(select, meter) {
    flex: 1 1 5rem;
    min-inline-size: 0;
  }

  /* Camera and microphone choice side by side where there is room: the check's Continue stays on screen. */
  .choices {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
  }

  .choices label {
    flex: 1 1 14rem;
  }

  h2 {
    margin: 0;
    font-size: 1.25em;
    line-height: 1.25;
    text-align: center;
  }

  /* A slow pulse says "still connected" while nothing else moves. */
  [part~='waiting']::before {
    content: '';
    justify-self: center;
    inline-size: 1rem;
    block-size: 1rem;
    border-radius: 50%;
    background: var(--_accent);
    animation: pulse 1.5s ease-in-out infinite alternate;
  }

  @keyframes pulse {
    to {
      opacity: 0.25;
    }
  }

  @media (prefers-reduced-motion: reduce) {
    [part~='waiting']::before {
      animation: none;
    }
  }

  /* As large as fits, in the camera's own proportions: no black bands beside a picture capped in height. */
  [part~='video'] {
    justify-self: center;
    max-inline-size: 100%;
    max-block-size: 40vh;
    max-block-size: 40svh;
    border-radius: var(--_radius);
    background: #000;
    /* a mirror image, as people expect to see themselves */
    transform: scaleX(-1);
  }

  /* On a phone the self-view takes the height the rest of the check leaves, so that Continue stays on screen. */
  @media (max-width: 40rem) {
    [part~='video'] {
      max-block-size: clamp(4.5em, 100vh - 30em, 40vh);
      max-block-size: clamp(4.5em, 100svh - 30em, 40svh);
    }
  }

  ul,
  ol {
    margin: 0;
    padding-inline-start: 1.25em;
  }

  /* "Camera: Working  Microphone: Working" in one line where it fits. */
  [part~='devices'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0 1.5em;
    padding: 0;
    list-style: none;
  }

  /* Below the buttons, as wide as a panel. */
  [part~='steps'] {
    box-sizing: border-box;
    inline-size: 100%;
    max-inline-size: 36rem;
  }

  meter {
    inline-size: 100%;
    block-size: 1rem;
  }

  meter::-webkit-meter-optimum-value {
    background: var(--_accent);
  }

  meter::-moz-meter-bar {
    background: var(--_accent);
  }

  select,
  button {
    font: inherit;
    min-block-size: max(2.75rem, 44px);
    border-radius: var(--_radius);
  }

  [part~='actions'] {
    display: flex;
    flex-wrap: wrap;
    justify-content: center;
    gap: 0.5rem;
  }

  .room [part~='actions'] {
    padding: 0.5rem;
  }

  button {
    padding: 0.5em 1.25em;
    border: 2px solid var(--_accent);
    background: var(--_accent);
    color: var(--_on-accent);
    font-weight: 600;
    cursor: pointer;
  }

  .alt {
    border-color: currentColor;
    background: transparent;
    color: inherit;
  }

  button:focus-visible,
  select:focus-visible,
  h2:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
`;
