import type { Logger } from '../logger.js';
import type { JobClaim, JobStore } from '../store/job-types.js';
import { backoffMs, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';
import {
  PermanentJobError,
  type Job,
  type JobFailedHandler,
  type JobHandler,
  type JobKind,
} from './types.js';

export interface JobRunnerOptions {
  store: JobStore;
  now?: () => Date;
  logger: Logger;
  handlers?: Partial<Record<JobKind, JobHandler>>;
  /** Told when a job failed for good; runs before the job is marked failed (see `createJobRunner`). */
  onFailed?: JobFailedHandler;
  /** How often the table is looked at for jobs this process was not told about (other processes, retries). */
  pollIntervalMs?: number;
  /** A handler is aborted after this (its signal), and the job retried. */
  timeoutMs?: number;
  /** How long a claimed job belongs to this runner; longer than `timeoutMs`, so that it ends first. */
  leaseMs?: number;
  /** Attempts in all; a job still failing then is failed for good. */
  maxAttempts?: number;
  backoff?: BackoffPolicy;
  /** Jobs run at once by this runner. */
  concurrency?: number;
  /** Jitter source (tests). */
  random?: () => number;
}

export interface JobRunner {
  /**
   * Adds the handler of a kind, and what to do when a job of that kind failed for good (before the
   * runner's own `onFailed`). Jobs of kinds without a handler are never claimed by this runner.
   */
  register(kind: JobKind, handler: JobHandler, onFailed?: JobFailedHandler): void;
  /** Runs due jobs now, on every in-process enqueue, and on its poll interval until `stop`. */
  start(): void;
  /**
   * Stops claiming and waits for the jobs running now. After `graceMs` their signals are aborted (they go
   * back to the queue); a handler that ignores its signal is left to its lease, which another runner
   * takes over. Calling it again returns the same promise.
   */
  stop(graceMs?: number): Promise<void>;
  /** Claims and runs every job due at `now()`, until none is left (tests drive this with a fake clock). */
  runDue(): Promise<number>;
}

/** Waits for `promise`, at most `ms`. */
async function within(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/** A failure's stable code for the table and the log: never a message, which could carry data. */
export function failureCode(error: unknown, timedOut: boolean): string {
  if (timedOut) return 'timeout';
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[a-z][a-z0-9._-]{0,63}$/.test(code) ? code : 'handler-error';
}

/**
 * Runs the durable jobs: claims due jobs with a lease, runs their handlers, and records the outcome.
 * Resolved: done. `PermanentJobError`, or the last of `maxAttempts`: `onFailed`, then failed for good;
 * if `onFailed` throws, the job is retried later (so `onFailed` must be idempotent, like handlers). Any
 * other error: retried after an exponential backoff with jitter. A runner that dies mid-job leaves it
 * `running` until its lease ends; then any runner claims it again (a new attempt). Logs carry the job's
 * id, kind, attempt and a stable code, nothing from its payload.
 */
export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const {
    store,
    logger,
    onFailed,
    now = () => new Date(),
    pollIntervalMs = 5000,
    timeoutMs = 30_000,
    leaseMs = 4 * timeoutMs,
    maxAttempts = 12,
    backoff = DEFAULT_BACKOFF,
    concurrency = 4,
    random = Math.random,
  } = options;
  if (leaseMs <= timeoutMs) throw new Error('jobs: leaseMs must be longer than timeoutMs');
  const handlers = new Map<JobKind, JobHandler>(
    Object.entries(options.handlers ?? {}) as [JobKind, JobHandler][],
  );
  const failedHandlers = new Map<JobKind, JobFailedHandler>();
  const inFlight = new Map<string, { done: Promise<void>; abort: AbortController }>();
  let started = false;
  let stopping = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let ticking: Promise<void> | undefined;
  let again = false;
  let unsubscribe: (() => void) | undefined;
  let stopped: Promise<void> | undefined;

  const log = (job: Job, code: string | undefined, msg: string, level: 'info' | 'warn' | 'error' = 'info') =>
    logger[level]({ job: job.id, kind: job.kind, attempt: job.attempts, ...(code ? { code } : {}) }, msg);

  /** Records an outcome; false when the lease was lost (another runner owns the job now). */
  const settle = async (job: Job, error: unknown, timedOut: boolean) => {
    const claim: JobClaim = { id: job.id, attempt: job.attempts };
    if (error === undefined) {
      if (!(await store.complete(claim, now()))) log(job, 'lease-lost', 'job lease lost', 'warn');
      return;
    }
    const code = failureCode(error, timedOut);
    if (error instanceof PermanentJobError || job.attempts >= maxAttempts) {
      try {
        await failedHandlers.get(job.kind)?.(job, code);
        await onFailed?.(job, code);
      } catch (failedError) {
        const retryAt = new Date(now().getTime() + backoffMs(job.attempts, backoff, random));
        await store.retry(claim, retryAt, 'on-failed-error');
        log(job, failureCode(failedError, false), 'job failure handler failed, retrying', 'error');
        return;
      }
      if (await store.fail(claim, now(), code)) log(job, code, 'job failed for good', 'error');
      return;
    }
    // A receiver's `Retry-After` (carried as `retryAfterMs`) is a lower bound, within the backoff's cap.
    const hint = (error as { retryAfterMs?: unknown } | null)?.retryAfterMs;
    const wait = Math.max(
      backoffMs(job.attempts, backoff, random),
      typeof hint === 'number' ? Math.min(hint, backoff.maxMs) : 0,
    );
    if (await store.retry(claim, new Date(now().getTime() + wait), code)) {
      log(job, code, 'job failed, retrying', 'warn');
    }
  };

  const run = async (job: Job, abort: AbortController): Promise<void> => {
    const handler = handlers.get(job.kind)!;
    let timedOut = false;
    const timeout = setTimeout(() => {
      timedOut = true;
      abort.abort(new DOMException('job timed out', 'TimeoutError'));
    }, timeoutMs);
    // A handler that ignores its signal does not hold its slot (nor shutdown) beyond the abort.
    const aborted = new Promise<never>((_resolve, reject) =>
      abort.signal.addEventListener('abort', () => reject(abort.signal.reason as Error), { once: true }),
    );
    let error: unknown;
    try {
      await Promise.race([handler(job, abort.signal), aborted]);
    } catch (e) {
      error = e ?? new Error('rejected without a reason');
    } finally {
      clearTimeout(timeout);
    }
    try {
      if (error !== undefined && abort.signal.aborted && !timedOut) {
        // Shutdown took it away: back to the queue at once, for the next runner.
        await store.retry({ id: job.id, attempt: job.attempts }, now(), 'shutdown');
        return;
      }
      await settle(job, error, timedOut);
    } catch (settleError) {
      // The database went away (shutdown, disk): the lease ends and the job runs again.
      log(job, failureCode(settleError, false), 'job outcome not recorded', 'error');
    }
  };

  /** Claims as many due jobs as there are free slots and starts them; how many it started. */
  const claimSome = async (): Promise<number> => {
    const kinds = [...handlers.keys()];
    const free = concurrency - inFlight.size;
    if (stopping || kinds.length === 0 || free <= 0) return 0;
    const jobs = await store.claim({ now: now(), leaseMs, limit: free, kinds });
    for (const job of jobs) {
      const abort = new AbortController();
      const done = run(job, abort).finally(() => inFlight.delete(job.id));
      inFlight.set(job.id, { done, abort });
    }
    return jobs.length;
  };

  // A slot that frees up is refilled at once: one slow job does not hold back the others.
  const runDue = async () => {
    let total = 0;
    for (;;) {
      const claimed = await claimSome();
      total += claimed;
      if (inFlight.size === 0) return total;
      if (claimed === 0 || inFlight.size >= concurrency) {
        await Promise.race([...inFlight.values()].map((f) => f.done));
      }
    }
  };

  const schedule = async () => {
    clearTimeout(timer);
    if (stopping) return;
    const next = await store.nextDue([...handlers.keys()]).catch(() => undefined);
    const wait = next === undefined ? pollIntervalMs : next.getTime() - now().getTime();
    timer = setTimeout(tick, Math.min(pollIntervalMs, Math.max(wait, 0)));
    timer.unref?.();
  };

  // One pass at a time; a wake during a pass runs another pass right after it.
  function tick() {
    if (stopping) return;
    if (ticking) {
      again = true;
      return;
    }
    ticking = (async () => {
      do {
        again = false;
        try {
          await runDue();
        } catch (error) {
          logger.error({ code: failureCode(error, false) }, 'job claim failed');
        }
      } while (again && !stopping);
      await schedule();
    })().finally(() => (ticking = undefined));
  }

  return {
    register(kind, handler, failed) {
      handlers.set(kind, handler);
      if (failed) failedHandlers.set(kind, failed);
      if (started) tick();
    },
    start() {
      if (started) return;
      started = true;
      unsubscribe = store.onEnqueued(tick);
      tick();
    },
    stop(graceMs = timeoutMs) {
      return (stopped ??= stopRunning(graceMs));
    },
    runDue,
  };

  async function stopRunning(graceMs: number) {
    stopping = true;
    unsubscribe?.();
    clearTimeout(timer);
    const running = Promise.all([...inFlight.values()].map((f) => f.done)).then(() => ticking);
    await within(running, graceMs);
    for (const f of inFlight.values()) f.abort.abort(new DOMException('shutting down', 'AbortError'));
    // Aborted handlers settle at once; one that ignores its signal is not waited for beyond a moment.
    await within(running, 1000);
  }
}
