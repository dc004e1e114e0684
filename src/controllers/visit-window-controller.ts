import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { toConsultError, type ConsultError } from '../client/consult-error.js';
import type { VisitInfo } from '../protocol/visits.js';
import type { VisitWindow } from '../components/call-join-button/join-client.js';
import { loadJoinClient } from '../components/call-join-button/join-loader.js';
import { CountdownController } from './countdown-controller.js';

export interface VisitWindowArgs {
  server: string;
  appointment?: string;
  /** Where fresh tickets come from; without it or `reusable` there is no window (see `VisitWindowController`). */
  ticketUrl?: string;
  /** A credential that may be sent more than once: an appointment's capability token (`vca_…`). */
  reusable?: string;
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

/** Whether the server said the visit is over, whatever the clock says. */
const over = ({ status }: VisitInfo) => status === 'ended' || status === 'cancelled';

/**
 * The window of a scheduled visit: fetches its `VisitInfo` when the appointment is known (again when the arguments
 * change, the fetch before aborted), and re-renders the host as it opens and ends, on the server's clock. Fetches
 * only with a ticket URL or a credential that may be sent again (an appointment's capability token, which the
 * picker's confirmation gives its button): a `ticket` property that holds a consult ticket holds a single one, and
 * spending it here would make the join that follows fail as `ticket-replayed`. The fetch is the button's network side (join-loader.ts), loaded for it.
 */
export class VisitWindowController implements ReactiveController {
  private readonly countdown: CountdownController;
  /** The arguments of the last fetch, as one string; undefined before the first. */
  private key?: string;
  private run?: AbortController;
  private done = false;
  private window?: VisitWindow;
  /** The last failure to fetch the visit. */
  error?: ConsultError;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: VisitWindowOptions,
  ) {
    host.addController(this);
    this.countdown = new CountdownController(host);
  }

  hostUpdate(): void {
    const { server, appointment, ticketUrl, reusable } = this.options.args();
    const key = JSON.stringify([server, appointment, ticketUrl, reusable]);
    if (key !== this.key) {
      this.key = key;
      void this.refetch();
    }
  }

  /** The visit, once known; undefined while fetching, after a failure, or when it has no schedule. */
  get info(): VisitInfo | undefined {
    return this.window?.info;
  }

  /** Whether the window is known (or known to be missing): no fetch is in flight or about to start. */
  get settled(): boolean {
    return this.done;
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

  /** Fetches the visit again (after a failure, or when the server said it is not open yet). */
  async refetch(): Promise<void> {
    this.run?.abort();
    const run = (this.run = new AbortController());
    const { server, appointment, ticketUrl, reusable } = this.options.args();
    const credential = ticketUrl ? { ticketUrl } : reusable ? { token: reusable } : undefined;
    this.done = false;
    this.window = this.error = undefined;
    this.host.requestUpdate();
    let visit: VisitWindow | undefined;
    try {
      // Without an appointment and a credential for it there is no window to fetch, nor anything to load for it.
      // Never within the host's update that started it: the answer comes in a later turn, as a fetch's would.
      visit = await (appointment && credential
        ? loadJoinClient().then((client) =>
            client.fetchVisitWindow(server, appointment, credential, run.signal),
          )
        : undefined);
    } catch (error) {
      if (run !== this.run) return;
      this.error = toConsultError(error);
    }
    // A newer fetch took over: this one's answer is stale.
    if (run !== this.run) return;
    this.done = true;
    this.window = visit;
    this.countdown.countTo(
      visit && !over(visit.info) ? [visit.info.joinAvailableFrom, visit.info.endsAt].map(Date.parse) : [],
      visit?.offset,
    );
    this.host.requestUpdate();
    if (this.error) this.options.onError(this.error);
    this.options.onSettled();
  }
}
