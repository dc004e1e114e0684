import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { Task, TaskStatus, initialState } from '@lit/task';
import { fetchTicket, join } from '../client/consult-client.js';
import { toConsultError, type ConsultError } from '../client/consult-error.js';
import type { JoinRequest, JoinResponse } from '../protocol/join.js';

export interface JoinArgs {
  server: string;
  request: JoinRequest;
  /** A ticket the page handed over; wins over `ticketUrl`. */
  ticket?: string;
  /** Same-origin endpoint to fetch a fresh ticket from. */
  ticketUrl?: string;
}

export interface JoinControllerOptions {
  /** What to join with, read when a run starts. */
  args: () => JoinArgs;
  /**
   * Hands the join URL on (to a room, a window). Runs inside the flow, so a ConsultError thrown here ends the
   * run in the error state like any other failure.
   */
  deliver: (join: JoinResponse) => void;
  /** Reports a failed run (an aborted one is not a failure). */
  onError: (error: ConsultError) => void;
}

export type JoinStatus = 'idle' | 'loading' | 'ready' | 'error';

const STATUS: Record<TaskStatus, JoinStatus> = {
  [TaskStatus.INITIAL]: 'idle',
  [TaskStatus.PENDING]: 'loading',
  [TaskStatus.COMPLETE]: 'ready',
  [TaskStatus.ERROR]: 'error',
};

/**
 * The join flow of an element: ticket (given or fetched), `POST /v1/join`, delivery. Runs only when asked
 * (`start()`), never because a property changed; a new start aborts the run in flight, and so does the host
 * leaving the document.
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
          const ticket = args.ticket || (args.ticketUrl ? await fetchTicket(args.ticketUrl, signal) : '');
          const response = await join(args.server, args.request, ticket, signal);
          options.deliver(response);
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

  get status(): JoinStatus {
    return STATUS[this.task.status];
  }

  /** The last successful join (ready state). */
  get value(): JoinResponse | undefined {
    return this.task.value;
  }

  /** The last failure (error state). */
  get error(): ConsultError | undefined {
    return this.task.error as ConsultError | undefined;
  }

  /** Runs the flow; resolves when it has settled (see `status`). */
  start(): Promise<void> {
    return this.task.run();
  }

  hostDisconnected(): void {
    this.task.abort();
  }
}
