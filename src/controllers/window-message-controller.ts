import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Listens to `message` events on `window` while the host is in the document: a page that removes the element
 * must not keep it reacting (nor alive), and re-adding it must not add a second listener.
 */
export class WindowMessageController implements ReactiveController {
  constructor(
    host: ReactiveControllerHost,
    private readonly onMessage: (event: MessageEvent) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('message', this.onMessage);
  }

  hostDisconnected(): void {
    window.removeEventListener('message', this.onMessage);
  }
}
