import { html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { msg } from '@lit/localize';
import { ConsultElement } from '../../internal/consult-element.js';
import { VisitWindowController, type VisitPhase } from '../../controllers/visit-window-controller.js';
import { isCapabilityToken } from '../../protocol/capability.js';
import { NearViewController } from '../../controllers/near-view-controller.js';
import type { ButtonJoinController } from '../../controllers/button-join-controller.js';
import { toConsultError, type ConsultError } from '../../client/consult-error.js';
import { JoinRequestEvent } from '../../events/join-request.js';
import { ConsultErrorEvent } from '../../events/error.js';
import type { JoinRequest } from '../../protocol/join-types.js';
import type { JoinRole } from '../../protocol/ticket.js';
import { styles } from './call-join-button.styles.js';
import { askForMedia } from './ask-for-media.js';
import { renderVisitWindow, WINDOW_ID } from './visit-window.js';
import type { ButtonView } from './button-view.js';
import { queryRoom } from './target-room.js';
import { errorMessage, joinClient, loadJoinClient, preloadJoinClient } from './join-loader.js';

/**
 * The look before the button's join has loaded (the first render, a press waiting for that code, the failure to
 * load it): idle, busy or failed. From then on `ButtonJoinController` (chunks/button.js) says: see `buttonView`.
 */
const firstView = (waiting: boolean, phase: VisitPhase | undefined, alert: boolean): ButtonView => ({
  live: !waiting && phase !== 'scheduled' && phase !== 'ended',
  busy: waiting,
  window: !alert,
  status: waiting ? msg('Connecting to your video visit…') : '',
  quiet: false,
  // Whether trying again helps is the network side's word; a chunk that did not load needs the page fixed.
  retry: false,
});

const ignore = () => undefined;

/** The error message, with "Try again" when `retry` is given. */
const renderAlert = (message: string, retry?: () => void): TemplateResult =>
  html`<div part="error" role="alert">
    <p>${message}</p>
    ${retry ? html`<button part="retry" type="button" @click=${retry}>${msg('Try again')}</button>` : nothing}
  </div>`;

/**
 * A button that gets a join link for a video visit from the consult server and opens it: in a
 * `<video-consult-room>` on the page (`target`), else in a new window.
 *
 * With `appointment`, `server` and `ticket-url` it first asks the server for the visit's window
 * (`GET /v1/visits/{appointment}`, on the server's clock). Before the visit opens the button stays focusable but
 * `aria-disabled`, says when the visit starts (in the patient's time zone) and counts down ("Opens in 12 min",
 * by the second in the last minute); after the visit it says so. A press while the window is still being fetched
 * waits for it. A visit without a schedule (`room-not-found`) joins as before. A `ticket` property alone gives no
 * window: the single ticket it holds is kept for the join.
 *
 * When the join answers that the clinic has not opened an appointment's visit yet (`room-not-found`), the button
 * says so and asks again by itself (5 s, doubling to a minute, about 12 minutes in all, while it is in the page).
 * A join URL that is not `https:` (`http:` only on localhost) from one of the provider's allowed origins is refused
 * (`url-refused`) before anything sees it.
 *
 * A press asks for what its join needs when it begins (`pointerdown`, Enter or Space), if it will join: the ticket
 * from `ticket-url` (used by that press's join only, dropped unused after 5 s) and the target room's frame
 * (`room.prepare()`); nothing is fetched on hover or focus.
 *
 * With a `target`, the tap also asks for camera and microphone (and stops them at once), because iOS prompts only
 * from a user gesture; the room gets the join link together with a `RoomSession` (fresh tickets, link refresh, the
 * visit window) in `room.open(join, session)`. From then on the button follows the room (`vc-precheck-complete`,
 * `vc-consent`, `vc-waiting`, `vc-joined`, `vc-left`, `vc-ended`, `vc-error`) and says where the visit stands:
 * while the room shows its check, consent question, an error or Rejoin, only that the visit continues there; while
 * the room holds the visit a press asks for no second link (the room's Rejoin renews it).
 *
 * @tagname call-join-button
 * @summary A button that gets a join link for a video visit from the consult server and opens it: in a
 * `<video-consult-room>` on the page (`target`), else in a new window.
 *
 * @slot - The button's label. Default: "Join video visit", localized.
 *
 * @csspart base - The wrapper around button, status line and messages.
 * @csspart button - The native `<button>`.
 * @csspart window - The visit window: start time and countdown, or that the visit is over. Describes the button.
 * @csspart status - The status line, announced politely to screen readers (not in the waiting room, which
 * announces itself).
 * @csspart error - The error message (`role="alert"`) with its retry button.
 * @csspart retry - The "Try again" button.
 * @csspart link - Fallback link to the visit, shown when it opened in a new window (a popup blocker may have
 * eaten that window).
 *
 * @cssprop --call-join-button-background - Button background. Default `var(--vc-color-primary, #0b5cad)`.
 * @cssprop --call-join-button-color - Button text colour. Default `var(--vc-color-on-primary, #fff)`.
 * @cssprop --call-join-button-radius - Corner radius. Default `var(--vc-radius, 0.5rem)`.
 * @cssprop --call-join-button-font-size - Font size. Default `var(--vc-font-size, 1.125rem)`.
 * @cssprop --call-join-button-focus-ring-color - Focus ring. Default `var(--vc-color-focus, #0b5cad)`.
 * @cssprop --call-join-button-disabled-background - Background while the button cannot be used. Default
 * `var(--vc-color-disabled-surface, #eef0f3)`.
 * @cssprop --call-join-button-disabled-color - Text and border while the button cannot be used (keep 4.5:1 on the
 * background above and 3:1 on the page). Default `var(--vc-color-disabled, #4b5563)`.
 *
 * @fires {JoinRequestEvent} vc-join-request - The user clicked; cancelable. `detail: { appointment?, room?, role? }`.
 * @fires {JoinReadyEvent} vc-join-ready - A join URL arrived and is being opened. `detail: { url, expiresAt, provider }`.
 * @fires {ConsultErrorEvent} vc-error - Joining failed, or fetching the visit window did; the element shows
 * `message` too, with "Try again" where trying again can help. Once per failure: the automatic retries of a visit
 * not opened yet report it once. `detail: { code, message }`.
 */
export class CallJoinButton extends ConsultElement {
  static override styles = styles;

  // Declared here rather than with decorators: the script tag's first file then carries no decorator code.
  static override properties: PropertyDeclarations = {
    server: {},
    appointment: {},
    room: {},
    joinRole: { attribute: 'join-role' },
    ticketUrl: { attribute: 'ticket-url' },
    ticket: { attribute: false },
    target: {},
    disabled: { type: Boolean, reflect: true },
  };

  /** Base URL of the consult server, e.g. `https://consult.hospital.example`; `https:` only (`http:` on localhost). */
  server = '';

  /**
   * Id of the appointment to join. Give this or `room`, not both. With `ticket-url` (or the appointment's capability
   * token as `ticket`), its visit window is shown.
   */
  appointment?: string;

  /** Id of the room to join. Give this or `appointment`, not both. */
  room?: string;

  /**
   * Who joins: `patient` or `clinician`. Default: the role in the consult ticket. (Not `role`: that is the
   * element's ARIA role, and `role="patient"` would give the host an invalid one.)
   */
  joinRole?: JoinRole;

  /**
   * Same-origin URL of the page's own endpoint that returns a fresh consult ticket for the signed-in user
   * (`text/plain`, or JSON `{ "ticket": "…" }`). Fetched with cookies before each call to the server (the join,
   * the visit window, and the room's calls after the join).
   */
  ticketUrl?: string;

  /**
   * A consult ticket, for pages that hold one already; wins over `ticket-url`. Property only, never an attribute:
   * it is a credential (a `ticket` attribute is removed unread, with a console warning; a property set before the
   * element was defined is taken over). The server accepts each ticket once, so set a fresh one before each join (or use `ticket-url`);
   * a room opened with `target` reads it again for each of its own calls (live state, link refresh). An appointment's
   * capability token (`vca_…`, from `vc-booked`) may be sent more than once: with it the visit window is shown too.
   */
  ticket?: string;

  /** Id of a `<video-consult-room>` in the same document (or shadow root) to open the visit in. Without it, a new window. */
  target?: string;

  /** Disables the button. */
  disabled = false;

  /** The element of the shadow part `name`, if it is rendered. */
  private shadowPart<T extends HTMLElement>(name: string): T | null {
    return this.renderRoot.querySelector<T>(`[part~="${name}"]`);
  }

  /** The error last brought into view, so that each one is brought into view once. */
  private shownAlert?: ConsultError;

  /** A press waits for the button's join and network side (chunks/button.js, chunks/client.js), busy meanwhile. */
  private waiting = false;
  /** The network side could not be loaded for a join: the button is `failed` with it. */
  private failure?: ConsultError;
  /** The join (state table, retry, room follower, ticket fetched at a press), once its code has loaded. */
  private joined?: ButtonJoinController;

  private readonly visit = new VisitWindowController(this, {
    args: () => ({
      server: this.server,
      appointment: this.appointment,
      ticketUrl: this.ticketUrl,
      // An appointment's capability token may be sent again: the window can be fetched with it, and the join too.
      reusable: isCapabilityToken(this.ticket) ? this.ticket : undefined,
    }),
    onError: (error) => this.report(error),
    onSettled: () => {
      const join = this.join;
      if (join) join.send(join.shut ? 'window-shut' : 'window-open');
    },
  });

  // The button's network side and the target room's steps are chunks of their own: fetched once the button is near
  // the viewport, so that its click never waits for them (a press fetches them too, see handlePressStart).
  private readonly nearView = new NearViewController(this, () => {
    preloadJoinClient();
    if (this.target !== undefined) void queryRoom(this, this.target)?.preload?.();
  });

  /** The join, made once the network side is there (with the failure to load it, if a press met that). */
  private get join(): ButtonJoinController | undefined {
    const client = joinClient();
    this.joined ??=
      client &&
      new client.ButtonJoinController(
        this,
        {
          visit: this.visit,
          emit: (event) => this.emit(event),
          request: () => this.joinRequest(),
        },
        this.failure,
      );
    return this.joined;
  }

  /** The join while no press waits for its code. */
  private get ready(): ButtonJoinController | undefined {
    return this.waiting ? undefined : this.join;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // A press waiting for the network side is dropped with the host, as a join in flight is.
    this.waiting = false;
  }

  /** What the page hears: the code, and the message the element shows for it. */
  private report(error: ConsultError): void {
    this.emit(new ConsultErrorEvent({ code: error.code, message: errorMessage(error.code) }));
  }

  /** A press before the network side loaded: busy until it has, then the join's own press. */
  private pressWhenLoaded(): void {
    this.waiting = true;
    this.failure = undefined;
    this.requestUpdate();
    loadJoinClient().then(
      () => {
        if (!this.waiting) return;
        this.waiting = false;
        this.join?.send('press');
      },
      (error: unknown) => {
        if (!this.waiting) return;
        this.waiting = false;
        this.failure = toConsultError(error);
        this.report(this.failure);
        this.requestUpdate();
      },
    );
  }

  private joinRequest(): JoinRequest {
    const { appointment, room, joinRole: role } = this;
    // Only the keys that are set: the server's schema is strict.
    return { ...(appointment && { appointment }), ...(room && { room }), ...(role && { role }) };
  }

  /** The error the alert shows: the join's, else (before any join) a failed fetch of the visit window. */
  private get alert(): ConsultError | undefined {
    if (this.waiting) return undefined;
    return this.join ? this.join.alert : (this.failure ?? this.visit.error);
  }

  private view(): ButtonView {
    return this.ready?.view() ?? firstView(this.waiting, this.visit.phase, this.alert !== undefined);
  }

  /** Where the button stands (see join-states.ts), as its custom state. */
  private get state(): string {
    return this.ready?.state ?? (this.waiting ? 'queued' : this.failure ? 'failed' : 'idle');
  }

  /**
   * A press begins (the pointer goes down, Enter or Space): what the click will need starts now. The code (the
   * button's network side, the target room's steps) at every press of a live button, also one that waits for the
   * visit window; when the click will join at once, the ticket from `ticket-url` (see `TicketPrefetchController`)
   * and the target room's frame too. Not at the click
   * itself: measured (docs/BENCHMARKS.md), making the frame there slowed the ticket's round trip more than it saved.
   */
  private handlePressStart(event: PointerEvent | KeyboardEvent): void {
    if (event instanceof PointerEvent ? event.button !== 0 : event.key !== 'Enter' && event.key !== ' ')
      return;
    if (this.disabled || !this.view().live) return;
    // The code a join needs, whether this press joins now or once the visit window is known.
    const room = this.target === undefined ? undefined : queryRoom(this, this.target);
    preloadJoinClient();
    void room?.preload?.();
    // A live button takes a press; it joins at once once the visit window is known (and open, being live).
    if (!this.visit.settled) return;
    const { ticketUrl } = this;
    if (ticketUrl && !this.ticket) {
      // Held by the join, which comes with the network side: the ticket is asked for once that is there (before a
      // click that waits for it joins), as its fetch would wait for it anyway.
      const { join } = this;
      if (join) join.tickets.fetch(ticketUrl);
      else loadJoinClient().then(() => this.join?.tickets.fetch(ticketUrl), ignore);
    }
    room?.prepare?.();
  }

  private handleClick(): void {
    if (this.disabled || !this.view().live) return;
    if (!this.emit(new JoinRequestEvent(this.joinRequest()))) return;
    const room = this.target === undefined ? undefined : queryRoom(this, this.target);
    // The ticket request leaves first (when the visit window is known); the rest runs while it is on the network.
    const { join } = this;
    if (join) join.send('press');
    else this.pressWhenLoaded();
    // Still inside the tap (see askForMedia); a new window asks for itself.
    if (room) askForMedia();
  }

  private handleRetry(): void {
    // The retry button disappears with the error: keep keyboard focus on the main button instead of losing it.
    this.shadowPart('button')?.focus();
    if (this.state === 'failed') this.handleClick();
    else void this.visit.refetch();
  }

  protected override willUpdate(): void {
    this.showState(this.state);
  }

  override updated(): void {
    const { alert } = this;
    if (alert === this.shownAlert) return;
    this.shownAlert = alert;
    if (!alert) return;
    // On a phone the error lands under the button, often below the fold: bring it (and "Try again") into view.
    this.shadowPart('error')?.scrollIntoView({ block: 'nearest' });
    // Focus stays on the button while a press can still do something; else "Try again" takes it.
    const focused = this.shadowRoot?.activeElement === this.shadowPart('button');
    if (focused && !this.view().live) this.shadowPart('retry')?.focus();
  }

  /**
   * Whether the page gave the button a label. Whitespace between the tags (a CMS's formatting) is assigned
   * to the slot too and would hide a fallback inside it, leaving the button without a name; so the default
   * label is drawn beside the slot, unless the page's nodes say something.
   */
  private get labelled(): boolean {
    return [...this.childNodes].some(
      (node) => node.nodeType === Node.ELEMENT_NODE || node.textContent?.trim(),
    );
  }

  private readonly handleSlotChange = () => this.requestUpdate();

  override render(): TemplateResult {
    const { info, phase } = this.visit;
    const view = this.view();
    const { alert } = this;
    const windowShown = view.window && info && phase;
    const retry = view.retry ? () => this.handleRetry() : undefined;
    return html`
      <div part="base">
        <button
          part="button"
          type="button"
          ?disabled=${this.disabled}
          aria-busy=${view.busy ? 'true' : 'false'}
          aria-disabled=${view.live ? nothing : 'true'}
          aria-describedby=${windowShown ? WINDOW_ID : nothing}
          @pointerdown=${this.handlePressStart}
          @keydown=${this.handlePressStart}
          @click=${this.handleClick}
        >
          <slot @slotchange=${this.handleSlotChange}></slot
          >${this.labelled ? nothing : msg('Join video visit')}
        </button>
        ${windowShown ? renderVisitWindow(info, phase, this.visit.now()) : nothing}
        <p part="status" role=${view.quiet ? nothing : 'status'} aria-live=${view.quiet ? 'off' : 'polite'}>
          ${view.status}
        </p>
        ${alert ? renderAlert(errorMessage(alert.code), retry) : nothing} ${this.ready?.link() ?? nothing}
      </div>
    `;
  }
}
