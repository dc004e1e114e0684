import type { RoomLifecycleDetail } from './joined.js';

/** The visit is over; the element removes the room frame. */
export class RoomEndedEvent extends CustomEvent<RoomLifecycleDetail> {
  constructor(detail: RoomLifecycleDetail) {
    super('vc-ended', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vc-ended': RoomEndedEvent;
  }
}
