import type { JoinRequest } from '../protocol/join-types.js';

export type JoinRequestDetail = Partial<JoinRequest>;

/**
 * The user asked to join a visit. Cancelable: call `preventDefault()` to stop the element, e.g. to show the
 * page's own consent or device check first.
 */
export class JoinRequestEvent extends CustomEvent<JoinRequestDetail> {
  constructor(detail: JoinRequestDetail) {
    super('vc-join-request', { bubbles: true, composed: true, cancelable: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vc-join-request': JoinRequestEvent;
  }
}
