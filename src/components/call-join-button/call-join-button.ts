import { html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { msg } from '@lit/localize';
import { ConsultElement } from '../../internal/consult-element.js';
import { pageLanguage } from '../../internal/page-language.js';
import { JoinController, type JoinArgs } from '../../controllers/join-controller.js';
import { VisitWindowController } from '../../controllers/visit-window-controller.js';
import { RetryController } from '../../controllers/retry-controller.js';
import { RoomFollowerController } from '../../controllers/room-follower-controller.js';
import { TicketPrefetchController } from '../../controllers/ticket-prefetch-controller.js';
import { NearViewController } from '../../controllers/near-view-controller.js';
import { ConsultError } from '../../client/consult-error.js';
import { JoinRequestEvent } from '../../events/join-request.js';
import { JoinReadyEvent } from '../../events/join-ready.js';
import { ConsultErrorEvent } from '../../events/error.js';
import type { JoinRequest, JoinResponse } from '../../protocol/join-types.js';
import type { JoinRole } from '../../protocol/ticket.js';
import { styles } from './call-join-button.styles.js';
import { askForMedia } from './ask-for-media.js';
import { renderVisitWindow, WINDOW_ID } from './visit-window.js';
import { transition, type JoinEffect, type JoinEvent, type JoinState } from './join-states.js';
import { buttonView, notOpenedText, renderAlert, renderLink, type ButtonView } from './button-view.js';
import { findRoom, queryRoom } from './target-room.js';
import { errorMessage, preloadJoinClient, type JoinClient } from './join-loader.js';

/**
 * How often and how long the button asks again while the clinic has not opened the visit: 5 s, doubling to a
 * minute, 15 times (about 12 minutes), then it says so and offers "Try again".
 */
const NOT_OPENED_RETRY = { firstDelay: 5_000, maxDelay: 60_000, attempts: 15 };

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

  /** Id of the appointment to join. Give this or `room`, not both. With `ticket-url`, its visit window is shown. */
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
   * a room opened with `target` reads it again for each of its own calls (live state, link refresh).
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

  /** Where the button stands with its visit (see `TRANSITIONS`); `send()` renders each change. */
  private state: JoinState = 'idle';
  /** The error behind `failed` and `not-opened`. */
  private failure?: ConsultError;

  private readonly flow = new JoinController(this, {
    args: () => ({
      server: this.server,
      // The page's language goes with the request, not in `vc-join-request`: it is not what is joined.
      request: { ...this.joinRequest(), ...pageLanguage(this) },
      ticket: this.ticket,
      ticketUrl: this.ticketUrl,
    }),
    deliver: (join, args, client) => this.deliver(join, args, client),
    onError: (error) => this.joinFailed(error),
    prefetched: ({ ticketUrl }) => this.prefetch.take(ticketUrl),
  });

  private readonly prefetch = new TicketPrefetchController(this);

  private readonly visit = new VisitWindowController(this, {
    args: () => ({ server: this.server, appointment: this.appointment, ticketUrl: this.ticketUrl }),
    onError: (error) => this.report(error),
    onSettled: () => this.send(this.shut ? 'window-shut' : 'window-open'),
  });

  private readonly retry = new RetryController(this, {
    ...NOT_OPENED_RETRY,
    onDue: () => this.send('retry-due'),
  });

  private readonly follower = new RoomFollowerController(this, (type) => this.send(type));
  // The button's network side and the target room's steps are chunks of their own: fetched once the button is near
  // the viewport, so that its click never waits for them (a press fetches them too, see handlePressStart).
  private readonly nearView = new NearViewController(this, () => {
    preloadJoinClient();
    if (this.target !== undefined) void queryRoom(this, this.target)?.preload?.();
  });

  /** Moves through the state table and runs the transition's effects. */
  private send(event: JoinEvent): void {
    const next = transition(this.state, event);
    if (!next) return;
    this.state = next.to;
    if (next.to !== 'failed' && next.to !== 'not-opened') this.failure = undefined;
    this.requestUpdate();
    for (const effect of next.effects ?? []) this.run(effect);
  }

  private run(effect: JoinEffect): void {
    switch (effect) {
      case 'join':
        void this.flow.start();
        break;
      case 'wait-for-window':
        // A press is a fresh attempt. A window already known answers at once; else its fetch does, when it settles.
        this.retry.reset();
        if (this.visit.settled) this.send(this.shut ? 'window-shut' : 'window-open');
        break;
      case 'schedule-retry':
        if (!this.retry.schedule()) this.send('gave-up');
        break;
      case 'cancel-retry':
        this.retry.cancel();
        break;
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // The join in flight was aborted with the host (JoinController): nothing is on its way any more.
    this.send('aborted');
  }

  /** What the page hears: the code, and the message the element shows for it. */
  private report(error: ConsultError, message = errorMessage(error.code)): void {
    this.emit(new ConsultErrorEvent({ code: error.code, message }));
  }

  private joinFailed(error: ConsultError): void {
    const { code } = error;
    if (code === 'room-not-found' && this.appointment) {
      // The clinic has not opened the visit yet (patients never create it): ask again by itself, and tell the page
      // once, not at every try.
      if (this.retry.fresh) this.report(error, notOpenedText());
      this.failure = error;
      this.send('not-opened');
      return;
    }
    this.report(error);
    if (code === 'room-ended') return this.send('visit-over');
    this.failure = error;
    this.send('failed');
    // The server's clock says it is too early: fetch the window again, so that the countdown shows it.
    if (code === 'visit-not-open') void this.visit.refetch();
  }

  private joinRequest(): JoinRequest {
    const { appointment, room, joinRole: role } = this;
    // Only the keys that are set: the server's schema is strict.
    return { ...(appointment && { appointment }), ...(room && { room }), ...(role && { role }) };
  }

  /** Whether the visit window keeps the button shut: not open yet, or over. */
  private get shut(): boolean {
    const { phase } = this.visit;
    return phase === 'scheduled' || phase === 'ended';
  }

  /** The error the alert shows: the join's, else (before any join) a failed fetch of the visit window. */
  private get alert(): ConsultError | undefined {
    if (this.state === 'failed') return this.failure;
    return this.state === 'idle' ? this.visit.error : undefined;
  }

  private view(): ButtonView {
    return buttonView({ state: this.state, phase: this.visit.phase, alert: this.alert?.code });
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
    if (!transition(this.state, 'press') || !this.visit.settled || this.shut) return;
    if (this.ticketUrl && !this.ticket) this.prefetch.fetch(this.ticketUrl);
    room?.prepare?.();
  }

  private handleClick(): void {
    if (this.disabled || !this.view().live) return;
    if (!this.emit(new JoinRequestEvent(this.joinRequest()))) return;
    const room = this.target === undefined ? undefined : queryRoom(this, this.target);
    // The ticket request leaves first (when the visit window is known); the rest runs while it is on the network.
    this.send('press');
    // Still inside the tap (see askForMedia); a new window asks for itself.
    if (room) askForMedia();
  }

  private handleRetry(): void {
    // The retry button disappears with the error: keep keyboard focus on the main button instead of losing it.
    this.shadowPart('button')?.focus();
    if (this.state === 'failed') this.handleClick();
    else void this.visit.refetch();
  }

  /**
   * Hands the join on: to the target room, else to a new window. A missing or foreign target, and a URL the room
   * would refuse to frame, are refused before `vc-join-ready`, so the page never gets both that and an error.
   */
  private deliver(join: JoinResponse, args: JoinArgs, client: JoinClient): void {
    const room = this.target === undefined ? undefined : findRoom(this, this.target);
    if (!client.frameableOrigin(join.url, join.allowedOrigins)) {
      throw new ConsultError('url-refused');
    }
    this.emit(new JoinReadyEvent({ url: join.url, expiresAt: join.expiresAt, provider: join.provider }));
    if (room) {
      // Listening before the room opens, so that nothing it says on the way is missed.
      this.follower.follow(room);
      this.send('handed');
      room.open(join, client.roomSession(args, this, this.visit.info));
    } else {
      window.open(join.url, '_blank', 'noopener,noreferrer');
      this.send('opened');
    }
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
    const url = this.state === 'opened' ? this.flow.value?.url : undefined;
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
        ${alert ? renderAlert(errorMessage(alert.code), retry) : nothing} ${url ? renderLink(url) : nothing}
      </div>
    `;
  }
}
