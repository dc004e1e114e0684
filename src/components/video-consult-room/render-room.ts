import { html } from 'lit';
import { msg } from '@lit/localize';
import { iframeAllow } from '../../internal/iframe-allow.js';
import type { FullscreenController } from '../../controllers/fullscreen-controller.js';
import type { View } from './view.js';

export interface RoomModel {
  src: string;
  label?: string;
  allow: readonly string[];
  fullscreen: FullscreenController;
  onLoad: () => void;
}

/** The room page in its frame, with the full-screen toggle next to the given leave button. */
export const roomView = (
  { src, label, allow, fullscreen, onLoad }: RoomModel,
  leave: View['actions'],
): View => ({
  // No `sandbox`: vendor rooms need scripts, same-origin storage and popups; the URL policy vets the origin.
  panel: html`<iframe
    part="frame"
    src=${src}
    title=${label ?? msg('Video visit')}
    allow=${iframeAllow(allow)}
    referrerpolicy="no-referrer"
    @load=${onLoad}
  ></iframe>`,
  actions: html`<button
      part="button fullscreen"
      class="alt"
      type="button"
      aria-pressed=${fullscreen.active ? 'true' : 'false'}
      @click=${() => fullscreen.toggle()}
    >
      ${msg('Full screen')}
    </button>
    ${leave}`,
});
