/** The live connection is back after `vc-reconnecting`. */
export class ReconnectedEvent extends Event {
  constructor() {
    super('vc-reconnected', { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vc-reconnected': ReconnectedEvent;
  }
}
