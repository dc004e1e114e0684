import type { ReactiveController, ReactiveElement } from 'lit';

/** Re-renders its host when the host's width crosses `breakpoint` (px); `narrow` says which side it is on. */
export class WidthController implements ReactiveController {
  narrow = false;
  private observer?: ResizeObserver;

  constructor(
    private readonly host: ReactiveElement,
    private readonly breakpoint: number,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.observer = new ResizeObserver(([entry]) => {
      const narrow = (entry?.contentRect.width ?? 0) < this.breakpoint;
      if (narrow === this.narrow) return;
      this.narrow = narrow;
      this.host.requestUpdate();
    });
    this.observer.observe(this.host);
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
  }
}
