import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Where the countdowns read the time and set their timers. */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): number;
  clearTimeout(id: number | undefined): void;
}

/**
 * The clock every countdown uses. Tests replace its methods with a fake clock's and put them back after; the
 * elements take no clock option, so none reaches the public API.
 */
export const clock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => window.setTimeout(callback, ms),
  clearTimeout: (id) => window.clearTimeout(id),
};

const SECOND = 1000;
const MINUTE = 60 * SECOND;
/** Between ticks outside the last minute: often enough that a minute never shows late by much more than this. */
const SLOW_TICK = 15 * SECOND;

/**
 * Re-renders its host as time passes towards a list of instants (a visit opening, then ending), on the server's
 * clock: every second in the last minute before the next instant, else at each whole minute left and at least
 * every 15 s, never once they have all passed or while the host is out of the document. One timer at most.
 */
export class CountdownController implements ReactiveController {
  private instants: readonly number[] = [];
  private offset = 0;
  private timer?: number;
  private connected = false;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** Now on the server's clock (epoch ms). */
  now(): number {
    return clock.now() + this.offset;
  }

  /**
   * Counts towards `instants` (epoch ms on the server's clock, ascending); `offset` is the server's clock minus
   * this one. An empty list stops the countdown.
   */
  countTo(instants: readonly number[], offset = 0): void {
    this.instants = instants;
    this.offset = offset;
    this.schedule();
  }

  hostConnected(): void {
    this.connected = true;
    // Time went on while the host was away: show where it stands now.
    this.host.requestUpdate();
    this.schedule();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.schedule();
  }

  private schedule(): void {
    clock.clearTimeout(this.timer);
    this.timer = undefined;
    const now = this.now();
    const next = this.instants.find((instant) => instant > now);
    if (!this.connected || next === undefined) return;
    const left = next - now;
    // Wake just after the displayed value changes: a whole second left in the last minute, else a whole minute.
    const delay = left <= MINUTE ? left % SECOND || SECOND : Math.min(SLOW_TICK, left % MINUTE || MINUTE);
    this.timer = clock.setTimeout(() => {
      this.timer = undefined;
      this.host.requestUpdate();
      this.schedule();
    }, delay);
  }
}
