import { randomToken } from './internal/crypto.js';
import { ProblemError } from './problem-error.js';
import type { Participant, StoredRoom, VideoProvider } from './providers/types.js';
import type { ConsultStore } from './store/types.js';

export interface RoomServiceOptions {
  store: ConsultStore;
  providers: ReadonlyMap<string, VideoProvider>;
  defaultProvider: string;
  defaultVisitMinutes: number;
  now: () => Date;
}

export type RoomService = ReturnType<typeof createRoomService>;

/** Finds rooms, and creates the room of an appointment once even when several callers race. */
export function createRoomService(options: RoomServiceOptions) {
  const { store, providers, now } = options;
  const creating = new Map<string, Promise<StoredRoom>>();

  const providerOf = (name: string): VideoProvider => {
    const provider = providers.get(name);
    if (!provider) throw new ProblemError('internal', undefined, { reason: `provider ${name} not configured` });
    return provider;
  };

  async function create(appointment: string, participant: Participant, signal: AbortSignal) {
    const provider = providerOf(options.defaultProvider);
    const roomId = `r_${randomToken(12)}`;
    const startsAt = now();
    const created = await provider.createRoom(
      {
        roomId,
        appointment,
        startsAt,
        durationMinutes: options.defaultVisitMinutes,
        participants: [participant],
      },
      signal,
    );
    return store.insertRoom({
      id: roomId,
      provider: provider.name,
      appointment,
      vendorRoomId: created.vendorRoomId,
      vendorData: created.vendorData ?? {},
      status: 'open',
      startsAt,
      durationMinutes: options.defaultVisitMinutes,
    });
  }

  return {
    providerOf,
    async byId(id: string): Promise<StoredRoom> {
      const room = await store.findRoom(id);
      if (!room) throw new ProblemError('room-not-found', 'There is no such room.');
      return room;
    },
    /** The appointment's room, created with the default provider on first use. */
    async forAppointment(appointment: string, participant: Participant, signal: AbortSignal) {
      const existing = await store.findRoomByAppointment(options.defaultProvider, appointment);
      if (existing) return existing;
      let pending = creating.get(appointment);
      if (!pending) {
        pending = create(appointment, participant, signal).finally(() => creating.delete(appointment));
        creating.set(appointment, pending);
      }
      return pending;
    },
  };
}
