import type { ProviderRoomState } from '../types.js';
import type { Appointment } from './schemas.js';

/**
 * A room's phase from `GET /api/appointments/{id}`. The doc shows one `interaction.state`, `PENDING` (an
 * appointment nobody has ended), and has `PUT /{id}/end` "End the state of an existing appointment
 * interaction"; it names no other value and no participant count. A wrong "ended" would close a visit
 * that is running, so only `ENDED` (what that call is taken to set) reads as ended; `PENDING` and every
 * value the doc does not name read as open. The server's own window says when a visit opens and closes.
 */
export const appointmentPhase = (appointment: Appointment): ProviderRoomState =>
  appointment.interaction?.state?.toUpperCase() === 'ENDED' ? { phase: 'ended' } : { phase: 'open' };
