import type { ArztApi, NewCall } from './api.js';
import type { ArztkonsultationOptions } from './options.js';
import { tanOf, type VendorCall } from './schemas.js';

const isOurs = (call: VendorCall, wanted: NewCall): boolean =>
  call.begin === wanted.begin &&
  call.duration === wanted.duration &&
  call.users.some((user) => user.role_name === 'tanuser' && user.user_name === wanted.tan_username);

/**
 * After `POST /api/v2/calls` timed out the call may exist anyway. The API has no idempotency key and no
 * external reference, so we look for a call with our begin, duration and TAN user name, following
 * `meta.last_page` as the doc's "List Calls" example does (bounded by `listMaxPages`).
 * Returns every match; the caller adopts exactly one and treats several as ambiguous.
 */
export const findCalls = async (
  api: ArztApi,
  wanted: NewCall,
  options: Pick<ArztkonsultationOptions, 'listMaxPages'>,
  signal: AbortSignal,
): Promise<{ callId: number | string; tan: string }[]> => {
  const found: { callId: number | string; tan: string }[] = [];
  for (let page = 1; page <= options.listMaxPages; page++) {
    const answer = await api.listCalls(page, signal);
    for (const call of answer.data) {
      const tan = tanOf(call);
      if (tan !== undefined && isOurs(call, wanted)) found.push({ callId: call.id, tan });
    }
    if (page >= answer.meta.last_page) break;
  }
  return found;
};
