// The package's main entry: classes and types only. Importing it defines no tags; import
// `video-consult-elements/call-join-button` (etc.) or the bundle for that.
export { CallJoinButton } from './components/call-join-button/call-join-button.js';
export { VideoConsultRoom } from './components/video-consult-room/video-consult-room.js';
export { AppointmentPicker } from './components/appointment-picker/appointment-picker.js';

export * from './events/index.js';

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
