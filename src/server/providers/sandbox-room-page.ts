import { ROOM_MESSAGE_SOURCE } from '../../protocol/room-messages.js';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** JSON for an inline script: `<` escaped so no value can close the script element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

export interface SandboxRoomPage {
  roomId: string;
  role: 'patient' | 'clinician';
  /** Exact origin lifecycle messages go to; null when the page may not be framed. */
  parentOrigin: string | null;
  /** Bearer for this page's own calls (state, end); bound to the consumed join token. */
  session: string;
  nonce: string;
}

const STYLE = `
  :root { color-scheme: light dark; font: 18px/1.5 system-ui, sans-serif; }
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: #0f172a; color: #f8fafc; }
  main { width: min(40rem, 100% - 2rem); text-align: center; }
  video { width: 100%; max-height: 60vh; background: #1e293b; border-radius: 12px; transform: scaleX(-1); }
  .actions { display: flex; gap: 1rem; justify-content: center; flex-wrap: wrap; margin-top: 1rem; }
  button { font: inherit; min-height: 44px; padding: 0.5rem 1.25rem; border-radius: 8px; border: 2px solid #f8fafc; background: transparent; color: inherit; cursor: pointer; }
  button.danger { background: #b91c1c; border-color: #b91c1c; }
  button:focus-visible { outline: 3px solid #facc15; outline-offset: 2px; }
  [hidden] { display: none !important; }
`;

/** The room page the sandbox provider frames. Self-contained: one nonce'd script and style. */
export function renderSandboxRoom(page: SandboxRoomPage): string {
  const boot = { ...page, source: ROOM_MESSAGE_SOURCE, nonce: undefined };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>Video visit (sandbox)</title>
<style nonce="${page.nonce}">${STYLE}</style>
</head>
<body>
<main>
  <h1>Video visit <small>(sandbox)</small></h1>
  <p id="who">You are in the room as ${page.role === 'clinician' ? 'the clinician' : 'the patient'}.</p>
  <video id="self" autoplay muted playsinline aria-label="Your camera"></video>
  <p id="status" role="status" aria-live="polite">Starting your camera…</p>
  <div class="actions">
    <button id="leave" type="button">Leave the visit</button>
    ${page.role === 'clinician' ? '<button id="end" class="danger" type="button">End the visit for everyone</button>' : ''}
  </div>
</main>
<script nonce="${page.nonce}">
(() => {
  const cfg = ${scriptJson(boot)};
  const status = document.getElementById('status');
  const video = document.getElementById('self');
  let stream;
  let gone = false;
  const post = (type) => {
    if (cfg.parentOrigin && window.parent !== window) {
      window.parent.postMessage({ source: cfg.source, type, roomId: cfg.roomId }, cfg.parentOrigin);
    }
  };
  const api = (path, init) => fetch('/sandbox/rooms/' + encodeURIComponent(cfg.roomId) + path,
    { ...init, headers: { 'x-sandbox-session': cfg.session } });
  const stop = (message, type) => {
    if (gone) return;
    gone = true;
    stream?.getTracks().forEach((t) => t.stop());
    video.hidden = true;
    document.querySelector('.actions').hidden = true;
    status.textContent = message;
    post(type);
  };
  post('ready');
  (async () => {
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
      video.srcObject = stream;
      status.textContent = 'Your camera and microphone are on.';
    } catch (error) {
      video.hidden = true;
      status.textContent = error && error.name === 'NotAllowedError'
        ? 'Camera and microphone are blocked. You can still hear and read the visit; allow them in your browser settings to be seen.'
        : 'No camera or microphone could be started. Check that one is connected and not used by another app.';
    }
    post('joined');
  })();
  document.getElementById('leave').addEventListener('click', () => stop('You left the visit.', 'left'));
  document.getElementById('end')?.addEventListener('click', async () => {
    const res = await api('/end', { method: 'POST' });
    if (res.ok) stop('You ended the visit.', 'ended');
    else status.textContent = 'The visit could not be ended. Please try again.';
  });
  const poll = setInterval(async () => {
    if (gone) return clearInterval(poll);
    try {
      const res = await api('/state');
      const state = res.ok ? await res.json() : null;
      if (state && state.status !== 'open') stop('The visit has ended.', 'ended');
    } catch { /* offline for a moment: try again on the next tick */ }
  }, 3000);
})();
</script>
</body>
</html>`;
}

export function renderSandboxNotice(title: string, text: string, nonce: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><title>${escapeHtml(title)}</title><style nonce="${nonce}">${STYLE}</style></head>
<body><main><h1>${escapeHtml(title)}</h1><p role="alert">${escapeHtml(text)}</p></main></body></html>`;
}
