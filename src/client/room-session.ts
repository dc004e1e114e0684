import type { JoinResponse } from '../protocol/join-types.js';
import type { VisitInfo } from '../protocol/visits.js';

/**
 * What `<video-consult-room>` needs to follow a visit after the join, handed over by
 * `<call-join-button>` in `room.open(join, session)`. Without a session the room still frames the URL
 * and follows the room page's postMessage events, but has no live state and cannot renew the link.
 */
export interface RoomSession {
  /** Consult server base URL. */
  server: string;
  /** A fresh single-use consult ticket; every server call needs its own. */
  ticket(signal?: AbortSignal): Promise<string>;
  /** Mints a fresh join link for the same visit and role (token refresh). */
  refresh(signal?: AbortSignal): Promise<JoinResponse>;
  /** The visit window and clinician's name for the waiting state, when the button knew them. */
  visit?: VisitInfo;
}
