import type { ReactiveController, ReactiveControllerHost } from 'lit';

// setTimeout fires at once for delays past 2^31 - 1 ms (~24.8 days): longer waits go in steps.
const MAX_DELAY = 2 ** 31 - 1;

export interface TokenExpiryOptions {
  /** How long before the expiry to warn, in ms. */
  lead: () => number;
  /** The current time by the server's clock, in ms. */
  now: () => number;
  onExpiring: (expiresAt: string) => void;
}

/**
 * Warns once, `lead` before a join link expires, while the host is in the document and the link is watched.
 * The host stops watching once it framed the link: the vendor's session then outlives the entry link.
 */
export class TokenExpiryController implements ReactiveController {
  private expiresAt?: string;
  private warned?: string;
  private timer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly host: ReactiveControllerHost & Element,
    private readonly options: TokenExpiryOptions,
  ) {
    host.addController(this);
  }

  /** Watches the link that expires at `expiresAt` (ISO 8601); nothing when undefined. */
  watch(expiresAt?: string): void {
    this.expiresAt = expiresAt;
    this.arm();
  }

  /** Whether the watched link expires within `ms` (or has expired). */
  expiresWithin(ms: number): boolean {
    return this.expiresAt !== undefined && Date.parse(this.expiresAt) - this.options.now() < ms;
  }

  hostConnected(): void {
    this.arm();
  }

  hostDisconnected(): void {
    clearTimeout(this.timer);
  }

  private arm(): void {
    clearTimeout(this.timer);
    const { expiresAt } = this;
    if (expiresAt === undefined || expiresAt === this.warned || !this.host.isConnected) return;
    const delay = Date.parse(expiresAt) - this.options.lead() - this.options.now();
    if (delay > 0) {
      this.timer = setTimeout(() => this.arm(), Math.min(delay, MAX_DELAY));
    } else {
      this.warned = expiresAt;
      this.options.onExpiring(expiresAt);
    }
  }
}
