import { createHash } from 'node:crypto';
import { pseudonym } from '../internal/crypto.js';
import { PermanentJobError, type Job, type JobFailedHandler, type JobHandler } from '../jobs/types.js';
import { ProblemError } from '../problem-error.js';
import type { Participant, StoredRoom, VideoProvider } from '../providers/types.js';
import type { AppointmentRecord, BookingStore } from '../store/booking-types.js';
import type { ConsultStore } from '../store/types.js';
import { capabilityActor } from './booking-access.js';
import { appointmentWebhook } from './booking-jobs.js';
import type { BookingDeps } from './deps.js';

export interface BookingJobDeps extends Pick<BookingDeps, 'services' | 'clinicians'> {
  store: ConsultStore;
  providers: ReadonlyMap<string, VideoProvider>;
  pseudonymSecret: string;
  now: () => Date;
}

export type BookingJobKind = 'vendor.create' | 'vendor.move' | 'vendor.cancel';

/**
 * Our room id for an appointment's room: derived, not random, so that every retry of a create asks the
 * vendor for the same room (a provider that keys rooms by our id adopts the one a crashed attempt made).
 */
const roomIdOf = (provider: string, roomKey: string) =>
  `r_${createHash('sha256').update(`${provider}\n${roomKey}`).digest('base64url').slice(0, 22)}`;

const text = (job: Job, field: string): string => {
  const value = job.payload[field];
  if (typeof value !== 'string') throw new PermanentJobError('bad-payload');
  return value;
};

/**
 * A vendor's refusal will not change on a retry, nor will a room the adapter cannot express (`bad-request`:
 * e.g. an Auvious clinician without an agent); outages and timeouts may.
 */
const classify = (error: unknown): never => {
  if (error instanceof ProblemError && (error.code === 'vendor-rejected' || error.code === 'bad-request')) {
    throw new PermanentJobError(error.code);
  }
  throw error;
};

/**
 * The handlers of booking's vendor jobs (register each with the job runner under its kind) and the
 * runner's `onFailed` for them. A booked appointment is how a room comes to exist for a patient: the
 * create handler looks for the appointment's room row first and creates at the vendor only when there
 * is none, so that a retry after a crash or a vendor outage never creates it twice.
 */
export function createBookingJobHandlers(deps: BookingJobDeps): {
  handlers: Record<BookingJobKind, JobHandler>;
  onFailed: JobFailedHandler;
} {
  const { store } = deps;
  const bookings: BookingStore = store.bookings;

  const providerOf = (name: string) => {
    const provider = deps.providers.get(name);
    if (!provider) throw new PermanentJobError('provider-not-configured');
    return provider;
  };

  /** The appointment's clinician as the vendor knows participants (no name or e-mail for a removed one). */
  function clinicianOf(a: AppointmentRecord): Participant | undefined {
    const clinician = deps.clinicians(a.clinicianId);
    if (!clinician) return undefined;
    return {
      id: pseudonym(deps.pseudonymSecret, 'urn:video-consult:clinician', clinician.subject),
      role: 'clinician',
      name: clinician.displayName,
      ...(clinician.email === undefined ? {} : { email: clinician.email }),
    };
  }

  async function participantsOf(a: AppointmentRecord): Promise<Participant[]> {
    const clinician = clinicianOf(a);
    const patient = await bookings.patientDetails(a.id);
    const people: Participant[] = clinician ? [clinician] : [];
    people.push({
      // The id the patient's join will carry: the booking ticket's actor, else the capability's.
      id: a.holder.startsWith('t:') ? a.holder.slice(2) : capabilityActor(deps.pseudonymSecret, a.id),
      role: 'patient',
      ...(patient && { name: patient.name, email: patient.email, phone: patient.phone }),
    });
    return people;
  }

  async function ensureRoom(a: AppointmentRecord, signal: AbortSignal): Promise<StoredRoom> {
    const existing = await store.findRoomByAppointment(a.provider, a.roomKey);
    if (existing) return existing;
    const provider = providerOf(a.provider);
    const roomId = roomIdOf(a.provider, a.roomKey);
    const durationMinutes = Math.round((a.end.getTime() - a.start.getTime()) / 60_000);
    const clinician = deps.clinicians(a.clinicianId);
    const created = await provider
      .createRoom(
        {
          roomId,
          appointment: a.roomKey,
          startsAt: a.start,
          durationMinutes,
          title: deps.services(a.serviceId)?.title,
          participants: await participantsOf(a),
        },
        signal,
      )
      .catch(classify);
    // Create-or-adopt: a concurrent run that stored first wins, and this answer is the stored room.
    return store.insertRoom({
      id: roomId,
      provider: provider.name,
      appointment: a.roomKey,
      vendorRoomId: created.vendorRoomId,
      vendorData: created.vendorData ?? {},
      status: 'open',
      startsAt: a.start,
      durationMinutes,
      ...(clinician ? { clinicianName: clinician.displayName } : {}),
    });
  }

  async function cancelRoom(provider: string, roomKey: string, signal: AbortSignal) {
    const room = await store.findRoomByAppointment(provider, roomKey);
    if (!room || room.status !== 'open') return;
    const vendor = providerOf(provider);
    if (vendor.capabilities.cancel) await vendor.cancelRoom(room, signal).catch(classify);
    await store.setRoomStatus(room.id, 'cancelled');
  }

  /** Creates the room of the appointment at `sequence` and marks it booked; a later change wins. */
  async function create(job: Job, signal: AbortSignal) {
    const a = await bookings.findAppointment(text(job, 'appointment'));
    if (!a || a.status !== 'pending' || a.sequence !== job.payload.sequence) return;
    const room = await ensureRoom(a, signal);
    if (await bookings.settleVendor(a.id, a.sequence, { status: 'booked' }, deps.now())) return;
    // Cancelled (or moved) while the vendor worked: the room made for this time must not stay open.
    const now = await bookings.findAppointment(a.id);
    if (now?.status === 'cancelled' || now?.roomKey !== room.appointment) {
      await cancelRoom(room.provider, room.appointment, signal);
    }
  }

  /**
   * A reschedule the vendor can apply to the appointment it has, keeping its id and links: another time
   * (`moveRoom`: Auvious' reschedule, webcamconsult's update) and/or another clinician (`reassignRoom`:
   * Auvious' reassign). The room row then moves to the appointment's new room key. Repeatable: a retry
   * finds the new row, or asks again, and the adapters take a change that is already made as done (they
   * look at the vendor's appointment first). False: cancel and create instead.
   */
  async function changeInPlace(a: AppointmentRecord, job: Job, signal: AbortSignal): Promise<boolean> {
    const vendor = providerOf(a.provider);
    if (a.status !== 'pending' || a.sequence !== job.payload.sequence) return false;
    const changesClinician = job.payload.previousClinician !== a.clinicianId;
    const clinician = changesClinician ? clinicianOf(a) : undefined;
    if (changesClinician && (!clinician || !vendor.reassignRoom)) return false;
    if (!(await store.findRoomByAppointment(a.provider, a.roomKey))) {
      const previous = await store.findRoomByAppointment(a.provider, text(job, 'previousRoomKey'));
      if (!previous || previous.status !== 'open') return false;
      const durationMinutes = Math.round((a.end.getTime() - a.start.getTime()) / 60_000);
      const moves =
        previous.startsAt.getTime() !== a.start.getTime() || previous.durationMinutes !== durationMinutes;
      if (moves && !vendor.moveRoom) return false;
      let room = previous;
      if (clinician && vendor.reassignRoom) {
        const handed = await vendor.reassignRoom(room, clinician, signal).catch(classify);
        room = {
          ...room,
          vendorRoomId: handed.vendorRoomId,
          vendorData: handed.vendorData ?? room.vendorData,
        };
      }
      if (moves && vendor.moveRoom) {
        const moved = await vendor
          .moveRoom(room, { startsAt: a.start, durationMinutes }, signal)
          .catch(classify);
        room = { ...room, vendorRoomId: moved.vendorRoomId, vendorData: moved.vendorData ?? room.vendorData };
      }
      await store.insertRoom({
        ...room,
        id: roomIdOf(a.provider, a.roomKey),
        appointment: a.roomKey,
        startsAt: a.start,
        durationMinutes,
        // The patient is shown the clinician they now see.
        ...(clinician?.name === undefined ? {} : { clinicianName: clinician.name }),
      });
      // The old key's row only: its vendor appointment lives on under the new key.
      await store.setRoomStatus(previous.id, 'cancelled');
    }
    await bookings.settleVendor(a.id, a.sequence, { status: 'booked' }, deps.now());
    return true;
  }

  return {
    handlers: {
      'vendor.create': create,
      async 'vendor.move'(job, signal) {
        const a = await bookings.findAppointment(text(job, 'appointment'));
        if (!a) return;
        if (await changeInPlace(a, job, signal)) return;
        await cancelRoom(a.provider, text(job, 'previousRoomKey'), signal);
        await create(job, signal);
      },
      async 'vendor.cancel'(job, signal) {
        const a = await bookings.findAppointment(text(job, 'appointment'));
        if (!a) return;
        await cancelRoom(a.provider, text(job, 'roomKey'), signal);
      },
    },
    async onFailed(job, code) {
      if (job.kind !== 'vendor.create' && job.kind !== 'vendor.move') return;
      const a = await bookings.findAppointment(text(job, 'appointment'));
      if (!a || a.sequence !== job.payload.sequence) return;
      const failed = { ...a, status: 'vendor-failed' as const };
      await bookings.settleVendor(
        a.id,
        a.sequence,
        {
          status: 'vendor-failed',
          reason: code,
          jobs: [appointmentWebhook('appointment.vendor-failed', failed, deps.now(), { reason: code })],
        },
        deps.now(),
      );
    },
  };
}
