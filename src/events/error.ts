import type { ErrorCode } from '../protocol/errors.js';

export interface ConsultErrorDetail {
  /** Stable code (see `ErrorCode`); a newer server may send codes this version does not know. */
  code: ErrorCode | (string & {});
  /** The message the element shows, in the active locale. */
  message: string;
}

/** Something failed; the element shows `message` to the user as well. */
export class ConsultErrorEvent extends CustomEvent<ConsultErrorDetail> {
  constructor(detail: ConsultErrorDetail) {
    super('vc-error', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vc-error': ConsultErrorEvent;
  }
}
