import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { toConsultError, type ConsultError } from '../client/consult-error.js';
import type { JoinRequest, JoinResponse } from '../protocol/join-types.js';
import { joinClient, loadJoinClient, type JoinClient } from '../components/call-join-button/join-loader.js';

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

export interface JoinControllerOptions {
  /** What to join with, read when a run starts. */
  args: () => JoinArgs;
  /**
   * Hands the join URL on (to a room, a window), with the arguments of the run and the network side (for the room's
   * session). Runs inside the flow, so a ConsultError thrown here ends the run in the error state like any other
   * failure.
   */
  deliver: (join: JoinResponse, args: JoinArgs, client: JoinClient) => void;
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
 * The network side is a chunk of its own (join-loader.ts): loaded by now where the button came near the viewport
 * or was pressed, else awaited here.
 */
export class JoinController implements ReactiveController {
  private run?: AbortController;
  /** The last successful join. */
  value?: JoinResponse;

  constructor(
    host: ReactiveControllerHost,
    private readonly options: JoinControllerOptions,
  ) {
    host.addController(this);
  }

  /** Runs the flow; resolves when it has settled. */
  async start(): Promise<void> {
    this.run?.abort();
    const { signal } = (this.run = new AbortController());
    const { options } = this;
    const args = options.args();
    try {
      // A ticket at hand (the page's, or the press's that has arrived) and the network side loaded send the join in
      // the click's own task, before the button re-renders or anything else runs: no await comes before the request.
      const ahead = args.ticket || options.prefetched?.(args);
      const client = joinClient() ?? (await loadJoinClient());
      const ticket = typeof ahead === 'string' ? ahead : await (ahead ?? client.ticketFor(args, signal));
      const response = await client.join(args.server, args.request, ticket, signal);
      // Aborted on purpose while the last step settled: nothing to deliver, nothing to report.
      if (signal.aborted) return;
      options.deliver(response, args, client);
      this.value = response;
    } catch (error) {
      // Aborted on purpose: back to idle, with nothing to report.
      if (!signal.aborted) options.onError(toConsultError(error));
    }
  }

  hostDisconnected(): void {
    this.run?.abort();
  }
}
