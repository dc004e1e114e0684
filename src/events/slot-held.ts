export interface SlotHeldDetail {
  /** ISO 8601 UTC instants of the held time. */
  start: string;
  end: string;
  holdId: string;
  /** ISO 8601 instant at which the hold ends unless the visit is booked. */
  expiresAt: string;
}

/** The chosen time is held for the patient until `expiresAt` (the hold's secret stays in the element). */
export class SlotHeldEvent extends CustomEvent<SlotHeldDetail> {
  constructor(detail: SlotHeldDetail) {
    super('vc-slot-held', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vc-slot-held': SlotHeldEvent;
  }
}
