import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { Task, initialState } from '@lit/task';
import { fetchTicket, join } from '../client/consult-client.js';
import { ConsultError, toConsultError } from '../client/consult-error.js';
import type { RoomSession } from '../client/room-session.js';
import type { JoinRequest, JoinResponse } from '../protocol/join-types.js';
import type { VisitInfo } from '../protocol/visits.js';

export interface JoinArgs {
  server: string;
  request: JoinRequest;
  /** A ticket the page handed over; wins over `ticketUrl`. */
  ticket?: string;
  /** Same-origin endpoint to fetch a fresh ticket from. */
  ticketUrl?: string;
}

/** Where tickets come from: the page's own, else its ticket URL. */
export type TicketSource = Pick<JoinArgs, 'ticket' | 'ticketUrl'>;

/**
 * A ticket for one call to the server: the one the page handed over, else a fresh one from its ticket URL; ''
 * when the page gave neither (which `join` reports as `ticket-missing`).
 */
export const ticketFor = async ({ ticket, ticketUrl }: TicketSource, signal?: AbortSignal): Promise<string> =>
  ticket || (ticketUrl ? fetchTicket(ticketUrl, signal) : '');

/**
 * What the room needs to follow the visit after the join. Tickets come the way the join's did, from the ticket or
 * ticket URL `tickets` holds when one is asked for (a page may set a fresh ticket for each call); a refresh joins
 * the same visit in the same role again, without a `vc-join-request` (the patient is in the visit already).
 */
export const roomSession = (
  { server, request }: JoinArgs,
  tickets: TicketSource,
  visit?: VisitInfo,
): RoomSession => {
  const ticket = async (signal?: AbortSignal) => {
    const value = await ticketFor(tickets, signal);
    if (!value) throw new ConsultError('ticket-missing');
    return value;
  };
  return {
    server,
    ticket,
    refresh: async (signal) => join(server, request, await ticket(signal), signal),
    visit,
  };
};

export interface JoinControllerOptions {
  /** What to join with, read when a run starts. */
  args: () => JoinArgs;
  /**
   * Hands the join URL on (to a room, a window), with the arguments of the run. Runs inside the flow, so a
   * ConsultError thrown here ends the run in the error state like any other failure.
   */
  deliver: (join: JoinResponse, args: JoinArgs) => void;
  /** Reports a failed run (an aborted one is not a failure). */
  onError: (error: ConsultError) => void;
  /**
   * A ticket from `args.ticketUrl` fetched ahead of the run (at the start of the press), if any: the ticket itself
   * once it arrived, else the promise of it.
   */
  prefetched?: (args: JoinArgs) => string | Promise<string> | undefined;
}

/**
 * The join flow of an element: ticket (given or fetched), `POST /v1/join`, delivery. Runs only when asked
 * (`start()`), never because a property changed; a new start aborts the run in flight, and so does the host
 * leaving the document. Where the element stands is the element's to keep (its own state table): this only runs.
 */
export class JoinController implements ReactiveController {
  private readonly task: Task<[JoinArgs], JoinResponse>;

  constructor(host: ReactiveControllerHost, options: JoinControllerOptions) {
    host.addController(this);
    this.task = new Task(host, {
      autoRun: false,
      args: () => [options.args()],
      task: async ([args], { signal }) => {
        try {
          // A ticket at hand (the page's, or the press's that has arrived) sends the join in the click's own task,
          // before the button re-renders or anything else runs: no await comes before the request.
          const ahead = args.ticket || options.prefetched?.(args);
          const ticket = typeof ahead === 'string' ? ahead : await (ahead ?? ticketFor(args, signal));
          const response = await join(args.server, args.request, ticket, signal);
          options.deliver(response, args);
          return response;
        } catch (error) {
          // Aborted on purpose: back to idle, with nothing to report.
          if (signal.aborted) return initialState;
          throw toConsultError(error);
        }
      },
      onError: (error) => options.onError(error as ConsultError),
    });
  }

  /** The last successful join. */
  get value(): JoinResponse | undefined {
    return this.task.value;
  }

  /** Runs the flow; resolves when it has settled. */
  start(): Promise<void> {
    return this.task.run();
  }

  hostDisconnected(): void {
    this.task.abort();
  }
}
