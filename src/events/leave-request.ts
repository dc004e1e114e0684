import type { RoomLifecycleDetail } from './joined.js';

/** The user asked to leave the visit. Cancelable: call `preventDefault()` to keep them in (e.g. to confirm first). */
export class LeaveRequestEvent extends CustomEvent<RoomLifecycleDetail> {
  constructor(detail: RoomLifecycleDetail) {
    super('vc-leave-request', { bubbles: true, composed: true, cancelable: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vc-leave-request': LeaveRequestEvent;
  }
}
