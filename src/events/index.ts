// Every event class and `detail` type. Importing this module (as each `define` entry does, for types) also brings
// the `GlobalEventHandlersEventMap` entries that type `addEventListener('vc-…', (e) => e.detail…)`.
export { JoinRequestEvent, type JoinRequestDetail } from './join-request.js';
export { JoinReadyEvent, type JoinReadyDetail } from './join-ready.js';
export { ConsultErrorEvent, type ConsultErrorDetail } from './error.js';
export { RoomReadyEvent, type RoomReadyDetail } from './room-ready.js';
export { RoomJoinedEvent, type RoomLifecycleDetail } from './joined.js';
export { RoomLeftEvent } from './left.js';
export { RoomEndedEvent } from './ended.js';
export { RoomWaitingEvent } from './waiting.js';
export { PrecheckCompleteEvent, type PrecheckCompleteDetail } from './precheck-complete.js';
export { ConsentEvent, type ConsentDetail } from './consent.js';
export { LeaveRequestEvent } from './leave-request.js';
export { ReconnectingEvent, type ReconnectingDetail } from './reconnecting.js';
export { ReconnectedEvent } from './reconnected.js';
export { TokenExpiringEvent, type TokenExpiringDetail } from './token-expiring.js';
export { SlotSelectEvent, type SlotSelectDetail } from './slot-select.js';
export { SlotHeldEvent, type SlotHeldDetail } from './slot-held.js';
export { HoldExpiringEvent, HoldExpiredEvent, type HoldExpiringDetail } from './hold-expiring.js';
export { BookedEvent, type BookedDetail } from './booked.js';
export { RescheduledEvent, type RescheduledDetail } from './rescheduled.js';
export { CancelledEvent, type CancelledDetail } from './cancelled.js';
