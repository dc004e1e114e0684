import { randomToken } from './internal/crypto.js';
import { ProblemError } from './problem-error.js';
import type { Participant, StoredRoom, VideoProvider } from './providers/types.js';
import type { ConsultStore } from './store/types.js';
import type { Room } from '../protocol/rooms.js';

export interface RoomServiceOptions {
  store: ConsultStore;
  providers: ReadonlyMap<string, VideoProvider>;
  defaultProvider: string;
  defaultVisitMinutes: number;
  now: () => Date;
}

export interface NewRoom {
  appointment: string;
  startsAt?: Date;
  durationMinutes?: number;
  title?: string;
  participants: Participant[];
  /** Shown to the patient as who they will see (the clinic's choice of display name). */
  clinicianName?: string;
}

export type RoomService = ReturnType<typeof createRoomService>;

export const toRoomResponse = (room: StoredRoom): Room => ({
  roomId: room.id,
  appointment: room.appointment,
  provider: room.provider,
  status: room.status,
  startsAt: room.startsAt.toISOString(),
  durationMinutes: room.durationMinutes,
});

/** What an existing room and a request to open it disagree on, if anything; unnamed fields never do. */
function scheduleDifference(room: StoredRoom, spec: NewRoom): string | undefined {
  if (spec.startsAt !== undefined && spec.startsAt.getTime() !== room.startsAt.getTime()) return 'start time';
  if (spec.durationMinutes !== undefined && spec.durationMinutes !== room.durationMinutes) return 'length';
  if (spec.clinicianName !== undefined && spec.clinicianName !== room.clinicianName) return 'clinician';
  return undefined;
}

/** Finds, creates and cancels rooms; creates an appointment's room once even when callers race. */
export function createRoomService(options: RoomServiceOptions) {
  const { store, providers, now } = options;
  const creating = new Map<string, Promise<{ room: StoredRoom; created: boolean }>>();

  const providerOf = (name: string): VideoProvider => {
    const provider = providers.get(name);
    if (!provider)
      throw new ProblemError('internal', undefined, { reason: `provider ${name} not configured` });
    return provider;
  };

  async function create(spec: NewRoom, signal: AbortSignal) {
    const provider = providerOf(options.defaultProvider);
    const roomId = `r_${randomToken(12)}`;
    const startsAt = spec.startsAt ?? now();
    const durationMinutes = spec.durationMinutes ?? options.defaultVisitMinutes;
    const created = await provider.createRoom(
      {
        roomId,
        appointment: spec.appointment,
        startsAt,
        durationMinutes,
        title: spec.title,
        participants: spec.participants,
      },
      signal,
    );
    const room = await store.insertRoom({
      id: roomId,
      provider: provider.name,
      appointment: spec.appointment,
      vendorRoomId: created.vendorRoomId,
      vendorData: created.vendorData ?? {},
      status: 'open',
      startsAt,
      durationMinutes,
      ...(spec.clinicianName ? { clinicianName: spec.clinicianName } : {}),
    });
    return { room, created: room.id === roomId };
  }

  return {
    providerOf,
    async byId(id: string): Promise<StoredRoom> {
      const room = await store.findRoom(id);
      if (!room) throw new ProblemError('room-not-found', 'There is no such room.');
      return room;
    },
    /**
     * The appointment's room. Patients never create one: a room a patient's join made "now" would
     * shadow the clinic's real schedule. A clinician's join opens an ad-hoc room where the provider
     * allows it (no participant list needed).
     */
    async forJoin(appointment: string, participant: Participant, signal: AbortSignal) {
      const existing = await store.findRoomByAppointment(options.defaultProvider, appointment);
      if (existing) return { room: existing, created: false };
      if (
        participant.role === 'patient' ||
        providerOf(options.defaultProvider).capabilities.roomNeedsParticipants
      ) {
        throw new ProblemError(
          'room-not-found',
          'The clinic has not opened this visit yet. Please try again later.',
        );
      }
      return this.ensure({ appointment, participants: [participant] }, signal);
    },
    /**
     * `POST /v1/rooms`: creates the room, or answers the existing one when it has the same schedule;
     * another start, length or clinician is a 409, never a silent 200 that drops the clinic's schedule.
     */
    async open(spec: NewRoom, signal: AbortSignal): Promise<{ room: StoredRoom; created: boolean }> {
      const result = await this.ensure(spec, signal);
      const differs = result.created ? undefined : scheduleDifference(result.room, spec);
      if (differs) {
        throw new ProblemError(
          'room-schedule-conflict',
          `This appointment's room already exists with another ${differs}; it was not changed.`,
        );
      }
      return result;
    },
    /** The appointment's room, created with the default provider when there is none. */
    async ensure(spec: NewRoom, signal: AbortSignal): Promise<{ room: StoredRoom; created: boolean }> {
      const existing = await store.findRoomByAppointment(options.defaultProvider, spec.appointment);
      if (existing) return { room: existing, created: false };
      let pending = creating.get(spec.appointment);
      if (!pending) {
        // Once in this process (the map), and once across instances where the store can lock (PostgreSQL):
        // the instance that waited finds the room the first one made.
        const once = store.withLock
          ? store.withLock(`room:${options.defaultProvider}:${spec.appointment}`, async () => {
              const made = await store.findRoomByAppointment(options.defaultProvider, spec.appointment);
              return made ? { room: made, created: false } : create(spec, signal);
            })
          : create(spec, signal);
        pending = once.finally(() => creating.delete(spec.appointment));
        creating.set(spec.appointment, pending);
      }
      return pending;
    },
    async cancel(room: StoredRoom, signal: AbortSignal): Promise<void> {
      if (room.status === 'cancelled') return;
      if (room.status === 'ended') throw new ProblemError('room-ended', 'This visit has already ended.');
      await providerOf(room.provider).cancelRoom(room, signal);
      await store.setRoomStatus(room.id, 'cancelled');
    },
  };
}
