/**
 * The sandbox room page's stylesheet. The page lives in a frame whose height the embedding page decides (the
 * room element's, minus its own button row; under 400 px on a phone), so it never grows past its viewport: the
 * self-view takes what is left after the words and buttons, down to nothing, and the buttons stay in view.
 */
export const SANDBOX_ROOM_STYLE = `
  :root { color-scheme: dark; font: 16px/1.4 system-ui, sans-serif; }
  *, *::before, *::after { box-sizing: border-box; }
  html, body { height: 100%; margin: 0; }
  body { background: #0f172a; color: #f8fafc; overflow-wrap: anywhere; }
  main { height: 100%; max-width: 48rem; margin: 0 auto; padding: 0.5rem; display: flex; flex-direction: column;
    justify-content: center; gap: 0.5rem; text-align: center; }
  h1 { margin: 0; font-size: 1.125rem; line-height: 1.3; }
  h1 small { font-weight: normal; color: #cbd5e1; }
  p { margin: 0; }
  h1, #who, .actions { flex: none; }
  /* The one long line (camera blocked) gives way last, scrolling inside itself rather than pushing the buttons out. */
  #status { flex: 0 1 auto; min-height: 1.4em; overflow: auto; }
  #who { font-size: 0.875rem; color: #cbd5e1; }
  video { flex: 1 1 0; min-height: 0; width: 100%; object-fit: contain; background: #1e293b; border-radius: 12px;
    transform: scaleX(-1); }
  .actions { display: flex; gap: 0.5rem; justify-content: center; flex-wrap: wrap; }
  button { font: inherit; font-weight: 600; min-height: 44px; max-width: 100%; padding: 0.375rem 1rem;
    border-radius: 8px; border: 2px solid #f8fafc; background: transparent; color: inherit; cursor: pointer; }
  button.danger { background: #b91c1c; border-color: #b91c1c; }
  button:focus-visible { outline: 3px solid #facc15; outline-offset: 2px; }
  [hidden] { display: none !important; }
  @media (min-width: 40rem) and (min-height: 30rem) {
    :root { font-size: 18px; }
    main { padding: 1rem; gap: 0.75rem; }
  }
  /* A short frame (a phone held sideways): the role line goes first, then the heading; the frame's title still names it. */
  @media (max-height: 26rem) { #who { display: none; } }
  @media (max-height: 16rem) { h1 { display: none; } }
`;
