import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { clock } from './countdown-controller.js';

/** When "the hold is expiring" is said: this long before it ends. */
export const EXPIRING_MS = 60_000;

export interface HoldCallbacks {
  /** Once, `EXPIRING_MS` before the end (at once if less is left when the countdown starts). */
  onExpiring(): void;
  /** Once, at the end. */
  onExpired(): void;
}

/**
 * The countdown of a slot hold: re-renders its host every second until `expiresAt` and says when the hold is
 * about to end and when it has. Reads the shared `clock`, so tests drive it with a fake one. While the host is
 * out of the document it does not tick; when it comes back it catches up (and may expire at once).
 */
export class HoldController implements ReactiveController {
  private end?: number;
  private timer?: number;
  private warned = false;
  private connected = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly callbacks: HoldCallbacks,
  ) {
    host.addController(this);
  }

  /** Counts down to `expiresAt` (ISO instant). */
  start(expiresAt: string): void {
    this.end = Date.parse(expiresAt);
    this.warned = false;
    this.tick();
  }

  stop(): void {
    this.end = undefined;
    this.tick();
  }

  /** Whole seconds left (0 when none is running or it has ended). */
  get secondsLeft(): number {
    return this.end === undefined ? 0 : Math.max(0, Math.ceil((this.end - clock.now()) / 1000));
  }

  hostConnected(): void {
    this.connected = true;
    this.tick();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.tick();
  }

  /** Clears the timer; while counting, re-renders and sets the next (or ends). */
  private tick(): void {
    clock.clearTimeout(this.timer);
    this.timer = undefined;
    if (this.end === undefined || !this.connected) return;
    const left = this.end - clock.now();
    this.host.requestUpdate();
    if (left <= 0) {
      this.stop();
      this.callbacks.onExpired();
      return;
    }
    if (!this.warned && left <= EXPIRING_MS) {
      this.warned = true;
      this.callbacks.onExpiring();
    }
    // Wake when the displayed second changes.
    this.timer = clock.setTimeout(() => this.tick(), left % 1000 || 1000);
  }
}
