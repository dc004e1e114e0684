import { LitElement } from 'lit';
import { updateWhenLocaleChanges } from '@lit/localize';
import { followDeclaredLocale } from './localization.js';
import { errorMessage } from './error-messages.js';
import { ConsultErrorEvent } from '../events/error.js';

type ConsultEventName = Extract<keyof GlobalEventHandlersEventMap, `vc-${string}`>;

/** The event classes of this package (from `src/events/`). */
export type ConsultEvent = GlobalEventHandlersEventMap[ConsultEventName];

/**
 * Base of every element in this package: event dispatch and localization in one place.
 *
 * The locale follows the closest `[lang]` ancestor (else `<html lang>`) when the element connects; see
 * `followDeclaredLocale` for why there is one locale per page. When the page's language cannot be loaded the
 * element keeps working in the current one and says so with `vc-error` `locale-unavailable`.
 */
export class ConsultElement extends LitElement {
  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void followDeclaredLocale(this, () => {
      const code = 'locale-unavailable';
      this.emit(new ConsultErrorEvent({ code, message: errorMessage(code) }));
    });
  }

  /** Dispatches one of the package's events from this element; false when a listener canceled it. */
  protected emit(event: ConsultEvent): boolean {
    return this.dispatchEvent(event);
  }
}
