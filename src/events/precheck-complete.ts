export interface PrecheckCompleteDetail {
  /** A camera worked during the check. */
  camera: boolean;
  /** A microphone worked during the check. */
  microphone: boolean;
  /** Kinds of media devices present (`videoinput`, `audioinput`, `audiooutput`); never ids or labels. */
  kinds: string[];
}

/** The user finished the camera and microphone check (with or without working devices). */
export class PrecheckCompleteEvent extends CustomEvent<PrecheckCompleteDetail> {
  constructor(detail: PrecheckCompleteDetail) {
    super('vc-precheck-complete', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'vc-precheck-complete': PrecheckCompleteEvent;
  }
}
