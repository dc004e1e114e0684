import type { RoomLifecycleDetail } from './joined.js';

/** The room is not open yet: the element shows its waiting state until the live state says `open`. */
export class RoomWaitingEvent extends CustomEvent<RoomLifecycleDetail> {
  constructor(detail: RoomLifecycleDetail) {
    super('vc-waiting', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vc-waiting': RoomWaitingEvent;
  }
}
