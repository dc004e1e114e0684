import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Shows the host full screen with the Fullscreen API, or, where the page may not (iPhone Safari, a frame without
 * `allow="fullscreen"`), by covering the viewport with CSS (`fallback`).
 */
export class FullscreenController implements ReactiveController {
  /** The host covers the viewport by CSS. */
  fallback = false;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  get active(): boolean {
    return this.fallback || document.fullscreenElement === this.host;
  }

  async toggle(): Promise<void> {
    if (this.fallback) this.fallback = false;
    else if (document.fullscreenElement === this.host) await document.exitFullscreen();
    else {
      try {
        // Also throws where the method does not exist (iPhone Safari).
        await this.host.requestFullscreen();
      } catch {
        this.fallback = true;
      }
    }
    this.host.requestUpdate();
  }

  private readonly changed = () => this.host.requestUpdate();

  hostConnected(): void {
    document.addEventListener('fullscreenchange', this.changed);
  }

  hostDisconnected(): void {
    document.removeEventListener('fullscreenchange', this.changed);
    this.fallback = false;
  }
}
