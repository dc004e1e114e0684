export interface RoomLifecycleDetail {
  /** Id of the room as its page reported it. */
  roomId?: string;
}

/** The user has entered the call. */
export class RoomJoinedEvent extends CustomEvent<RoomLifecycleDetail> {
  constructor(detail: RoomLifecycleDetail) {
    super('vc-joined', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vc-joined': RoomJoinedEvent;
  }
}
