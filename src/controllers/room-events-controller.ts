import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { followRoom } from '../client/room-events.js';
import { toConsultError, type ConsultError } from '../client/consult-error.js';
import type { RoomSession } from '../client/room-session.js';
import type { RoomPhase, RoomState } from '../protocol/visits.js';

export interface RoomEventsCallbacks {
  onState: (state: RoomState) => void;
  /** The connection dropped; attempt `attempt` follows in `delay` ms. */
  onRetry: (attempt: number, delay: number) => void;
  /** The connection is back after `onRetry`. */
  onBack: () => void;
  /** Retrying cannot help (the room ended, the server has no live state): following stopped. */
  onFatal: (error: ConsultError) => void;
}

/**
 * Follows a room's live state from the consult server between `follow()` and `stop()`. Leaving the document
 * aborts the stream; coming back opens a new one, so a host mounted twice (React StrictMode) holds one stream.
 */
export class RoomEventsController implements ReactiveController {
  /** The last phase the server reported. */
  phase?: RoomPhase;
  /** Consecutive failed connections; 0 while connected. */
  attempt = 0;
  private target?: { session: RoomSession; roomId: string };
  /** The room `phase` belongs to (kept after `stop()`, so that rejoining the same room need not wait for it). */
  private roomId?: string;
  private abort?: AbortController;

  constructor(
    private readonly host: ReactiveControllerHost & Element,
    private readonly callbacks: RoomEventsCallbacks,
  ) {
    host.addController(this);
  }

  /** Whether a live state is known or still expected: a host should wait for it. */
  get live(): boolean {
    return !!this.target && (this.phase !== undefined || this.attempt < 3);
  }

  /**
   * Follows `roomId` from now on. A `phase` the join answer gave is taken as the first state: the host can frame
   * the room (or show the waiting room) at once, and the stream, which needs its own ticket, attaches after the
   * host's next update, so that nothing on the network comes before what the user sees.
   */
  follow(session: RoomSession, roomId: string, phase?: RoomPhase): void {
    if (this.roomId !== roomId) this.phase = undefined;
    this.roomId = roomId;
    this.stop();
    this.target = { session, roomId };
    if (phase === undefined) return this.run();
    this.phase = phase;
    void this.host.updateComplete.then(() => this.run());
  }

  stop(): void {
    this.target = undefined;
    this.attempt = 0;
    this.pause();
  }

  hostConnected(): void {
    this.run();
  }

  hostDisconnected(): void {
    this.pause();
  }

  private run(): void {
    const { target } = this;
    if (!target || this.abort || !this.host.isConnected) return;
    const abort = (this.abort = new AbortController());
    const { onState, onRetry, onBack, onFatal } = this.callbacks;
    followRoom({
      server: target.session.server,
      roomId: target.roomId,
      ticket: (signal) => target.session.ticket(signal),
      signal: abort.signal,
      onState: (state) => {
        this.phase = state.phase;
        onState(state);
      },
      onOpen: () => {
        if (this.attempt) onBack();
        this.attempt = 0;
      },
      onRetry: (attempt, delay) => {
        this.attempt = attempt;
        onRetry(attempt, delay);
      },
    }).catch((error: unknown) => {
      if (abort.signal.aborted) return;
      this.stop();
      onFatal(toConsultError(error));
    });
  }

  private pause(): void {
    this.abort?.abort();
    this.abort = undefined;
  }
}
