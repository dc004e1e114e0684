export interface RescheduledDetail {
  /** The appointment's id (it keeps it when it moves). */
  appointment: string;
  /** ISO 8601 UTC instants of the new time. */
  start: string;
  end: string;
  /** ISO 8601 UTC instants of the time it had before. */
  previousStart: string;
  previousEnd: string;
}

/** The visit moved to another time. No patient details, no token travel with it. */
export class RescheduledEvent extends CustomEvent<RescheduledDetail> {
  constructor(detail: RescheduledDetail) {
    super('vc-rescheduled', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vc-rescheduled': RescheduledEvent;
  }
}
