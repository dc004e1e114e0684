import { ROOM_MESSAGE_SOURCE, type RoomMessageType } from '../../protocol/room-messages.js';
import type { TextDirection } from '../../protocol/page-language.js';
import { sandboxText, type SandboxLanguage } from './sandbox-room-text.js';
import { SANDBOX_ROOM_STYLE } from './sandbox-room-style.js';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** JSON for an inline script: `<` escaped so no value can close the script element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/** Language and direction of a page: the embedding page's, passed along in the join link. */
export interface SandboxPageLocale {
  lang: SandboxLanguage;
  dir: TextDirection;
}

export interface SandboxRoomPage extends SandboxPageLocale {
  roomId: string;
  role: 'patient' | 'clinician';
  /** Exact origin lifecycle messages go to; null when the page may not be framed. */
  parentOrigin: string | null;
  /** Bearer for this page's own calls (state, end); bound to the consumed join token. */
  session: string;
  nonce: string;
}

// `dir` mirrors the layout for a right-to-left page; the words are in a left-to-right language whatever the page's,
// so each text says `dir="auto"` and keeps its full stop at its end.
const head = (title: string, nonce: string, { lang, dir }: SandboxPageLocale) => `<!doctype html>
<html lang="${lang}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">${SANDBOX_ROOM_STYLE}</style>
</head>`;

/** The room page the sandbox provider frames. Self-contained: one nonce'd script and style. */
export function renderSandboxRoom(page: SandboxRoomPage): string {
  const t = sandboxText(page.lang);
  const cfg = {
    roomId: page.roomId,
    parentOrigin: page.parentOrigin,
    session: page.session,
    source: ROOM_MESSAGE_SOURCE,
    text: {
      on: t.on,
      blocked: t.blocked,
      noDevice: t.noDevice,
      youLeft: t.youLeft,
      youEnded: t.youEnded,
      endFailed: t.endFailed,
      ended: t.ended,
      sessionOver: t.sessionOver,
    },
  };
  return `${head(t.title, page.nonce, page)}
<body>
<main>
  <h1 dir="auto">${escapeHtml(t.heading)} <small>(${escapeHtml(t.sandbox)})</small></h1>
  <p id="who" dir="auto">${escapeHtml(page.role === 'clinician' ? t.asClinician : t.asPatient)}</p>
  <video id="self" autoplay muted playsinline aria-label="${escapeHtml(t.camera)}"></video>
  <p id="status" role="status" aria-live="polite" dir="auto">${escapeHtml(t.starting)}</p>
  <div class="actions">
    <button id="leave" type="button" dir="auto">${escapeHtml(t.leave)}</button>
    ${page.role === 'clinician' ? `<button id="end" class="danger" type="button" dir="auto">${escapeHtml(t.end)}</button>` : ''}
  </div>
</main>
<script nonce="${page.nonce}">
(() => {
  const cfg = ${scriptJson(cfg)};
  const t = cfg.text;
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
    stream?.getTracks().forEach((track) => track.stop());
    video.hidden = true;
    document.querySelector('.actions').hidden = true;
    status.textContent = message;
    post(type);
  };
  // The session lives for a while, not for ever: once it lapses the page needs a new link.
  const lapsed = (res) => res.status === 401 && (stop(t.sessionOver, 'link-expired'), true);
  post('ready');
  (async () => {
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
      if (gone) return stream.getTracks().forEach((track) => track.stop());
      video.srcObject = stream;
      status.textContent = t.on;
    } catch (error) {
      if (gone) return;
      video.hidden = true;
      status.textContent = error && error.name === 'NotAllowedError' ? t.blocked : t.noDevice;
    }
    post('joined');
  })();
  document.getElementById('leave').addEventListener('click', () => stop(t.youLeft, 'left'));
  document.getElementById('end')?.addEventListener('click', async () => {
    const res = await api('/end', { method: 'POST' });
    if (res.ok) stop(t.youEnded, 'ended');
    else if (!lapsed(res)) status.textContent = t.endFailed;
  });
  const poll = setInterval(async () => {
    if (gone) return clearInterval(poll);
    try {
      const res = await api('/state');
      if (lapsed(res)) return;
      const state = res.ok ? await res.json() : null;
      if (state && state.status !== 'open') stop(t.ended, 'ended');
    } catch { /* offline for a moment: try again on the next tick */ }
  }, 3000);
})();
</script>
</body>
</html>`;
}

export interface SandboxNotice extends SandboxPageLocale {
  kind: 'link-used' | 'ended';
  nonce: string;
  /** Where the page tells its parent what happened (`link-expired` or `ended`); none when it may not be framed. */
  parent?: { origin: string; roomId: string };
}

/**
 * Instead of the room: the link was used or expired, or the visit is over. When a known page framed it, the notice
 * says so to that page (the room element then shows its own message and the way back); opened in a tab of its
 * own, it tells the person what to do.
 */
export function renderSandboxNotice({ kind, nonce, parent, ...locale }: SandboxNotice): string {
  const t = sandboxText(locale.lang);
  const [title, text] = kind === 'ended' ? [t.endedTitle, t.endedText] : [t.linkUsedTitle, t.linkUsedText];
  const type: RoomMessageType = kind === 'ended' ? 'ended' : 'link-expired';
  const message = parent && { source: ROOM_MESSAGE_SOURCE, type, roomId: parent.roomId };
  const script = parent
    ? `<script nonce="${nonce}">if (window.parent !== window) window.parent.postMessage(${scriptJson(message)}, ${scriptJson(parent.origin)});</script>`
    : '';
  return `${head(title, nonce, locale)}
<body><main><h1 dir="auto">${escapeHtml(title)}</h1><p role="alert" dir="auto">${escapeHtml(text)}</p></main>${script}</body></html>`;
}
