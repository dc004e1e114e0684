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
    // The side at connect, so that the first render already has it (0: not laid out yet; the observer tells).
    const width = this.host.getBoundingClientRect().width;
    if (width) this.narrow = width < this.breakpoint;
    this.observer = new ResizeObserver(([entry]) => {
      const narrow = (entry?.contentRect.width ?? 0) < this.breakpoint;
      if (narrow === this.narrow) return;
      this.narrow = narrow;
      // Rendered in the next frame, not inside the observer's delivery: the new layout changes the host's height
      // there, and the browser reports "ResizeObserver loop completed with undelivered notifications" (a page's
      // error tracker records it).
      requestAnimationFrame(() => this.host.requestUpdate());
    });
    this.observer.observe(this.host);
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
  }
}
