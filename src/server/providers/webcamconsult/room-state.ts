import type { ProviderRoomState } from '../types.js';
import type { VendorAppointment } from './schemas.js';

/**
 * An appointment's phase. The doc documents one `state` value, `idle` (in every example), and a generated
 * `started_at`; nothing about how an appointment ends. So only documented fields decide:
 * - no `started_at` (or state `idle` without it): the consult has not begun: `open`;
 * - `started_at` set: it began; until the scheduled end (`date` + `duration` minutes) it is `live`,
 *   after it `ended`.
 * A deleted appointment (404) is read as `ended` by the caller.
 */
export const appointmentPhase = (appointment: VendorAppointment, now: number): ProviderRoomState => {
  if (appointment.started_at === undefined || appointment.started_at === null) return { phase: 'open' };
  const end = appointment.date + (appointment.duration ?? 0) * 60_000;
  return { phase: now < end ? 'live' : 'ended' };
};
