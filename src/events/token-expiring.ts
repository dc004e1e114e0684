export interface TokenExpiringDetail {
  /** ISO 8601 instant after which the join link no longer opens the room. */
  expiresAt: string;
}

/**
 * The join link the element holds (not framed yet) expires soon. Informational: the element fetches a fresh link
 * itself before it frames the room when it has a session.
 */
export class TokenExpiringEvent extends CustomEvent<TokenExpiringDetail> {
  constructor(detail: TokenExpiringDetail) {
    super('vc-token-expiring', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vc-token-expiring': TokenExpiringEvent;
  }
}
