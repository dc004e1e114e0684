import type { VisitInfo } from '../../protocol/visits.js';
import type { JoinRole } from '../../protocol/ticket.js';
import type { ConsultServerConfig } from '../config.js';
import { ProblemError } from '../problem-error.js';
import type { StoredRoom } from '../providers/types.js';

export type JoinWindow = ConsultServerConfig['joinWindow'];

const MINUTE_MS = 60_000;

const minutesBefore = (window: JoinWindow, role: JoinRole): number =>
  role === 'clinician' ? window.clinicianMinutesBefore : window.patientMinutesBefore;

export const endsAt = (room: StoredRoom): Date =>
  new Date(room.startsAt.getTime() + room.durationMinutes * MINUTE_MS);

export const joinAvailableFrom = (room: StoredRoom, role: JoinRole, window: JoinWindow): Date =>
  new Date(room.startsAt.getTime() - minutesBefore(window, role) * MINUTE_MS);

/** The earliest anyone may enter: before it, nobody can be in the room, so no vendor need be asked. */
export const roomOpensAt = (room: StoredRoom, window: JoinWindow): Date =>
  new Date(
    room.startsAt.getTime() -
      Math.max(window.clinicianMinutesBefore, window.patientMinutesBefore) * MINUTE_MS,
  );

/** After this nobody may join any more: the scheduled end plus the grace for overruns. */
export const closesAt = (room: StoredRoom, window: JoinWindow): Date =>
  new Date(endsAt(room).getTime() + window.graceMinutesAfter * MINUTE_MS);

export function visitStatus(
  room: StoredRoom,
  role: JoinRole,
  window: JoinWindow,
  now: Date,
): VisitInfo['status'] {
  if (room.status === 'cancelled') return 'cancelled';
  if (room.status === 'ended' || now >= closesAt(room, window)) return 'ended';
  return now < joinAvailableFrom(room, role, window) ? 'scheduled' : 'open';
}

export const toVisitInfo = (room: StoredRoom, role: JoinRole, window: JoinWindow, now: Date): VisitInfo => ({
  appointment: room.appointment,
  roomId: room.id,
  provider: room.provider,
  status: visitStatus(room, role, window, now),
  startsAt: room.startsAt.toISOString(),
  endsAt: endsAt(room).toISOString(),
  joinAvailableFrom: joinAvailableFrom(room, role, window).toISOString(),
  serverTime: now.toISOString(),
  ...(room.clinicianName ? { clinicianName: room.clinicianName } : {}),
});

/**
 * Refuses a join outside the caller's window: 409 `room-ended` once the room is over (cancelled, ended, or
 * past its end plus grace), 425 `visit-not-open` before it opens for the caller's role, with the time in
 * the detail and `Retry-After`. A room created on the first join starts now and is simply open.
 */
export function assertJoinable(room: StoredRoom, role: JoinRole, window: JoinWindow, now: Date): void {
  const status = visitStatus(room, role, window, now);
  if (status === 'ended' || status === 'cancelled') {
    throw new ProblemError('room-ended', 'This visit has ended.');
  }
  if (status === 'scheduled') {
    const opensAt = joinAvailableFrom(room, role, window);
    throw new ProblemError('visit-not-open', `This visit opens for you at ${opensAt.toISOString()}.`, {
      retryAfter: Math.max(1, Math.ceil((opensAt.getTime() - now.getTime()) / 1000)),
    });
  }
}
