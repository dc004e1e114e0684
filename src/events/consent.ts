export interface ConsentDetail {
  /** The user agreed (true) or declined (false). */
  accepted: boolean;
  /** ISO 8601 instant of the answer, by the device's clock. */
  timestamp: string;
  /** The `consent-version` the user answered, if the page set one. */
  version?: string;
}

/** The user answered the consent question. Carries no personal data: store it next to your own record of the user. */
export class ConsentEvent extends CustomEvent<ConsentDetail> {
  constructor(detail: ConsentDetail) {
    super('vc-consent', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vc-consent': ConsentEvent;
  }
}
