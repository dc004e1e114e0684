export interface CancelledDetail {
  /** The appointment's id. */
  appointment: string;
  /** ISO 8601 UTC instants of the time it had. */
  start: string;
  end: string;
}

/** The visit is cancelled. No patient details, no token travel with it. */
export class CancelledEvent extends CustomEvent<CancelledDetail> {
  constructor(detail: CancelledDetail) {
    super('vc-cancelled', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vc-cancelled': CancelledEvent;
  }
}
