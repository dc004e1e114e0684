import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** How far outside the viewport "near" begins: about a phone screen's scroll. */
const NEAR = '600px';

/**
 * Calls `near` once, when its host comes within a screen's scroll of the viewport (at once when it is there
 * already): the moment to fetch what a click on it will need, so that the click never waits for the network.
 */
export class NearViewController implements ReactiveController {
  private observer?: IntersectionObserver;
  private done = false;

  constructor(
    private readonly host: ReactiveControllerHost & Element,
    private readonly near: () => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    if (this.done || typeof IntersectionObserver === 'undefined') return;
    this.observer = new IntersectionObserver(
      (entries) => {
        if (!entries.some((entry) => entry.isIntersecting)) return;
        this.done = true;
        this.hostDisconnected();
        this.near();
      },
      { rootMargin: NEAR },
    );
    this.observer.observe(this.host);
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    this.observer = undefined;
  }
}
