import type { RoomLifecycleDetail } from './joined.js';

/** The user has left the call (the room may still be open). */
export class RoomLeftEvent extends CustomEvent<RoomLifecycleDetail> {
  constructor(detail: RoomLifecycleDetail) {
    super('vc-left', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vc-left': RoomLeftEvent;
  }
}
