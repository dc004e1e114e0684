import { html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import { msg } from '@lit/localize';
import type {
  MediaCheckController,
  MediaDeviceChoice,
  MediaKind,
} from '../../controllers/media-check-controller.js';
import { errorMessage } from '../../internal/error-messages.js';
import { browserFamily, recoverySteps } from '../../internal/recovery-steps.js';
import { button, panel, type View } from './view.js';

const deviceState = (media: MediaCheckController, kind: MediaKind, works: boolean, present: boolean) =>
  works
    ? msg('Working')
    : media.status === 'denied' || media.permissions[kind] === 'denied'
      ? msg('Blocked')
      : media.status === 'pending'
        ? msg('Waiting for your permission')
        : present
          ? msg('Not working')
          : msg('Not found');

const choose = (media: MediaCheckController, kind: MediaKind, label: string, options: MediaDeviceChoice[]) =>
  options.length
    ? html`<label
        >${label}
        <select @change=${(e: Event) => media.select(kind, (e.target as HTMLSelectElement).value)}>
          ${options.map(
            (option, i) =>
              html`<option value=${option.id} ?selected=${option.id === media.chosen[kind]}>
                ${option.label || `${label} ${i + 1}`}
              </option>`,
          )}
        </select></label
      >`
    : nothing;

/**
 * The camera and microphone check: self-view, device states, microphone level, device choice, and when access is
 * blocked the steps that unblock it in this browser (below the buttons).
 */
export const checkView = (media: MediaCheckController, onDone: () => void): View => {
  const { status, preview, kinds } = media;
  const { camera, microphone } = media.result;
  const cameraLabel = msg('Camera');
  const microphoneLabel = msg('Microphone');
  const family = browserFamily(navigator.userAgent);
  const blocked = status === 'denied' || (status === 'failed' && family === 'in-app');
  const body = html`
    ${
      // live(): Lit sets an object-valued property on every render, and each srcObject assignment restarts the
      // video; the microphone meter redraws many times a second, so the self-view would stay black.
      preview
        ? html`<video
            part="video"
            .srcObject=${live(preview)}
            .muted=${true}
            autoplay
            muted
            playsinline
          ></video>`
        : nothing
    }
    <ul part="devices">
      <li>${cameraLabel}: ${deviceState(media, 'camera', camera, kinds.includes('videoinput'))}</li>
      <li>
        ${microphoneLabel}: ${deviceState(media, 'microphone', microphone, kinds.includes('audioinput'))}
      </li>
    </ul>
    ${
      microphone
        ? html`<label
            >${msg('Microphone level')} <meter part="meter" min="0" max="100" .value=${media.level}></meter
          ></label>`
        : nothing
    }
    ${
      // Also while asking again after a choice: a select that vanished would take the keyboard focus with it.
      status === 'ready' || status === 'pending'
        ? html`<div class="choices">
            ${choose(media, 'camera', cameraLabel, media.cameras)}
            ${choose(media, 'microphone', microphoneLabel, media.microphones)}
          </div>`
        : nothing
    }
  `;
  // Without a working microphone the visit cannot take place: then only fixing access helps.
  const skip = microphone ? button('skip', msg('Continue without camera'), onDone, true) : nothing;
  return {
    panel: panel('check', msg('Check your camera and microphone'), body),
    text:
      status === 'ready'
        ? msg('Check that you can see yourself and that the bar moves when you speak.')
        : status === 'denied'
          ? errorMessage('media-denied')
          : status === 'failed'
            ? msg(
                'We could not start your camera or microphone. Close other apps that may use them, then try again.',
              )
            : msg('Please allow your camera and microphone when your browser asks.'),
    actions:
      status === 'ready'
        ? button('continue', msg('Continue'), onDone)
        : status === 'denied' || status === 'failed'
          ? html`${button('retry', msg('Try again'), () => media.restart())}${skip}`
          : undefined,
    // After the message and Try again: first what is wrong and what to press, then how (on a phone, the steps
    // above them pushed both off the screen).
    after: blocked
      ? html`<ol part="steps">
          ${recoverySteps(family).map((step) => html`<li>${step}</li>`)}
        </ol>`
      : undefined,
  };
};
