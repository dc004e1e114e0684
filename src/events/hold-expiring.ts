export interface HoldExpiringDetail {
  holdId: string;
  /** ISO 8601 instant at which the hold ends. */
  expiresAt: string;
}

/** The hold ends in a minute or less; the element says so too. */
export class HoldExpiringEvent extends CustomEvent<HoldExpiringDetail> {
  constructor(detail: HoldExpiringDetail) {
    super('vc-hold-expiring', { bubbles: true, composed: true, detail });
  }
}

/** The hold ended before the visit was booked; the element offers to choose a time again. */
export class HoldExpiredEvent extends CustomEvent<HoldExpiringDetail> {
  constructor(detail: HoldExpiringDetail) {
    super('vc-hold-expired', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vc-hold-expiring': HoldExpiringEvent;
    'vc-hold-expired': HoldExpiredEvent;
  }
}
