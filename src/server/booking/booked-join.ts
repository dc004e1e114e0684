import type { Authenticate } from '../auth/authenticate.js';
import { ProblemError } from '../problem-error.js';
import type { RoomService } from '../rooms.js';
import type { ConsultStore } from '../store/types.js';
import { appointmentOfCapability, capabilityActor, isCapability } from './booking-access.js';

/**
 * The join path for booked appointments (`POST /v1/join`), kept apart from the join route itself:
 *
 * - `authenticate` also accepts an appointment's capability token: its holder is a patient scoped to
 *   that one appointment (the route then refuses any other appointment or room, as for a scoped ticket).
 * - `rooms.forJoin` finds a booked appointment's room under the appointment's provider and current room
 *   key (a reschedule makes a new one), so that the join gets its window, clinician and provider. Nobody's
 *   join creates it: the booking's vendor job does; until then the answer is "not opened yet".
 *
 * Appointments the portal schedules itself (`POST /v1/rooms`) go through unchanged.
 */
export function bookedJoin(deps: {
  authenticate: Authenticate;
  rooms: RoomService;
  store: ConsultStore;
  pseudonymSecret: string;
}): { authenticate: Authenticate; rooms: RoomService } {
  const { rooms, store } = deps;
  return {
    async authenticate(c) {
      if (!isCapability(c)) return deps.authenticate(c);
      const appointment = await appointmentOfCapability(c, store.bookings);
      return {
        issuer: 'urn:video-consult:appointment',
        subject: appointment.id,
        role: 'patient',
        appointment: appointment.id,
        actor: capabilityActor(deps.pseudonymSecret, appointment.id),
      };
    },
    rooms: {
      ...rooms,
      async forJoin(appointment, participant, signal) {
        const booked = await store.bookings.findAppointment(appointment);
        if (!booked) return rooms.forJoin(appointment, participant, signal);
        const room = await bookedRoom(store, booked);
        if (!room) {
          throw new ProblemError(
            booked.status === 'cancelled' ? 'room-ended' : 'room-not-found',
            booked.status === 'cancelled'
              ? 'This visit was cancelled.'
              : 'The clinic has not opened this visit yet. Please try again later.',
          );
        }
        return { room, created: false };
      },
    },
  };
}

/**
 * A booked appointment's room, as the caller knows it: found under the appointment's provider and current
 * room key (a reschedule makes a new one), and named by the booking's id (which the caller is scoped to).
 * `undefined` while the vendor job has not created it, and for a cancelled appointment.
 */
export async function bookedRoom(
  store: ConsultStore,
  booked: NonNullable<Awaited<ReturnType<ConsultStore['bookings']['findAppointment']>>>,
) {
  if (booked.status === 'cancelled') return undefined;
  const room = await store.findRoomByAppointment(booked.provider, booked.roomKey);
  return room && { ...room, appointment: booked.id };
}

/**
 * The room behind an appointment id for the visit window (`GET /v1/visits/:appointment`): a booked
 * appointment's own room, else a room the portal opened under the default provider.
 */
export async function roomOfAppointment(store: ConsultStore, defaultProvider: string, appointment: string) {
  const booked = await store.bookings.findAppointment(appointment);
  if (booked) return bookedRoom(store, booked);
  return store.findRoomByAppointment(defaultProvider, appointment);
}
