import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
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
 * history, as a new frame's first load does: Back does not gain an entry. `part`, `allow` and `src` are bound with
 * `live`: the render that follows `showFrame` finds them set, writes none of them again, and never navigates the
 * frame twice.
 */
export const frameView = ({ src, label, allow, onLoad }: FrameModel): TemplateResult => {
  const shown = src !== undefined;
  // No `sandbox`: vendor rooms need scripts, same-origin storage and popups; the URL policy vets the origin.
  return html`<iframe
    part=${shown ? live('frame') : nothing}
    ?hidden=${!shown}
    title=${label ?? msg('Video visit')}
    allow=${live(iframeAllow(allow))}
    referrerpolicy="no-referrer"
    @load=${shown ? onLoad : nothing}
    src=${shown ? live(src) : nothing}
  ></iframe>`;
};

/**
 * Gives the blank frame held ready (`frameView` without `src`) its room page at once, with the attributes the
 * template gives a shown frame, in its order (`allow` before `src`), so that the navigation starts before the rest
 * of the room re-renders; that render then finds them set. The caller checked the URL (`VisitFlowController.origin`).
 * The `load` listener comes with that render, long before a room page can load.
 */
export const showFrame = (
  frame: HTMLIFrameElement,
  { src, label, allow }: Omit<FrameModel, 'onLoad'> & { src: string },
): void => {
  frame.setAttribute('part', 'frame');
  frame.hidden = false;
  frame.title = label ?? msg('Video visit');
  frame.setAttribute('allow', iframeAllow(allow));
  frame.setAttribute('src', src);
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
