import { html, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { ConsultElement } from '../../internal/consult-element.js';
import { setupMessage } from '../../internal/early-messages.js';
import { ConsultErrorEvent } from '../../events/error.js';
import { NearViewController } from '../../controllers/near-view-controller.js';
import { fetchJoinClientBeside } from '../call-join-button/join-loader.js';
import type { RoomSession } from '../../client/room-session.js';
import type { JoinResponse } from '../../protocol/join-types.js';
import type { RoomFlow } from './room-flow.js';
import { idleText } from './idle-text.js';
import { styles } from './video-consult-room.styles.js';

const spaceSeparated = {
  fromAttribute: (value: string | null): string[] => value?.split(/\s+/).filter(Boolean) ?? [],
};

/**
 * The room's flow, a chunk of its own (`room-flow.ts`); one load for every room on the page. The network code it
 * imports (the join button's, chunks/client.js in the script tag's build) is asked for beside it.
 */
let flowModule: Promise<typeof import('./room-flow.js')> | undefined;
const loadFlow = () => (flowModule ??= (fetchJoinClientBeside(), import('./room-flow.js')));

/**
 * Takes the user into a video visit: a camera and microphone check, consent if asked for, a live waiting
 * room, then the provider's room page in a frame, but only from an allowed origin over https.
 *
 * Give it a join response with `open(join, session?)` (what `<call-join-button target=…>` does, after `prepare()` at
 * the press), or set `src` and `allowed-origins` directly. A URL that is not `https:` (`http:` only on localhost), or whose origin is not in
 * `allowed-origins`, is never framed.
 *
 * Steps: the check (skipped with `no-precheck`); the consent question when `consent` is set; with a session, the
 * waiting room while the consult server's live state says `waiting` (without a session, or when the server has no
 * live state, the room follows at once); then the room, with a leave and a full-screen button.
 *
 * Loading: the element itself is light; the steps of a visit (check, consent, waiting room, live state, frame) are
 * a chunk of their own, fetched when the room comes near the viewport, when a join button targeting it is pressed
 * (`prepare()`), or at the latest with `open()` or a `src`. `updateComplete` waits for a load that is under way.
 *
 * Focus: once the visit was opened with `open()` (the join button), or the user was in the element, every new step
 * takes the focus (its heading, the room's frame, or its message) and is scrolled into view. A page that only shows
 * the element keeps its focus.
 *
 * Join links: while the user is still in a step, the link is watched and `vc-token-expiring` fires `expiry-lead`
 * seconds before it expires. A link that was used or expires within seconds is replaced through
 * `session.refresh()` before it is framed; an expired link is never framed. Once framed, nothing reloads when the
 * link expires: for every provider the link is only an entry credential, and the vendor's session outlives it.
 * Moving the element in the DOM reloads the frame (as for any iframe), and a one-time link may refuse that load.
 *
 * @tagname video-consult-room
 * @summary Takes the user into a video visit: a camera and microphone check, consent if asked for, a live waiting
 * room, then the provider's room page in a frame, but only from an allowed origin over https.
 *
 * @slot consent - The consent text shown when `consent` is set. Default: a short question, localized.
 *
 * @csspart base - The box around everything; covers the viewport in the full-screen fallback.
 * @csspart frame - The `<iframe>` of the room page.
 * @csspart status - The live line: what is happening now (`role="status"`), or an error (`role="alert"`).
 * @csspart panel - The panel of a step, also named `check`, `consent` or `waiting`.
 * @csspart video - The self-view during the check.
 * @csspart devices - The list saying whether camera and microphone work.
 * @csspart meter - The microphone level (`<meter>`).
 * @csspart steps - How to unblock the camera in this browser, when it is blocked.
 * @csspart actions - The row of buttons.
 * @csspart button - Every button, also named `continue`, `skip`, `retry`, `agree`, `decline`, `back`, `leave`,
 * `fullscreen` or `rejoin`.
 *
 * @cssprop --video-consult-room-height - Height of the room. Default `var(--vc-room-height, min(80vh, 42rem))`.
 * @cssprop --video-consult-room-background - Background. Default `var(--vc-color-surface, #f3f5f8)`.
 * @cssprop --video-consult-room-color - Text colour. Default `var(--vc-color-text, #1d2733)`.
 * @cssprop --video-consult-room-radius - Corner radius of the box and buttons. Default `var(--vc-radius, 0.5rem)`.
 * @cssprop --video-consult-room-accent - Main buttons and the level meter. Default `var(--vc-color-primary, #0b5cad)`.
 * @cssprop --video-consult-room-on-accent - Text on main buttons. Default `var(--vc-color-on-primary, #fff)`.
 * @cssprop --video-consult-room-focus-ring-color - Focus ring. Default `var(--vc-color-focus, #0b5cad)`.
 * @cssprop --video-consult-room-danger - Error text. Default `var(--vc-color-danger, #b3261e)`.
 *
 * @fires {PrecheckCompleteEvent} vc-precheck-complete - The check is done. `detail: { camera, microphone, kinds }`.
 * @fires {ConsentEvent} vc-consent - The user answered the consent question. `detail: { accepted, timestamp, version? }`.
 * @fires {RoomWaitingEvent} vc-waiting - The live state says the room is not open yet; the waiting room shows
 * (once per stay). `detail: { roomId? }`.
 * @fires {RoomReadyEvent} vc-room-ready - The room page loaded, once per framing: it said so itself where the
 * provider's page posts messages (the join response's `postsMessages`, e.g. the sandbox), else its frame fired
 * `load` (which a vendor's error page does too). `detail: { origin, provider? }`.
 * @fires {RoomJoinedEvent} vc-joined - The user entered the call. `detail: { roomId? }`.
 * @fires {LeaveRequestEvent} vc-leave-request - The user pressed Leave; cancelable. `detail: { roomId? }`.
 * @fires {RoomLeftEvent} vc-left - The user left the call. `detail: { roomId? }`.
 * @fires {RoomEndedEvent} vc-ended - The visit ended (live state or room page, once); the frame is removed. `detail: { roomId? }`.
 * @fires {ReconnectingEvent} vc-reconnecting - The live connection dropped; retrying. `detail: { attempt, delay }`.
 * @fires {ReconnectedEvent} vc-reconnected - The live connection is back.
 * @fires {TokenExpiringEvent} vc-token-expiring - The held join link expires soon. `detail: { expiresAt }`.
 * @fires {ConsultErrorEvent} vc-error - A URL was refused (`url-refused`), a fresh link could not be had, or the
 * link expired without a session to renew it or the room page said it was used or expired (`link-expired`; with a
 * session, Rejoin asks for a new one). `detail: { code, message }`.
 */
export class VideoConsultRoom extends ConsultElement {
  static override styles = styles;

  // Declared here rather than with decorators: the script tag's first file then carries no decorator code.
  static override properties: PropertyDeclarations = {
    src: {},
    allowedOrigins: { attribute: 'allowed-origins', converter: spaceSeparated },
    label: {},
    noPrecheck: { type: Boolean, reflect: true, attribute: 'no-precheck' },
    consent: { type: Boolean, reflect: true },
    consentVersion: { attribute: 'consent-version' },
    expiryLead: { type: Number, attribute: 'expiry-lead' },
  };

  /**
   * URL of the room page, for a page that frames a room without the join button. Not reflected: a join URL is a
   * credential. A link given with `open()` is held inside and never written here, and it wins over an empty `src`.
   */
  src = '';

  /**
   * Origins `src` may have (attribute: space-separated), e.g. `https://video.vendor.example`. A link given with
   * `open()` carries its own and ignores these.
   */
  allowedOrigins: string[] = [];

  /** Accessible name of the room's frame. Default: "Video visit", localized. */
  label?: string;

  /** Skips the camera and microphone check. */
  noPrecheck = false;

  /** Asks for consent before the visit (text from the `consent` slot). */
  consent = false;

  /** Version of the consent text, passed on in `vc-consent`. */
  consentVersion?: string;

  /** Seconds before a held join link expires that `vc-token-expiring` fires. */
  expiryLead = 60;

  /** The visit's steps, once their chunk has loaded (see `preload()`). */
  private flow?: RoomFlow;
  private flowLoad?: Promise<RoomFlow | undefined>;
  /** The flow was attached since the last update: its first update sees every property as new. */
  private flowFresh = false;
  /** Its chunk could not be loaded (the next `prepare()`, `open()` or `src` tries again). */
  private flowFailed = false;

  constructor() {
    super();
    new NearViewController(this, () => void this.preload());
  }

  /**
   * Loads the visit's steps now (the element does it by itself when it comes near the viewport or a join button
   * targeting it is pressed). Resolves when they are in place; safe to call again.
   */
  preload(): Promise<unknown> {
    return (this.flowLoad ??= loadFlow().then(
      ({ RoomFlow }) => {
        this.flow = new RoomFlow(this, (stage) => this.showState(stage));
        this.flowFresh = true;
        this.flowFailed = false;
        this.requestUpdate();
        return this.flow;
      },
      (error: unknown) => {
        this.flowLoad = undefined;
        flowModule = undefined;
        if (!this.flowFailed) {
          this.flowFailed = true;
          console.warn(`video-consult-elements: <video-consult-room> cannot start a visit: ${String(error)}`);
          const code = 'chunk-unavailable';
          this.emit(new ConsultErrorEvent({ code, message: setupMessage() }));
          this.requestUpdate();
        }
        return undefined;
      },
    ));
  }

  /** Runs `action` on the flow: now when it is there, else once its chunk has loaded (in call order). */
  private withFlow(action: (flow: RoomFlow) => void): void {
    if (this.flow) action(this.flow);
    else void this.preload().then(() => this.flow && action(this.flow));
  }

  protected override getUpdateComplete(): Promise<boolean> {
    // No extra turn when the steps are there: the live stream attaches right after an update (RoomEventsController).
    if (this.flow) return super.getUpdateComplete();
    // Without them, the pending update may be what starts loading them (a `src` given before the upgrade): look
    // again after it, and wait for a load under way and for the render it asks for.
    const settle = (): Promise<boolean> =>
      this.flowLoad && !this.flow ? this.flowLoad.then(settle) : super.getUpdateComplete();
    return super.getUpdateComplete().then(settle);
  }

  /**
   * Readies the room for a join that is on its way (what `<call-join-button target=…>` does at a press): a blank,
   * hidden frame is made now, while the join is on the network, so that an `open()` that goes straight to the room
   * only has to give it its `src`. A step that waits for the user (check, consent) or the clinic drops it.
   */
  prepare(): void {
    this.withFlow((flow) => flow.prepare());
  }

  /**
   * Takes the user into the visit of a `POST /v1/join` response (its URL, allowed origins and extra permissions).
   * With a `session` the element follows the room's live state and renews the link when it must.
   */
  open(join: JoinResponse, session?: RoomSession): void {
    this.withFlow((flow) => flow.open(join, session));
  }

  /**
   * Leaves the visit as the Leave button does: fires `vc-leave-request` and, unless a listener canceled it, closes
   * the room and the live connection, fires `vc-left` and offers to rejoin. Returns whether it left.
   */
  leave(): boolean {
    return this.flow?.leave() ?? false;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.flow) {
      // A URL of the page's own needs the steps at once; without one, the idle line is all there is to show.
      if (this.src) void this.preload();
      this.showState('idle');
      return;
    }
    this.flow.willUpdate(this.flowFresh ? undefined : changed);
    this.flowFresh = false;
  }

  override render(): TemplateResult {
    if (this.flow) return this.flow.render();
    const status = this.flowFailed
      ? html`<p part="status" role="alert" tabindex="-1">${setupMessage()}</p>`
      : html`<p part="status" role="status" tabindex="-1">${idleText()}</p>`;
    return html`<div part="base" class="idle">${status}</div>`;
  }
}
