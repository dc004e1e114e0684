import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.js';
import { ProblemError } from '../problem-error.js';
import { TicketReplayedError, type ConsultStore } from '../store/types.js';

/** A refusal we decided (4xx): what the request recorded so far (ticket id, audit rows) is kept. */
const isRefusal = (error: unknown) => error instanceof ProblemError && error.status < 500;

/**
 * One commit per request: the request's replay entry, join link and audit rows go to the database
 * together when it is answered. A failure (an unexpected error or a 5xx) leaves none of them; a refusal
 * (4xx) keeps what was recorded before it, as separate writes would have. One commit instead of four is
 * most of a join's cost with durable (`synchronous=FULL`) writes.
 */
export const transactional =
  (store: ConsultStore): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    try {
      await store.transaction(async () => {
        await next();
        // Hono turns a handler's throw into the error answer before `next` returns: undo its writes too.
        if (c.error && !isRefusal(c.error)) throw c.error;
      });
    } catch (error) {
      if (error === c.error) return;
      if (error instanceof TicketReplayedError) {
        throw new ProblemError('ticket-replayed', 'The consult ticket was not accepted.', {
          reason: 'jti recorded by a concurrent request',
        });
      }
      throw error;
    }
  };
