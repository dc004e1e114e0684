export interface RoomReadyDetail {
  /** Origin of the framed room page. */
  origin: string;
  provider?: string;
}

/**
 * The room page is loaded: it said so itself (providers whose page posts messages), or, for a provider whose page
 * does not, its frame fired `load`.
 */
export class RoomReadyEvent extends CustomEvent<RoomReadyDetail> {
  constructor(detail: RoomReadyDetail) {
    super('vc-room-ready', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vc-room-ready': RoomReadyEvent;
  }
}
