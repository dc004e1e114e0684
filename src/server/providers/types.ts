import type { JoinRole } from '../../protocol/ticket.js';
import type { RoomPhase } from '../../protocol/visits.js';
import type { TextDirection } from '../../protocol/page-language.js';

/** What a vendor can and cannot do; the server and the elements read this instead of guessing. */
export interface ProviderCapabilities {
  /** The vendor can cancel a room before it ran. */
  cancel: boolean;
  /** A distinct host/clinician link exists (otherwise every role gets the same kind of link). */
  clinicianLink: boolean;
  /** The vendor has a waiting area/lobby of its own. */
  waitingArea: boolean;
  /** The vendor's room page posts lifecycle messages to the parent window. */
  postsMessages: boolean;
  /**
   * The vendor must know every participant when the room is created: such rooms are opened ahead with
   * `POST /v1/rooms` and a participant list, never on a first join.
   */
  roomNeedsParticipants: boolean;
  /** Shortest join link lifetime the vendor supports, in seconds (0: the link does not expire). */
  minLinkTtlSeconds: number;
}

/** A person in a room, as far as a vendor must know them. Only what the vendor needs; never logged. */
export interface Participant {
  /** Pseudonymous, stable id (the hashed ticket `sub`). */
  id: string;
  role: JoinRole;
  name?: string;
  /** BCP 47 language tag for the vendor's UI. */
  language?: string;
  email?: string;
  phone?: string;
}

/** What the server asks a provider to create. */
export interface RoomSpec {
  /** Our room id (already allocated, stable, URL-safe). */
  roomId: string;
  appointment: string;
  startsAt: Date;
  durationMinutes: number;
  title?: string;
  participants: Participant[];
}

/** A room as the server stores it; `vendorData` is whatever the adapter needs later (JSON). */
export interface StoredRoom {
  id: string;
  provider: string;
  appointment: string;
  vendorRoomId: string;
  vendorData: Record<string, unknown>;
  status: 'open' | 'ended' | 'cancelled';
  startsAt: Date;
  durationMinutes: number;
  /** Display name of the clinician that the clinic chose to show the patient; stored sealed, never logged. */
  clinicianName?: string;
}

export interface CreatedRoom {
  vendorRoomId: string;
  vendorData?: Record<string, unknown>;
}

export interface JoinLinkRequest {
  room: StoredRoom;
  participant: Participant;
  /** Wanted lifetime in seconds; the adapter uses the shortest the vendor allows at or above it. */
  ttlSeconds: number;
  /** Origin of the page that will frame the room (for vendors or rooms that restrict embedding). */
  embedOrigin?: string;
  /** Text direction of that page, for room pages that can follow it (its language is `participant.language`). */
  dir?: TextDirection;
}

/**
 * What a provider can tell about a room right now. `participants` only where the vendor says how many
 * are in the call (never who).
 */
export interface ProviderRoomState {
  phase: RoomPhase;
  participants?: number;
  /**
   * Whether a clinician is in the room, where the provider knows. `false` keeps patients in the waiting
   * room until the clinician arrives (a lobby for providers without one of their own); unknown changes nothing.
   */
  hostPresent?: boolean;
}

export interface JoinLink {
  /** The join URL: a credential. Never log it. */
  url: string;
  expiresAt: Date;
}

/** One video vendor behind one interface. Every method must honour `signal` (timeouts, shutdown). */
export interface VideoProvider {
  readonly name: string;
  readonly capabilities: ProviderCapabilities;
  /** Origins join URLs of this provider may have; anything else is refused before it reaches a browser. */
  readonly allowedOrigins: readonly string[];
  /** iframe permissions beyond camera, microphone, display-capture, fullscreen, autoplay. */
  readonly iframeAllow: readonly string[];
  createRoom(spec: RoomSpec, signal: AbortSignal): Promise<CreatedRoom>;
  joinLink(request: JoinLinkRequest, signal: AbortSignal): Promise<JoinLink>;
  cancelRoom(room: StoredRoom, signal: AbortSignal): Promise<void>;
  /**
   * Moves a created room to a new time (a reschedule), where the vendor can; without it the server cancels
   * the room and creates a new one.
   */
  moveRoom?(
    room: StoredRoom,
    change: { startsAt: Date; durationMinutes: number },
    signal: AbortSignal,
  ): Promise<CreatedRoom>;
  /**
   * Hands a created room to another clinician (a reschedule to another clinician), where the vendor can;
   * without it the server cancels the room and creates a new one. Must be repeatable: a retry after a lost
   * answer finds the room already handed over and changes nothing.
   */
  reassignRoom?(room: StoredRoom, clinician: Participant, signal: AbortSignal): Promise<CreatedRoom>;
  /** Ends the visit at the vendor when the clinician ends it, where the vendor has such a call. */
  endRoom?(room: StoredRoom, signal: AbortSignal): Promise<void>;
  /**
   * The room's live phase as the vendor sees it. Polled by the server's shared room watcher (one call per
   * room per interval, whoever watches), so it must be one cheap, idempotent request at most.
   */
  roomState(room: StoredRoom, signal: AbortSignal): Promise<ProviderRoomState>;
}
