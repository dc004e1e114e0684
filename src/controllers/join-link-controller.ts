import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { RoomSession } from '../client/room-session.js';
import type { JoinResponse } from '../protocol/join-types.js';
import type { VisitInfo } from '../protocol/visits.js';
import { TokenExpiryController } from './token-expiry-controller.js';

/** A link this close to its expiry is replaced before it is framed: the room page needs a moment to redeem it. */
const FRAME_MARGIN_MS = 10_000;

export interface JoinLinkOptions {
  /** How long before the expiry to warn, in ms. */
  lead: () => number;
  onExpiring: (expiresAt: string) => void;
  /** A link to show from now on (the held one was replaced). */
  apply: (join: JoinResponse) => void;
}

/**
 * The join link a room holds until it frames it. While held it is watched (`onExpiring`, `lead` ahead); when it
 * was used or is about to expire, `refresh()` replaces it through the session. Once framed it is spent and no
 * longer watched: the vendor's session outlives the link.
 */
export class JoinLinkController implements ReactiveController {
  link?: JoinResponse;
  session?: RoomSession;
  private used = false;
  /** Server clock minus device clock, from the visit window of the join answer or the session. */
  private skew = 0;
  private refreshing?: AbortController;
  private readonly expiry: TokenExpiryController;

  constructor(
    host: ReactiveControllerHost & Element,
    private readonly options: JoinLinkOptions,
  ) {
    host.addController(this);
    this.expiry = new TokenExpiryController(host, { ...options, now: () => this.now() });
  }

  /** The visit window: the join answer's, else the one the session carries (an older server's answer has none). */
  get visit(): VisitInfo | undefined {
    return this.link?.visit ?? this.session?.visit;
  }

  /** Now by the server's clock, never behind the device's: refreshing early is harmless, framing a dead link is not. */
  now(): number {
    return Date.now() + Math.max(this.skew, 0);
  }

  hold(join: JoinResponse, session?: RoomSession): void {
    this.stop();
    this.session = session;
    this.skew = Date.parse((join.visit ?? session?.visit)?.serverTime ?? '') - Date.now() || 0;
    this.set(join);
  }

  forget(): void {
    this.stop();
    this.link = this.session = undefined;
  }

  /** Stops a refresh in flight and the expiry warning. */
  stop(): void {
    this.refreshing?.abort();
    this.expiry.watch();
  }

  /**
   * Framing needs a fresh link first: it expires within seconds, or it was used and a session can replace it
   * (without one a used link is framed again: reusable vendor links work, a one-time link shows the vendor's message).
   */
  get stale(): boolean {
    return (this.used && !!this.session) || this.expiry.expiresWithin(FRAME_MARGIN_MS);
  }

  /** Replaces the link through the session; false when stopped meanwhile. Rejects as `session.refresh()` does. */
  async refresh(session: RoomSession): Promise<boolean> {
    const { signal } = (this.refreshing = new AbortController());
    try {
      const join = await session.refresh(signal);
      if (!signal.aborted) this.set(join);
    } catch (error) {
      if (!signal.aborted) throw error;
    }
    return !signal.aborted;
  }

  /** The link is being framed: spent from now on. */
  framed(): void {
    this.used = true;
    this.expiry.watch();
  }

  hostDisconnected(): void {
    this.refreshing?.abort();
  }

  private set(join: JoinResponse): void {
    this.link = join;
    this.used = false;
    this.expiry.watch(join.expiresAt);
    this.options.apply(join);
  }
}
