// The join call's shapes as plain types, without valibot: the browser package ships these (its only
// dependencies are lit, @lit/localize and @lit/task). The server's schemas in `join.ts` validate the same
// shapes; test/server/protocol-types.test.ts fails to compile when the two drift apart.
import type { JoinRole } from './ticket.js';
import type { TextDirection } from './page-language.js';
import type { RoomPhase, VisitInfo } from './visits.js';

/**
 * `POST /v1/join`: exactly one of `appointment` or `room`; `role` defaults to the ticket's role. `lang` and `dir`
 * are the embedding page's language (BCP 47) and direction, for room pages that can follow them.
 */
export interface JoinRequest {
  appointment?: string | undefined;
  room?: string | undefined;
  role?: JoinRole | undefined;
  lang?: string | undefined;
  dir?: TextDirection | undefined;
}

export interface JoinResponse {
  /** The one-time, short-lived join URL. It is a credential: never log or share it. */
  url: string;
  /** ISO 8601 instant after which the URL no longer opens the room. */
  expiresAt: string;
  provider: string;
  roomId: string;
  /** Origins the room may be framed from; the room element refuses any other. */
  allowedOrigins: string[];
  /** Extra iframe permissions this provider needs beyond the defaults (e.g. `geolocation`). */
  allow: string[];
  /**
   * The room page posts lifecycle messages (`ready`, `joined`, …) to the framing page, so its `ready` is the sign
   * that it loaded; otherwise only the frame's `load` is (which a vendor's error page fires too).
   */
  postsMessages?: boolean | undefined;
  /**
   * The room's live phase for this caller when the link was minted, as the event stream would say it: the room
   * frames the link at once when it is `open` or `live`, and shows the waiting room when it is `waiting`, without
   * waiting for the stream. Absent when the provider could not be asked (the room then waits for the stream).
   */
  phase?: RoomPhase | undefined;
  /** The visit window (start, end, the server's clock, the clinician's name) for the waiting room. */
  visit?: VisitInfo | undefined;
}
