export interface BookedDetail {
  /** The appointment's id. */
  appointment: string;
  /** ISO 8601 UTC instants of the visit. */
  start: string;
  end: string;
  /** ISO 8601 instant from which the visit can be joined. */
  joinAvailableFrom: string;
  /** The server's URL of the calendar file (fetch it with the capability token in `Authorization`, never in a URL). */
  calendarUrl: string;
  /**
   * The appointment-scoped capability token (join, cancel, reschedule, calendar file). A credential: keep it like a
   * ticket, never log it or put it in a URL.
   */
  capability: string;
}

/** The visit is booked. No patient details travel with it. */
export class BookedEvent extends CustomEvent<BookedDetail> {
  constructor(detail: BookedDetail) {
    super('vc-booked', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vc-booked': BookedEvent;
  }
}
