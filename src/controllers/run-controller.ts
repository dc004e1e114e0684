import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { toConsultError, type ConsultError } from '../client/consult-error.js';

export interface RunOptions<A extends readonly unknown[], T> {
  /** What the run depends on: read at each host update; a change of any of them runs it again. */
  args: () => A;
  /** The run itself. `undefined`: nothing to do (not pending any more, the last value kept). */
  run: (args: A, signal: AbortSignal) => Promise<T | undefined>;
  /** Reports a failed run; a stale or aborted one is not reported. */
  onError: (error: ConsultError) => void;
}

/**
 * An async run of an element that follows its arguments (what @lit/task's `Task` did, in a fraction of its bytes):
 * it starts at the host update where one of them changed, aborting the run before; only the latest run's answer
 * counts, so a newer request always wins over a slower older one. While the host is out of the document nothing
 * starts, and the run in flight is aborted; back in the document it runs again.
 */
export class RunController<A extends readonly unknown[], T> implements ReactiveController {
  /** A run is in flight (the last value, if any, stays meanwhile). */
  pending = false;
  /** The last run's answer; cleared when a run fails. */
  value?: T;
  /** Why the last run failed; cleared when a run starts. */
  error?: ConsultError;
  /** The arguments of the last run started; undefined before the first, and after one aborted by leaving. */
  private last?: A;
  private abort?: AbortController;
  private connected = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: RunOptions<A, T>,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.connected = true;
    // Back after a run was aborted by leaving: the next update starts it again.
    if (!this.last) this.host.requestUpdate();
  }

  hostDisconnected(): void {
    this.connected = false;
    if (!this.pending) return;
    this.abort?.abort();
    this.abort = this.last = undefined;
  }

  hostUpdate(): void {
    const { last } = this;
    const args = this.options.args();
    if (this.connected && (!last || args.some((arg, i) => arg !== last[i]))) void this.run(args);
  }

  /** Runs now (a retry), with the current arguments unless given; resolves when it has settled. */
  async run(args = this.options.args()): Promise<void> {
    this.abort?.abort();
    const abort = (this.abort = new AbortController());
    this.last = args;
    this.pending = true;
    this.error = undefined;
    this.host.requestUpdate();
    let value: T | undefined;
    let error: ConsultError | undefined;
    try {
      value = await this.options.run(args, abort.signal);
    } catch (thrown) {
      error = toConsultError(thrown);
    }
    // A newer run, or the host leaving, took over: this answer is stale.
    if (abort !== this.abort) return;
    this.pending = false;
    if (error) {
      this.value = undefined;
      this.error = error;
      this.options.onError(error);
    } else if (value !== undefined) this.value = value;
    this.host.requestUpdate();
  }
}
