import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { loadJoinClient } from '../components/call-join-button/join-loader.js';
import { clock } from './countdown-controller.js';

/**
 * How long a ticket fetched at the start of a press waits for the click that uses it. Far below the shortest
 * ticket lifetime a server allows (`tickets.maxAgeSeconds`, at least 10 s), and far above a press (well under a
 * second): a press that never becomes a click (dragged off, vetoed) leaves nothing usable behind for long.
 */
export const PREFETCH_LIFETIME_MS = 5_000;

/**
 * A ticket fetched when a press begins (`pointerdown`, Enter or Space), so that the click that ends it finds the
 * ticket there or on its way instead of asking only then. One at a time, taken at most once, dropped unused after
 * `PREFETCH_LIFETIME_MS` or when the host leaves the document: a ticket is single-use and short-lived, and
 * nothing but a press fetches one (no hover, no focus).
 */
export class TicketPrefetchController implements ReactiveController {
  private held?: {
    ticketUrl: string;
    ticket: Promise<string>;
    abort: AbortController;
    timer: number;
  };

  constructor(host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** Starts fetching a ticket from `ticketUrl`, unless one fetched for this press is held already. */
  fetch(ticketUrl: string): void {
    if (this.held) return;
    const abort = new AbortController();
    const ticket = loadJoinClient().then((client) => client.fetchTicket(ticketUrl, abort.signal));
    // Failures reach whoever takes the ticket; one never taken must not surface as an unhandled rejection.
    ticket.catch(() => undefined);
    this.held = {
      ticketUrl,
      ticket,
      abort,
      timer: clock.setTimeout(() => this.drop(), PREFETCH_LIFETIME_MS),
    };
  }

  /** The held ticket from `ticketUrl` (fetched or on its way), handed out once; else undefined. */
  take(ticketUrl: string | undefined): Promise<string> | undefined {
    const { held } = this;
    if (!held || held.ticketUrl !== ticketUrl) return undefined;
    clock.clearTimeout(held.timer);
    this.held = undefined;
    return held.ticket;
  }

  hostDisconnected(): void {
    this.drop();
  }

  private drop(): void {
    if (!this.held) return;
    clock.clearTimeout(this.held.timer);
    this.held.abort.abort();
    this.held = undefined;
  }
}
