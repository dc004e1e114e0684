import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Renders the host every `ms` while `active()` says so and the host is in the document (a coarse clock). */
export class TickController implements ReactiveController {
  private timer?: ReturnType<typeof setInterval>;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly ms: number,
    private readonly active: () => boolean,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.timer = setInterval(() => this.active() && this.host.requestUpdate(), this.ms);
  }

  hostDisconnected(): void {
    clearInterval(this.timer);
  }
}
