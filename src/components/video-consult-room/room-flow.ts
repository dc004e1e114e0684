import {
  adoptStyles,
  html,
  nothing,
  type CSSResultOrNative,
  type PropertyValues,
  type TemplateResult,
} from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { msg } from '@lit/localize';
import { errorMessage } from '../../internal/error-messages.js';
import { declaredLanguage, matchLocale } from '../../internal/localization.js';
import type { RoomSession } from '../../client/room-session.js';
import { WindowMessageController } from '../../controllers/window-message-controller.js';
import { FullscreenController } from '../../controllers/fullscreen-controller.js';
import { TickController } from '../../controllers/tick-controller.js';
import { VisitFlowController, type VisitFlowHost } from '../../controllers/visit-flow-controller.js';
import { StepFocusController } from '../../controllers/step-focus-controller.js';
import { isRoomMessage } from '../../protocol/room-messages.js';
import type { JoinResponse } from '../../protocol/join-types.js';
import { checkView } from './render-check.js';
import { consentView, declinedView } from './render-consent.js';
import { waitingView } from './render-waiting.js';
import { frameView, roomView, showFrame } from './render-room.js';
import { button, type View } from './view.js';
import { idleText } from './idle-text.js';
import { flowStyles } from './room-flow.styles.js';

/** What the room's flow needs of `<video-consult-room>`: its public properties and its custom state. */
export interface RoomFlowHost extends VisitFlowHost {
  label?: string;
  readonly renderRoot: HTMLElement | DocumentFragment;
}

/**
 * Everything `<video-consult-room>` does once a visit may start: the check, consent, waiting room, live state and
 * the room's frame. The element itself (in the script tag's first file) only holds its properties and the idle
 * line; this part is a chunk of its own, loaded when the room comes near the viewport, when a join button is
 * pressed (`prepare()`), or at the latest when a visit is opened. Its controllers attach to the element when it
 * is made.
 */
export class RoomFlow {
  private readonly flow: VisitFlowController;
  private readonly fullscreen: FullscreenController;
  private readonly stepFocus: StepFocusController;

  constructor(
    private readonly host: RoomFlowHost,
    private readonly showState: (stage: string) => void,
  ) {
    this.flow = new VisitFlowController(host);
    this.fullscreen = new FullscreenController(host);
    this.stepFocus = new StepFocusController(host, () => this.flow.stage);
    new WindowMessageController(host, (event) => this.handleMessage(event));
    // The waiting room's "starts in …" line.
    new TickController(host, 30_000, () => this.flow.stage === 'waiting');
  }

  prepare(): void {
    this.flow.prepare();
  }

  open(join: JoinResponse, session?: RoomSession): void {
    this.stepFocus.engage();
    this.flow.open(join, session);
    // Straight to the room with a frame held ready (`prepare()`): its navigation starts now, in the join answer's
    // own turn, not after the button's and the room's renders (bench/frame.mjs); the render keeps that frame.
    const { flow } = this;
    const standby = this.host.renderRoot.querySelector<HTMLIFrameElement>('iframe[hidden]');
    if (standby && flow.stage === 'room' && flow.origin) {
      showFrame(standby, { src: flow.src, label: this.host.label, allow: flow.allow });
    }
  }

  leave(): boolean {
    return this.flow.leave();
  }

  willUpdate(changed: PropertyValues | undefined): void {
    // Just attached (the element is connected: it updates): the steps' styles join the element's own.
    if (!changed) {
      const { elementStyles = [] } = this.host.constructor as { elementStyles?: CSSResultOrNative[] };
      adoptStyles(this.host.renderRoot as ShadowRoot, [...elementStyles, flowStyles]);
    }
    // A flow attached after the page set `src` sees it as changed: it was never framed.
    const srcChanged = !changed || changed.has('src');
    if (srcChanged || changed.has('allowedOrigins')) this.flow.sourceChanged(srcChanged);
    if (this.flow.stage !== 'room' && this.fullscreen.active) void this.fullscreen.toggle();
    this.showState(this.flow.stage);
  }

  private handleMessage(event: MessageEvent): void {
    // Only the framed room may speak: its exact origin and its own window, not a sibling frame or an ad.
    const frame = this.host.renderRoot.querySelector<HTMLIFrameElement>('[part~="frame"]');
    if (!frame || event.origin !== this.flow.origin || event.source !== frame.contentWindow) return;
    if (isRoomMessage(event.data)) this.flow.roomSaid(event.data.type, event.data.roomId);
  }

  private view(): View {
    const { flow } = this;
    const rejoin = button('rejoin', msg('Rejoin'), () => flow.rejoin());
    const leave = button('leave', msg('Leave'), () => flow.leave(), true);
    switch (flow.stage) {
      case 'check':
        return checkView(flow.media, () => flow.finishCheck());
      case 'consent':
        return consentView((accepted) => flow.answer(accepted));
      case 'declined':
        return declinedView(() => flow.reconsider());
      case 'waiting': {
        const model = {
          visit: flow.links.visit,
          now: flow.links.now(),
          locale: matchLocale(declaredLanguage(this.host)),
          reconnecting: flow.events.attempt > 0,
        };
        return waitingView(model, leave);
      }
      case 'joining':
        return { text: msg('Connecting to your visit…'), actions: leave };
      case 'room':
        return roomView(this.fullscreen, leave);
      case 'left':
        return { text: msg('You left the visit.'), actions: rejoin };
      case 'ended':
        return { text: msg('The visit has ended. You can close this page.') };
      case 'failed':
        // An expired link comes back only through a session (a new link); without one, the join button is the way.
        return { actions: flow.failure === 'link-expired' && !flow.links.session ? nothing : rejoin };
      default:
        return { text: idleText() };
    }
  }

  /** The room's frame, or the blank one held ready for it (see `VisitFlowController.standby`); else nothing. */
  private renderFrame() {
    const { flow } = this;
    const shown = flow.stage === 'room';
    if (!shown && !flow.standby) return nothing;
    const src = shown ? flow.src : undefined;
    return keyed(
      flow.frameKey,
      frameView({ src, label: this.host.label, allow: flow.allow, onLoad: () => flow.frameLoaded() }),
    );
  }

  render(): TemplateResult {
    const { flow } = this;
    const { panel, text, actions, after } = this.view();
    const alert = flow.refused
      ? errorMessage('url-refused')
      : flow.stage === 'failed' && errorMessage(flow.failure);
    return html`
      <div part="base" class="${flow.stage}${this.fullscreen.fallback ? ' cover' : ''}">
        ${this.renderFrame()}${panel ?? nothing}
        ${
          alert
            ? html`<p part="status" role="alert" tabindex="-1">${alert}</p>`
            : html`<p part="status" role="status" tabindex="-1">${text ?? ''}</p>`
        }
        ${actions && !flow.refused ? html`<div part="actions">${actions}</div>` : nothing} ${after ?? nothing}
      </div>
    `;
  }
}
