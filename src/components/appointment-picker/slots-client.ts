import { serverRequest, parseJson } from '../../client/request.js';
import { ConsultError } from '../../client/consult-error.js';
import type { Credential, Slot, SlotsCache, SlotsResponse } from './booking-client.js';

// What the picker asks before a time is chosen: the free times. The rest of the booking API (holds, bookings,
// changes) is in booking-client.ts, in the chunk that the booking steps load with (booking-controller.ts).

export const isObject = (data: unknown): data is Record<string, unknown> =>
  typeof data === 'object' && data !== null;
export const isString = (value: unknown): value is string => typeof value === 'string';
export const isInstant = (value: unknown): value is string =>
  isString(value) && !Number.isNaN(Date.parse(value));

const isSlot = (data: unknown): data is Slot =>
  isObject(data) && isInstant(data.start) && isInstant(data.end) && Array.isArray(data.clinicians);

const isSlots = (data: unknown): data is SlotsResponse =>
  isObject(data) && isString(data.zone) && Array.isArray(data.slots) && data.slots.every(isSlot);

const query = (params: Record<string, string | undefined>) =>
  new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => !!e[1])).toString();

/**
 * `GET /v1/slots`: free starts of `service` between two instants. With `cached` for the same query it sends
 * `If-None-Match`, and a 304 keeps the cached slots (the same object: nothing to render again).
 */
export const fetchSlots = async (
  server: string,
  credential: Credential,
  params: { service: string; from: string; to: string; clinician?: string; tz?: string },
  cached?: SlotsCache,
  signal?: AbortSignal,
): Promise<SlotsCache> => {
  const ticket = await credential(signal);
  const path = `/v1/slots?${query(params)}`;
  const known = cached?.query === path ? cached : undefined;
  const init = known ? { headers: { 'If-None-Match': known.etag } } : {};
  return serverRequest(
    server,
    path,
    ticket,
    init,
    async (response) => {
      if (known && response.status === 304) return known;
      const data = parseJson(await response.text());
      if (!isSlots(data)) throw new ConsultError('bad-response', { status: response.status });
      return { query: path, etag: response.headers.get('ETag') ?? '', data };
    },
    signal,
  );
};
