import type { JoinResponse } from './join-types.js';
import { ROOM_PHASES } from './visits.js';

const isStringArray = (a: unknown): a is string[] =>
  Array.isArray(a) && a.every((s) => typeof s === 'string');

const isInstant = (s: unknown): boolean =>
  typeof s === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/.test(s);

const STATUSES: readonly unknown[] = ['scheduled', 'open', 'ended', 'cancelled'];

const isVisit = (data: unknown): boolean => {
  if (typeof data !== 'object' || data === null) return false;
  const r = data as Record<string, unknown>;
  return (
    [r.appointment, r.roomId, r.provider].every((s) => typeof s === 'string') &&
    STATUSES.includes(r.status) &&
    [r.startsAt, r.endsAt, r.joinAvailableFrom, r.serverTime].every(isInstant) &&
    (r.clinicianName === undefined || typeof r.clinicianName === 'string')
  );
};

/**
 * The browser's check of a join answer: the same contract as `JoinResponseSchema`, without valibot
 * (measured: the schema library cost the script-tag bundle ~1.4 KB gzip for this one shape). A test
 * keeps the two in agreement.
 */
export function isJoinResponse(data: unknown): data is JoinResponse {
  if (typeof data !== 'object' || data === null) return false;
  const r = data as Record<string, unknown>;
  return (
    typeof r.url === 'string' &&
    URL.canParse(r.url) &&
    isInstant(r.expiresAt) &&
    typeof r.provider === 'string' &&
    typeof r.roomId === 'string' &&
    isStringArray(r.allowedOrigins) &&
    isStringArray(r.allow) &&
    (r.postsMessages === undefined || typeof r.postsMessages === 'boolean') &&
    (r.phase === undefined || (ROOM_PHASES as readonly unknown[]).includes(r.phase)) &&
    (r.visit === undefined || isVisit(r.visit))
  );
}
