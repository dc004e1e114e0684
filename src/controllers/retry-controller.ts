import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { clock } from './countdown-controller.js';

export interface RetryOptions {
  /** Delay before the first retry, in ms; each next one doubles, up to `maxDelay`. */
  firstDelay: number;
  maxDelay: number;
  /** Retries before giving up. */
  attempts: number;
  /** Runs when a retry falls due. */
  onDue: () => void;
}

/**
 * Asks again later, by itself: exponential backoff with jitter (patients who opened the page together do not all
 * ask at once), a bounded number of times, on the countdowns' clock (which tests replace). The timer stops while the
 * host is out of the document and starts again, from the start of its delay, when it comes back.
 */
export class RetryController implements ReactiveController {
  private attempt = 0;
  private armed = false;
  private timer?: number;

  constructor(
    host: ReactiveControllerHost,
    private readonly options: RetryOptions,
  ) {
    host.addController(this);
  }

  /** Sets the next retry; false when the attempts are used up (nothing is set then). */
  schedule(): boolean {
    this.cancel();
    if (this.attempt >= this.options.attempts) return false;
    this.attempt++;
    this.armed = true;
    this.start();
    return true;
  }

  /** Drops a pending retry. */
  cancel(): void {
    this.armed = false;
    this.stop();
  }

  /** Drops a pending retry and counts from the first attempt again. */
  reset(): void {
    this.cancel();
    this.attempt = 0;
  }

  /** No retry was set since the last `reset()`. */
  get fresh(): boolean {
    return this.attempt === 0;
  }

  /** The delay of the retry set last, before jitter (ms). */
  get delay(): number {
    const { firstDelay, maxDelay } = this.options;
    return Math.min(firstDelay * 2 ** Math.max(this.attempt - 1, 0), maxDelay);
  }

  hostConnected(): void {
    if (this.armed) this.start();
  }

  hostDisconnected(): void {
    this.stop();
  }

  private start(): void {
    this.stop();
    // Up to a fifth earlier, never later: the delay is also the most a patient waits for the next try.
    const delay = Math.round(this.delay * (1 - Math.random() * 0.2));
    this.timer = clock.setTimeout(() => {
      this.timer = undefined;
      this.armed = false;
      this.options.onDue();
    }, delay);
  }

  private stop(): void {
    clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
