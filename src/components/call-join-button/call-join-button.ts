import { html, nothing } from 'lit';
import { property, query } from 'lit/decorators.js';
import { msg } from '@lit/localize';
import { ConsultElement } from '../../internal/consult-element.js';
import { errorMessage } from '../../internal/error-messages.js';
import { pageLanguage } from '../../internal/page-language.js';
import { JoinController, roomSession, type JoinArgs } from '../../controllers/join-controller.js';
import { VisitWindowController } from '../../controllers/visit-window-controller.js';
import { ConsultError } from '../../client/consult-error.js';
import type { RoomSession } from '../../client/room-session.js';
import { JoinRequestEvent } from '../../events/join-request.js';
import { JoinReadyEvent } from '../../events/join-ready.js';
import { ConsultErrorEvent } from '../../events/error.js';
import type { JoinRequest, JoinResponse } from '../../protocol/join.js';
import type { JoinRole } from '../../protocol/ticket.js';
import { styles } from './call-join-button.styles.js';
import { askForMedia } from './ask-for-media.js';
import { renderVisitWindow, WINDOW_ID } from './visit-window.js';

/**
 * What the button needs of a `<video-consult-room>`. Declared here rather than imported, so that this module never
 * pulls in the room's code (nor a second copy of it).
 */
interface RoomTarget extends HTMLElement {
  open(join: JoinResponse, session?: RoomSession): void;
}

/**
 * @tagname call-join-button
 * @summary A button that gets a join link for a video visit from the consult server and opens it: in a
 * `<video-consult-room>` on the page (`target`), else in a new window.
 *
 * With `appointment`, `server` and `ticket-url` it first asks the server for the visit's window
 * (`GET /v1/visits/{appointment}`, on the server's clock). Before the visit opens the button stays focusable but
 * `aria-disabled`, says when the visit starts (in the patient's time zone) and counts down ("Opens in 12 min",
 * by the second in the last minute); after the visit it says so. A visit without a schedule (`room-not-found`)
 * joins as before. A `ticket` property alone gives no window: the single ticket it holds is kept for the join.
 *
 * With a `target`, the tap also asks for camera and microphone (and stops them at once), because iOS prompts only
 * from a user gesture; the room gets the join link together with a `RoomSession` (fresh tickets, link refresh, the
 * visit window) in `room.open(join, session)`.
 *
 * @slot - The button's label. Default: "Join video visit", localized.
 *
 * @csspart base - The wrapper around button, status line and messages.
 * @csspart button - The native `<button>`.
 * @csspart window - The visit window: start time and countdown, or that the visit is over. Describes the button.
 * @csspart status - The status line, announced politely to screen readers.
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
 *
 * @fires {JoinRequestEvent} vc-join-request - The user clicked; cancelable. `detail: { appointment?, room?, role? }`.
 * @fires {JoinReadyEvent} vc-join-ready - A join URL arrived and is being opened. `detail: { url, expiresAt, provider }`.
 * @fires {ConsultErrorEvent} vc-error - Joining failed, or fetching the visit window did; the element shows
 * `message` too, with a retry. `detail: { code, message }`.
 */
export class CallJoinButton extends ConsultElement {
  static override styles = styles;

  /** Base URL of the consult server, e.g. `https://consult.hospital.example`; `https:` only (`http:` on localhost). */
  @property() server = '';

  /** Id of the appointment to join. Give this or `room`, not both. With `ticket-url`, its visit window is shown. */
  @property() appointment?: string;

  /** Id of the room to join. Give this or `appointment`, not both. */
  @property() room?: string;

  /**
   * Who joins: `patient` or `clinician`. Default: the role in the consult ticket. (Not `role`: that is the
   * element's ARIA role, and `role="patient"` would give the host an invalid one.)
   */
  @property({ attribute: 'join-role' }) joinRole?: JoinRole;

  /**
   * Same-origin URL of the page's own endpoint that returns a fresh consult ticket for the signed-in user
   * (`text/plain`, or JSON `{ "ticket": "…" }`). Fetched with cookies before each call to the server (the join,
   * the visit window, and the room's calls after the join).
   */
  @property({ attribute: 'ticket-url' }) ticketUrl?: string;

  /**
   * A consult ticket, for pages that hold one already; wins over `ticket-url`. Property only, never an attribute:
   * it is a credential. The server accepts each ticket once, so set a fresh one before each join (or use `ticket-url`);
   * a room opened with `target` reads it again for each of its own calls (live state, link refresh).
   */
  @property({ attribute: false }) ticket?: string;

  /** Id of a `<video-consult-room>` in the same document (or shadow root) to open the visit in. Without it, a new window. */
  @property() target?: string;

  /** Disables the button. */
  @property({ type: Boolean, reflect: true }) disabled = false;

  @query('[part~="button"]') private button!: HTMLButtonElement;

  private readonly flow = new JoinController(this, {
    args: () => ({
      server: this.server,
      // The page's language goes with the request, not in `vc-join-request`: it is not what is joined.
      request: { ...this.joinRequest(), ...pageLanguage(this) },
      ticket: this.ticket,
      ticketUrl: this.ticketUrl,
    }),
    deliver: (join, args) => this.deliver(join, args),
    onError: (error) => {
      this.report(error);
      // The server's clock says it is too early: fetch the window again, so that the countdown shows it.
      if (error.code === 'visit-not-open') void this.visit.refetch();
    },
  });

  private readonly visit = new VisitWindowController(this, {
    args: () => ({ server: this.server, appointment: this.appointment, ticketUrl: this.ticketUrl }),
    onError: (error) => this.report(error),
  });

  private report(error: ConsultError): void {
    this.emit(new ConsultErrorEvent({ code: error.code, message: errorMessage(error.code) }));
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

  private async handleClick(): Promise<void> {
    if (this.disabled || this.shut || this.flow.status === 'loading') return;
    if (!this.emit(new JoinRequestEvent(this.joinRequest()))) return;
    // Still inside the tap, before the first await (see askForMedia); a new window asks for itself.
    if (this.target !== undefined && this.queryRoom(this.target)) askForMedia();
    await this.flow.start();
  }

  private async handleRetry(): Promise<void> {
    // The retry button disappears with the error: keep keyboard focus on the main button instead of losing it.
    this.button.focus();
    if (this.flow.status === 'error') await this.handleClick();
    else await this.visit.refetch();
  }

  private deliver(join: JoinResponse, args: JoinArgs): void {
    const room = this.target === undefined ? undefined : this.findRoom(this.target);
    this.emit(new JoinReadyEvent({ url: join.url, expiresAt: join.expiresAt, provider: join.provider }));
    if (room) room.open(join, roomSession(args, this, this.visit.info));
    else window.open(join.url, '_blank', 'noopener,noreferrer');
  }

  private queryRoom(id: string): RoomTarget | undefined {
    const root = this.getRootNode();
    const found = root instanceof Document || root instanceof ShadowRoot ? root.getElementById(id) : null;
    // By tag name, not `instanceof`: this module must not pull in the room's code (nor a second copy of it).
    return found?.localName === 'video-consult-room' && typeof (found as RoomTarget).open === 'function'
      ? (found as RoomTarget)
      : undefined;
  }

  /** The target room; a missing or foreign target is checked before `vc-join-ready`, so the page never gets both. */
  private findRoom(id: string): RoomTarget {
    const room = this.queryRoom(id);
    if (room) return room;
    throw new ConsultError('target-not-found', { detail: `no <video-consult-room id="${id}"> here` });
  }

  private statusText(): string {
    switch (this.flow.status) {
      case 'loading':
        return msg('Connecting to your video visit…');
      case 'ready':
        return this.target === undefined
          ? msg('Your video visit has opened in a new window.')
          : msg('Your video visit is ready.');
      default:
        return '';
    }
  }

  override render() {
    const { status } = this.flow;
    const { info, phase } = this.visit;
    const busy = status === 'loading';
    const url = status === 'ready' && this.target === undefined ? this.flow.value?.url : undefined;
    // The join's failure is the newer news; without one, a failed fetch of the visit window.
    const error = status === 'error' ? this.flow.error : this.visit.error;
    return html`
      <div part="base">
        <button
          part="button"
          type="button"
          ?disabled=${this.disabled}
          aria-busy=${busy ? 'true' : 'false'}
          aria-disabled=${busy || this.shut ? 'true' : nothing}
          aria-describedby=${info ? WINDOW_ID : nothing}
          @click=${this.handleClick}
        >
          <slot>${msg('Join video visit')}</slot>
        </button>
        ${info && phase ? renderVisitWindow(info, phase, this.visit.now()) : nothing}
        <p part="status" role="status" aria-live="polite">${this.statusText()}</p>
        ${
          error
            ? html`<div part="error" role="alert">
                <p>${errorMessage(error.code)}</p>
                <button part="retry" type="button" @click=${this.handleRetry}>${msg('Try again')}</button>
              </div>`
            : nothing
        }
        ${
          url
            ? html`<a part="link" href=${url} target="_blank" rel="noopener noreferrer"
                >${msg('Open your video visit in a new window')}</a
              >`
            : nothing
        }
      </div>
    `;
  }
}
