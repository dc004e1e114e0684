/** Who a consult ticket speaks for. `staff` may administer (audit, rooms) but never joins a visit. */
export type TicketRole = 'patient' | 'clinician' | 'staff';

/** Roles that can be asked for a join link. */
export const JOIN_ROLES = ['patient', 'clinician'] as const;
export type JoinRole = (typeof JOIN_ROLES)[number];

/** The JWT media type every consult ticket carries in its `typ` header (RFC 8725 §3.11). */
export const TICKET_TYPE = 'consult-ticket+jwt';

/**
 * Claims of a consult ticket, the short-lived JWT the hospital's backend signs for its logged-in user.
 * Typed here so that a portal written in TypeScript signs exactly what the server verifies.
 */
export interface ConsultTicketClaims {
  iss: string;
  aud: string | string[];
  /** Stable pseudonymous id of the user in the portal; it is hashed before it is stored or logged. */
  sub: string;
  jti: string;
  iat: number;
  exp: number;
  nbf?: number;
  role: TicketRole;
  /** Display name shown to the other side of the call; never logged. */
  name?: string;
  /** When present, the ticket may act on this appointment only. */
  appointment?: string;
  /**
   * Whether the portal knows this patient as `new` or `returning`: required to book a service that takes only
   * one kind (`booking.services[].patients`). The portal decides; the consult server never guesses it.
   */
  patientKind?: 'new' | 'returning';
}
