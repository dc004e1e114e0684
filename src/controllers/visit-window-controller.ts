import type { ReactiveControllerHost } from 'lit';
import { Task, TaskStatus } from '@lit/task';
import { fetchTicket } from '../client/consult-client.js';
import { toConsultError, type ConsultError } from '../client/consult-error.js';
import { getVisit } from '../client/visits.js';
import { parseSecureUrl } from '../internal/url-policy.js';
import type { VisitInfo } from '../protocol/visits.js';
import { clock, CountdownController } from './countdown-controller.js';

export interface VisitWindowArgs {
  server: string;
  appointment?: string;
  /** Where fresh tickets come from; without one there is no window (see `VisitWindowController`). */
  ticketUrl?: string;
}

export interface VisitWindowOptions {
  /** Which visit to follow; read at each host update, and fetched again when it changes. */
  args: () => VisitWindowArgs;
  /** Reports a failed fetch (a visit without a schedule is not a failure). */
  onError: (error: ConsultError) => void;
  /** The window is known now: fetched, known not to exist, or failed to come. */
  onSettled: () => void;
}

/** Before the visit opens, while it may be joined, or over (ended or cancelled). */
export type VisitPhase = 'scheduled' | 'open' | 'ended';

interface VisitWindow {
  info: VisitInfo;
  /** The server's clock minus this one, in ms. */
  offset: number;
}

/** Whether the server said the visit is over, whatever the clock says. */
const over = ({ status }: VisitInfo) => status === 'ended' || status === 'cancelled';

/**
 * The window of a scheduled visit: fetches its `VisitInfo` when the appointment is known, and re-renders the host
 * as it opens and ends, on the server's clock. Fetches only with a ticket URL: a `ticket` property holds a single
 * ticket, and spending it here would make the join that follows fail as `ticket-replayed`.
 */
export class VisitWindowController {
  private readonly countdown: CountdownController;
  private readonly task: Task<readonly [string, string?, string?], VisitWindow | undefined>;

  constructor(
    host: ReactiveControllerHost,
    private readonly options: VisitWindowOptions,
  ) {
    this.countdown = new CountdownController(host);
    this.task = new Task(host, {
      args: () => {
        const { server, appointment, ticketUrl } = options.args();
        return [server, appointment, ticketUrl] as const;
      },
      task: async ([server, appointment, ticketUrl], { signal }) => {
        // A server that is no secure URL gets no ticket: the join reports it, once, when the user asks to join.
        if (!parseSecureUrl(server) || !appointment || !ticketUrl) return undefined;
        try {
          const ticket = await fetchTicket(ticketUrl, signal);
          const sent = clock.now();
          const info = await getVisit(server, appointment, ticket, signal);
          // The server read its clock somewhere during the round trip: assume half-way.
          return { info, offset: Date.parse(info.serverTime) - (sent + clock.now()) / 2 };
        } catch (error) {
          if (signal.aborted) throw error;
          const failure = toConsultError(error);
          // Rooms created on first join have no schedule, and a server older than this route knows none either:
          // both join as they always did, without a window.
          if (failure.code === 'room-not-found' || failure.code === 'not-found') return undefined;
          throw failure;
        }
      },
      onComplete: (visit) => {
        this.countdown.countTo(
          visit && !over(visit.info) ? [visit.info.joinAvailableFrom, visit.info.endsAt].map(Date.parse) : [],
          visit?.offset,
        );
        this.settle();
      },
      onError: (error) => {
        this.countdown.countTo([]);
        options.onError(error as ConsultError);
        this.settle();
      },
    });
  }

  /** The visit, once known; undefined while fetching, after a failure, or when it has no schedule. */
  get info(): VisitInfo | undefined {
    return this.task.status === TaskStatus.COMPLETE ? this.task.value?.info : undefined;
  }

  /** Whether the window is known (or known to be missing): no fetch is in flight or about to start. */
  get settled(): boolean {
    const { status } = this.task;
    return status === TaskStatus.COMPLETE || status === TaskStatus.ERROR;
  }

  /** The last failure to fetch the visit. */
  get error(): ConsultError | undefined {
    return this.task.status === TaskStatus.ERROR ? (this.task.error as ConsultError) : undefined;
  }

  /** Now on the server's clock (epoch ms), as far as it is known. */
  now(): number {
    return this.countdown.now();
  }

  /** Where the visit stands now; undefined without a known window. */
  get phase(): VisitPhase | undefined {
    const { info } = this;
    if (!info) return undefined;
    const now = this.now();
    if (over(info) || now >= Date.parse(info.endsAt)) return 'ended';
    return info.status === 'scheduled' && now < Date.parse(info.joinAvailableFrom) ? 'scheduled' : 'open';
  }

  /** Tells the host once the task has taken in its result: it calls `onComplete`/`onError` just before that. */
  private settle(): void {
    queueMicrotask(() => this.options.onSettled());
  }

  /** Fetches the visit again (after a failure, or when the server said it is not open yet). */
  refetch(): Promise<void> {
    return this.task.run();
  }
}
