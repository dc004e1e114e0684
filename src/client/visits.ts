import type { VisitInfo } from '../protocol/visits.js';
import { callServer, type RequestOptions } from './request.js';

const STATUSES: readonly unknown[] = ['scheduled', 'open', 'ended', 'cancelled'];

/**
 * The browser's check of a visit answer: the status and the instants the button counts with (text fields only
 * ever reach the page as text). By hand rather than a schema, for the bundle's sake (see `isJoinResponse`).
 */
const isVisitInfo = (data: unknown): data is VisitInfo => {
  const r = (data ?? {}) as Record<string, unknown>;
  const instant = (value: unknown) => typeof value === 'string' && !Number.isNaN(Date.parse(value));
  return (
    STATUSES.includes(r.status) && [r.startsAt, r.endsAt, r.joinAvailableFrom, r.serverTime].every(instant)
  );
};

/**
 * The visit window of an appointment: `GET {server}/v1/visits/{appointment}` with a fresh, single-use ticket as
 * bearer token. Rejects with a ConsultError (`room-not-found` when the server knows no schedule for it), or with
 * `signal.reason` when the caller aborts.
 */
export const getVisit = (
  server: string,
  appointment: string,
  ticket: string,
  signal?: AbortSignal,
  options?: RequestOptions,
): Promise<VisitInfo> =>
  callServer(
    server,
    `/v1/visits/${encodeURIComponent(appointment)}`,
    ticket,
    {},
    isVisitInfo,
    signal,
    options,
  );
