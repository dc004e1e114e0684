// The package's main entry: classes and types only. Importing it defines no tags; import
// `video-consult-elements/call-join-button` (etc.) or the bundle for that.
export { CallJoinButton } from './components/call-join-button/call-join-button.js';
export { VideoConsultRoom } from './components/video-consult-room/video-consult-room.js';
export { AppointmentPicker } from './components/appointment-picker/appointment-picker.js';

export { JoinRequestEvent, type JoinRequestDetail } from './events/join-request.js';
export { JoinReadyEvent, type JoinReadyDetail } from './events/join-ready.js';
export { ConsultErrorEvent, type ConsultErrorDetail } from './events/error.js';
export { RoomReadyEvent, type RoomReadyDetail } from './events/room-ready.js';
export { RoomJoinedEvent, type RoomLifecycleDetail } from './events/joined.js';
export { RoomLeftEvent } from './events/left.js';
export { RoomEndedEvent } from './events/ended.js';
export { RoomWaitingEvent } from './events/waiting.js';
export { PrecheckCompleteEvent, type PrecheckCompleteDetail } from './events/precheck-complete.js';
export { ConsentEvent, type ConsentDetail } from './events/consent.js';
export { LeaveRequestEvent } from './events/leave-request.js';
export { ReconnectingEvent, type ReconnectingDetail } from './events/reconnecting.js';
export { ReconnectedEvent } from './events/reconnected.js';
export { TokenExpiringEvent, type TokenExpiringDetail } from './events/token-expiring.js';
export { SlotSelectEvent, type SlotSelectDetail } from './events/slot-select.js';
export { SlotHeldEvent, type SlotHeldDetail } from './events/slot-held.js';
export { HoldExpiringEvent, HoldExpiredEvent, type HoldExpiringDetail } from './events/hold-expiring.js';
export { BookedEvent, type BookedDetail } from './events/booked.js';
export { RescheduledEvent, type RescheduledDetail } from './events/rescheduled.js';
export { CancelledEvent, type CancelledDetail } from './events/cancelled.js';

export { ConsultError } from './client/consult-error.js';
export type { RoomSession } from './client/room-session.js';
export type {
  Slot,
  SlotsResponse,
  Hold,
  Booking,
  Appointment,
  PatientDetails,
} from './components/appointment-picker/booking-client.js';

export type { ErrorCode, ServerErrorCode, ClientErrorCode } from './protocol/errors.js';
export type { Problem } from './protocol/problem-types.js';
export type { JoinRequest, JoinResponse } from './protocol/join-types.js';
export type { VisitInfo, RoomState, RoomPhase } from './protocol/visits.js';
export type { JoinRole, TicketRole, ConsultTicketClaims } from './protocol/ticket.js';
export type { RoomMessage, RoomMessageType } from './protocol/room-messages.js';
