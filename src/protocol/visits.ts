/**
 * `GET /v1/visits/{appointment}`: the visit window the join button counts down to. Times are ISO 8601
 * instants from the server; `serverTime` lets the browser correct its own clock.
 */
export interface VisitInfo {
  appointment: string;
  roomId: string;
  provider: string;
  /** `scheduled`: before joinAvailableFrom; `open`: joinable; `ended`/`cancelled`: over. */
  status: 'scheduled' | 'open' | 'ended' | 'cancelled';
  startsAt: string;
  endsAt: string;
  /** Patients may join from here (clinicians earlier); the button stays disabled before it. */
  joinAvailableFrom: string;
  serverTime: string;
  /** Display name of the clinician, when the clinic gave one. */
  clinicianName?: string;
}

/** A room's live state, normalised across providers; the SSE stream `GET /v1/rooms/{id}/events` sends it. */
export type RoomPhase =
  /** The room exists but is not open yet (before its window, or the host has not opened it). */
  | 'waiting'
  /** The room can be entered now. */
  | 'open'
  /** Someone is in the call. */
  | 'live'
  /** Over or cancelled: nobody can enter any more. */
  | 'ended';

export interface RoomState {
  roomId: string;
  phase: RoomPhase;
  /** Participants in the call, where the provider says (never who). */
  participants?: number;
  /** When the server last heard this from the provider (ISO 8601). */
  observedAt: string;
}

export const ROOM_PHASES: readonly RoomPhase[] = ['waiting', 'open', 'live', 'ended'];
