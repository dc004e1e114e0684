import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { loadJoinClient } from '../components/call-join-button/join-loader.js';
import { clock } from './countdown-controller.js';

/**
 * How long a ticket fetched at the start of a press waits for the click that uses it. Far below the shortest
 * ticket lifetime a server allows (`tickets.maxAgeSeconds`, at least 10 s), and far above a press (well under a
 * second): a press that never becomes a click (dragged off, vetoed) leaves nothing usable behind for long.
 */
export const PREFETCH_LIFETIME_MS = 5_000;

interface Held {
  ticketUrl: string;
  ticket: Promise<string>;
  /** The ticket, once it arrived: a click then sends its join at once, with no turn of the event loop first. */
  value?: string;
  abort: AbortController;
  timer: number;
}

/**
 * A ticket fetched when a press begins (`pointerdown`, Enter or Space), so that the click that ends it finds the
 * ticket there or on its way instead of asking only then. One at a time, taken at most once, dropped unused after
 * `PREFETCH_LIFETIME_MS` or when the host leaves the document: a ticket is single-use and short-lived, and
 * nothing but a press fetches one (no hover, no focus).
 */
export class TicketPrefetchController implements ReactiveController {
  private held?: Held;

  constructor(host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** Starts fetching a ticket from `ticketUrl`, unless one fetched for this press is held already. */
  fetch(ticketUrl: string): void {
    if (this.held) return;
    const abort = new AbortController();
    const ticket = loadJoinClient().then((client) => client.fetchTicket(ticketUrl, abort.signal));
    const held: Held = (this.held = {
      ticketUrl,
      ticket,
      abort,
      timer: clock.setTimeout(() => this.drop(), PREFETCH_LIFETIME_MS),
    });
    // Failures reach whoever takes the ticket; one never taken must not surface as an unhandled rejection.
    ticket.then((value) => (held.value = value)).catch(() => undefined);
  }

  /** The held ticket from `ticketUrl` (itself once it arrived, else its way), handed out once; else undefined. */
  take(ticketUrl: string | undefined): string | Promise<string> | undefined {
    const { held } = this;
    if (!held || held.ticketUrl !== ticketUrl) return undefined;
    clock.clearTimeout(held.timer);
    this.held = undefined;
    return held.value ?? held.ticket;
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
