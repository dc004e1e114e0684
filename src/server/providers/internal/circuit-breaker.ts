import { ProblemError } from '../../problem-error.js';
import { isVendorFailure } from './vendor-error.js';

export interface CircuitBreakerOptions {
  vendor: string;
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit fails fast before it lets one probe through. */
  coolDownMs: number;
  now: () => number;
}

type State =
  | { kind: 'closed'; failures: number }
  | { kind: 'open'; until: number }
  | { kind: 'half-open'; probing: boolean };

/**
 * One per vendor. Closed: calls pass; `failureThreshold` consecutive failures (vendor unreachable, 5xx,
 * 429, timeout, malformed answer) open it. Open: calls fail at once with 503 `vendor-circuit-open` and a
 * Retry-After, so a dead vendor costs our callers nothing and gets no load from us. After `coolDownMs`
 * exactly one call goes through as a probe (half-open): success closes the circuit, failure re-opens it.
 * A refusal the vendor meant (4xx) proves it is up and counts as success; a caller's own abort counts as
 * nothing.
 */
export class CircuitBreaker {
  #state: State = { kind: 'closed', failures: 0 };

  constructor(private readonly options: CircuitBreakerOptions) {}

  get state(): State['kind'] {
    return this.#state.kind;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    this.#admit();
    let result: T;
    try {
      result = await work();
    } catch (err) {
      if (isVendorFailure(err)) this.#failure();
      else if (err instanceof ProblemError) this.#success();
      else this.#neutral();
      throw err;
    }
    this.#success();
    return result;
  }

  #admit(): void {
    const state = this.#state;
    const now = this.options.now();
    if (state.kind === 'open') {
      if (now < state.until) throw this.#openError(state.until - now);
      this.#state = { kind: 'half-open', probing: true };
      return;
    }
    if (state.kind === 'half-open') {
      // One probe at a time: the others would only add load to a vendor that may still be down.
      if (state.probing) throw this.#openError(1000);
      state.probing = true;
    }
  }

  #success(): void {
    this.#state = { kind: 'closed', failures: 0 };
  }

  #failure(): void {
    const state = this.#state;
    if (state.kind === 'closed' && state.failures + 1 < this.options.failureThreshold) {
      state.failures += 1;
      return;
    }
    this.#state = { kind: 'open', until: this.options.now() + this.options.coolDownMs };
  }

  #neutral(): void {
    if (this.#state.kind === 'half-open') this.#state.probing = false;
  }

  #openError(waitMs: number): ProblemError {
    return new ProblemError(
      'vendor-circuit-open',
      `${this.options.vendor} is failing; not calling it for now`,
      {
        retryAfter: Math.max(1, Math.ceil(waitMs / 1000)),
        reason: `${this.options.vendor} circuit ${this.#state.kind}`,
      },
    );
  }
}
