export interface JoinReadyDetail {
  /** The one-time join URL. It is a credential: never log or share it. */
  url: string;
  /** ISO 8601 instant after which the URL no longer opens the room. */
  expiresAt: string;
  provider: string;
}

/** The consult server handed out a join URL; the element opens it next (in the target room or a new window). */
export class JoinReadyEvent extends CustomEvent<JoinReadyDetail> {
  constructor(detail: JoinReadyDetail) {
    super('vc-join-ready', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vc-join-ready': JoinReadyEvent;
  }
}
