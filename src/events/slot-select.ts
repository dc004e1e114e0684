export interface SlotSelectDetail {
  /** ISO 8601 UTC instants of the chosen time. */
  start: string;
  end: string;
}

/** The patient chose a time (before it is held). */
export class SlotSelectEvent extends CustomEvent<SlotSelectDetail> {
  constructor(detail: SlotSelectDetail) {
    super('vc-slot-select', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vc-slot-select': SlotSelectEvent;
  }
}
