import type { Context } from 'hono';
import type { Audit } from '../audit.js';
import type { AppEnv } from '../env.js';
import { pseudonym } from '../internal/crypto.js';
import { ProblemError } from '../problem-error.js';
import type { RateLimiter } from '../middleware/rate-limit.js';
import type { RefusalCounter } from '../refusals.js';
import type { Caller, TicketVerifier } from './ticket-verifier.js';

/** A verified caller with its pseudonymous id (`actor`), safe to log and store. */
export type AuthenticatedCaller = Caller & { actor: string };
export type Authenticate = (c: Context<AppEnv>) => Promise<AuthenticatedCaller>;

/** Ticket verification + audit of the outcome + the per-subject rate limit, in one step per route. */
export function createAuthenticate(deps: {
  verify: TicketVerifier;
  audit: Audit;
  /** Refused tickets are counted, not written one row each: forged tickets must not grow the database. */
  refusals: RefusalCounter;
  perSubject: RateLimiter;
  pseudonymSecret: string;
}): Authenticate {
  return async (c) => {
    const requestId = c.get('requestId');
    let caller: Caller;
    try {
      caller = await deps.verify(c.req.header('authorization'));
    } catch (error) {
      if (error instanceof ProblemError) {
        const source = pseudonym(deps.pseudonymSecret, 'client-address', c.get('clientIp') ?? 'unknown');
        deps.refusals.note('ticket.refused', error.code, source);
      }
      throw error;
    }
    const actor = pseudonym(deps.pseudonymSecret, caller.issuer, caller.subject);
    await deps.audit('ticket.accepted', { actor, role: caller.role, requestId });
    try {
      await deps.perSubject.hit(`sub:${actor}`);
    } catch (error) {
      await deps.audit('rate.limited', { actor, reason: 'per-subject', requestId });
      throw error;
    }
    return { ...caller, actor };
  };
}
