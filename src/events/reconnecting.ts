export interface ReconnectingDetail {
  /** Consecutive failed connections so far (1 for the first). */
  attempt: number;
  /** Milliseconds until the next attempt. */
  delay: number;
}

/**
 * The live connection to the consult server dropped; the element tries again after `delay` with a fresh ticket.
 * The video call itself does not depend on it.
 */
export class ReconnectingEvent extends CustomEvent<ReconnectingDetail> {
  constructor(detail: ReconnectingDetail) {
    super('vc-reconnecting', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vc-reconnecting': ReconnectingEvent;
  }
}
