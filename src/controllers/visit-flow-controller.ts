import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { frameableOrigin } from '../internal/url-policy.js';
import { errorMessage } from '../internal/error-messages.js';
import type { ConsultEvent } from '../internal/consult-element.js';
import { toConsultError } from '../client/consult-error.js';
import type { RoomSession } from '../client/room-session.js';
import type { JoinResponse } from '../protocol/join-types.js';
import type { RoomMessageType } from '../protocol/room-messages.js';
import { ConsultErrorEvent } from '../events/error.js';
import { RoomReadyEvent } from '../events/room-ready.js';
import { RoomJoinedEvent } from '../events/joined.js';
import { RoomLeftEvent } from '../events/left.js';
import { RoomEndedEvent } from '../events/ended.js';
import { RoomWaitingEvent } from '../events/waiting.js';
import { ReconnectingEvent } from '../events/reconnecting.js';
import { ReconnectedEvent } from '../events/reconnected.js';
import { TokenExpiringEvent } from '../events/token-expiring.js';
import { PrecheckCompleteEvent } from '../events/precheck-complete.js';
import { ConsentEvent } from '../events/consent.js';
import { LeaveRequestEvent } from '../events/leave-request.js';
import { MediaCheckController } from './media-check-controller.js';
import { RoomEventsController } from './room-events-controller.js';
import { JoinLinkController } from './join-link-controller.js';

export type VisitStage =
  'idle' | 'check' | 'consent' | 'declined' | 'waiting' | 'joining' | 'room' | 'left' | 'ended' | 'failed';

export interface VisitFlowHost extends ReactiveControllerHost, HTMLElement {
  src: string;
  allowedOrigins: string[];
  noPrecheck: boolean;
  consent: boolean;
  consentVersion?: string;
  /** Seconds. */
  expiryLead: number;
}

/**
 * The steps of a visit: check, consent, waiting room, room, and the ways out (left, ended, failed). It merges the
 * consult server's live state and the room page's messages into one event per change, whichever came first.
 */
export class VisitFlowController implements ReactiveController {
  stage: VisitStage = 'idle';
  /** The error code of the `failed` stage. */
  failure = '';
  /** `src` may not be framed. */
  refused = false;
  /** Permission-policy features the provider needs beyond the defaults, and its name (from the join response). */
  allow: readonly string[] = [];
  provider?: string;
  /** The provider's room page says when it loaded (join response); otherwise the frame's `load` has to do. */
  private postsMessages = false;
  readonly media: MediaCheckController;
  readonly events: RoomEventsController;
  /** The link `src` came from (none when the page set `src` itself), and the session that renews it. */
  readonly links: JoinLinkController;
  private checked = false;
  private consented = false;
  private presence?: 'joined' | 'left';
  private readyFired = false;
  /** `vc-waiting` fired for the current stay in the waiting room. */
  private waited = false;
  /** A join is on its way (`prepare()`), until the first step. */
  private prepared = false;
  /** Which frame element the host renders: a new one after each stay in the room, never the last page's. */
  frameKey = 0;

  constructor(private readonly host: VisitFlowHost) {
    host.addController(this);
    this.media = new MediaCheckController(host);
    this.links = new JoinLinkController(host, {
      lead: () => host.expiryLead * 1000,
      onExpiring: (expiresAt) => this.emit(new TokenExpiringEvent({ expiresAt })),
      // The link lives here, not in the public `src`/`allowedOrigins`: those stay the page's, so a framework that
      // re-applies them on every render never undoes the visit.
      apply: (join) => {
        this.allow = join.allow;
        this.provider = join.provider;
        this.postsMessages = join.postsMessages ?? false;
        this.readyFired = false;
        this.checkRefusal(true);
        host.requestUpdate();
      },
    });
    this.events = new RoomEventsController(host, {
      onState: ({ phase, roomId }) => {
        if (phase === 'ended') this.end(roomId);
        else if (phase !== 'waiting' && this.stage === 'waiting') void this.enter();
        else this.announceWaiting();
      },
      onRetry: (attempt, delay) => {
        this.emit(new ReconnectingEvent({ attempt, delay }));
        // Still no live state after a few tries: the room page can do the waiting.
        if (this.stage === 'waiting' && !this.events.live) void this.enter();
        host.requestUpdate();
      },
      onBack: () => {
        this.emit(new ReconnectedEvent());
        host.requestUpdate();
      },
      onFatal: ({ code }) => {
        if (code === 'room-ended') this.end();
        else if (this.stage === 'waiting') void this.enter();
      },
    });
  }

  /**
   * Whether the host holds a blank frame ready, for the room page to be framed in place: while a link is on the
   * network (a join after `prepare()`, a refresh in `joining`), so that making the frame costs nothing once it
   * answers. Not in the steps that wait for the user or the clinic: the frame is made when they end.
   */
  get standby(): boolean {
    const { stage } = this;
    return stage === 'joining' || (stage === 'idle' && this.prepared);
  }

  prepare(): void {
    if (this.prepared) return;
    this.prepared = true;
    this.host.requestUpdate();
  }

  /** The URL to frame: the held link's (from `open()`), else the page's `src`. */
  get src(): string {
    return this.links.link?.url ?? this.host.src;
  }

  /** The origin of `src` when it may be framed: among the held link's allowed origins, else the page's. */
  get origin(): string | undefined {
    const { src } = this;
    const allowed = this.links.link?.allowedOrigins ?? this.host.allowedOrigins;
    return src ? frameableOrigin(src, allowed) : undefined;
  }

  open(join: JoinResponse, session?: RoomSession): void {
    this.links.hold(join, session);
    if (session) this.events.follow(session, join.roomId, join.phase);
    else this.events.stop();
    this.proceed();
  }

  leave(): boolean {
    const { stage } = this;
    const roomId = this.links.link?.roomId;
    if (stage === 'idle' || stage === 'left' || stage === 'ended') return false;
    if (!this.emit(new LeaveRequestEvent({ roomId }))) return false;
    this.depart(roomId);
    return true;
  }

  rejoin(): void {
    const { session, link } = this.links;
    if (this.stage === 'left' && session && link) this.events.follow(session, link.roomId);
    this.proceed();
  }

  finishCheck(): void {
    this.checked = true;
    this.emit(new PrecheckCompleteEvent(this.media.result));
    this.proceed();
  }

  answer(accepted: boolean): void {
    this.consented = accepted;
    const version = this.host.consentVersion;
    this.emit(new ConsentEvent({ accepted, timestamp: new Date().toISOString(), version }));
    if (accepted) this.proceed();
    else this.go('declined');
  }

  /** Back from "declined" to the consent question. */
  reconsider(): void {
    this.go('consent');
  }

  /**
   * The page changed `src` or `allowedOrigins`. A non-empty `src` of its own replaces a held link (the steps start
   * over); anything else (an empty `src`, the page's allowed origins set again) leaves a link from `open()` alone.
   */
  sourceChanged(srcChanged: boolean): void {
    const own = srcChanged && (this.host.src !== '' || !this.links.link);
    if (own) {
      this.readyFired = false;
      this.postsMessages = false;
      this.links.forget();
      this.events.stop();
    }
    if (own || this.stage === 'idle') this.proceed();
    this.checkRefusal(own);
  }

  /** `vc-error` `url-refused` once per refused URL, not again when only the allowed origins change. */
  private checkRefusal(newUrl: boolean): void {
    const refused = this.src !== '' && !this.origin;
    if (refused && (newUrl || !this.refused)) {
      this.emit(new ConsultErrorEvent({ code: 'url-refused', message: errorMessage('url-refused') }));
    }
    this.refused = refused;
  }

  /**
   * The frame fired `load`. That is the room's readiness only for a provider whose page does not say it: the load
   * of a vendor's error page (a spent link, a refused frame) looks the same.
   */
  frameLoaded(): void {
    if (!this.postsMessages) this.roomSaid('ready');
  }

  /** A message from the framed room page (the host checked where it came from). */
  roomSaid(type: RoomMessageType, roomId = this.links.link?.roomId): void {
    const { origin } = this;
    // Left with the page's own button: the same way out as ours, with Rejoin (the page shows only "you left").
    if (type === 'left') this.depart(roomId);
    else if (type === 'ended') this.end(roomId);
    else if (type === 'link-expired') {
      // The page could not open the room with this link: no frame, say so, and offer a new link if a session can.
      if (this.stage === 'room') this.fail('link-expired');
    } else if (type === 'joined') {
      if (this.presence !== 'joined') this.emit(new RoomJoinedEvent({ roomId }));
      this.presence = 'joined';
    } else if (!this.readyFired && origin) {
      this.readyFired = true;
      this.emit(new RoomReadyEvent({ origin, provider: this.provider }));
    }
  }

  hostConnected(): void {
    // A link refresh cut short by leaving the document starts again.
    if (this.stage === 'joining') void this.enter();
  }

  private emit(event: ConsultEvent): boolean {
    return this.host.dispatchEvent(event);
  }

  /** Stops what runs in the background for a visit: live state, link refresh, expiry warning. */
  private halt(): void {
    this.links.stop();
    this.events.stop();
  }

  private go(stage: VisitStage): void {
    const from = this.stage;
    if (from === stage) return;
    this.stage = stage;
    this.waited = false;
    if (from === 'room') this.frameKey++;
    if (from === 'idle') this.prepared = false;
    this.host.requestUpdate();
    if (from === 'check') this.media.stop();
    if (stage === 'check') this.media.start();
    this.announceWaiting();
  }

  /** `vc-waiting` once per stay in the waiting room, when the live state confirms it (it may say `open` at once). */
  private announceWaiting(): void {
    if (this.stage !== 'waiting' || this.events.phase !== 'waiting' || this.waited) return;
    this.waited = true;
    this.emit(new RoomWaitingEvent({ roomId: this.links.link?.roomId }));
  }

  /** The next step: the check, consent, the waiting room while the live state says so, else the room. */
  private proceed(): void {
    const { phase, live } = this.events;
    if (!this.origin) this.go('idle');
    else if (!this.checked && !this.host.noPrecheck) this.go('check');
    else if (this.host.consent && !this.consented) this.go('consent');
    else if (live && phase === 'ended') this.end();
    else if (live && phase !== 'open' && phase !== 'live') this.go('waiting');
    else void this.enter();
  }

  /** Frames the link; first replaces it when it was used or is about to expire. */
  private async enter(): Promise<void> {
    const { links } = this;
    if (links.stale) {
      if (!links.session) return this.fail('link-expired');
      this.go('joining');
      try {
        if (!(await links.refresh(links.session))) return;
      } catch (error) {
        const { code } = toConsultError(error);
        return code === 'room-ended' ? this.end() : this.fail(code);
      }
    }
    links.framed();
    this.readyFired = false;
    this.presence = undefined;
    this.go(this.origin ? 'room' : 'idle');
  }

  private fail(code: string): void {
    this.failure = code;
    this.go('failed');
    this.emit(new ConsultErrorEvent({ code, message: errorMessage(code) }));
  }

  private end(roomId = this.links.link?.roomId): void {
    if (this.stage === 'ended') return;
    this.halt();
    this.go('ended');
    this.emit(new RoomEndedEvent({ roomId }));
  }

  /** Out of the room, by our Leave or the room page's: nothing runs on, the user may rejoin. */
  private depart(roomId?: string): void {
    this.halt();
    this.go('left');
    this.left(roomId);
  }

  private left(roomId?: string): void {
    if (this.presence === 'left') return;
    this.presence = 'left';
    this.emit(new RoomLeftEvent({ roomId }));
  }
}
