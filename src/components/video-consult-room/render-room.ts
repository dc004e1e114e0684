import { html, nothing, type TemplateResult } from 'lit';
import { msg } from '@lit/localize';
import { iframeAllow } from '../../internal/iframe-allow.js';
import type { FullscreenController } from '../../controllers/fullscreen-controller.js';
import type { View } from './view.js';

export interface FrameModel {
  /** The room page to show; undefined for the blank frame held ready for it (hidden, no part, no `src`). */
  src?: string;
  label?: string;
  allow: readonly string[];
  onLoad: () => void;
}

/**
 * The room page's frame. One template for both states, so that the frame held ready becomes the room's frame in
 * place: the join answer then only sets `src` on an element that exists, instead of creating a child frame (the
 * costliest step between the answer and the frame). `allow` precedes `src`: the permissions a frame gets are read
 * when its navigation starts. Navigating away from a frame's initial blank document replaces it in the session
 * history, as a new frame's first load does: Back does not gain an entry.
 */
export const frameView = ({ src, label, allow, onLoad }: FrameModel): TemplateResult => {
  const shown = src !== undefined;
  // No `sandbox`: vendor rooms need scripts, same-origin storage and popups; the URL policy vets the origin.
  return html`<iframe
    part=${shown ? 'frame' : nothing}
    ?hidden=${!shown}
    title=${label ?? msg('Video visit')}
    allow=${iframeAllow(allow)}
    referrerpolicy="no-referrer"
    @load=${shown ? onLoad : nothing}
    src=${shown ? src : nothing}
  ></iframe>`;
};

/** The room's buttons: the full-screen toggle next to the given leave button. */
export const roomView = (fullscreen: FullscreenController, leave: View['actions']): View => ({
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
