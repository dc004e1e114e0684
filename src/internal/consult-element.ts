import { LitElement } from 'lit';
import { updateWhenLocaleChanges } from '@lit/localize';
import { followDeclaredLocale } from './localization.js';
import { localeMessage } from './early-messages.js';
import { ConsultErrorEvent } from '../events/error.js';
import { CREDENTIAL_ATTRIBUTE, dropCredentialAttribute } from './credential-attribute.js';

type ConsultEventName = Extract<keyof GlobalEventHandlersEventMap, `vc-${string}`>;

/** The event classes of this package (from `src/events/`). */
export type ConsultEvent = GlobalEventHandlersEventMap[ConsultEventName];

/**
 * Base of every element in this package: event dispatch and localization in one place.
 *
 * The locale follows the closest `[lang]` ancestor (else `<html lang>`) when the element connects; see
 * `followDeclaredLocale` for why there is one locale per page. When the page's language cannot be loaded the
 * element keeps working in the current one and says so with `vc-error` `locale-unavailable`.
 *
 * A `ticket` attribute is never read: it is removed as soon as it appears, before or after the upgrade (see
 * `dropCredentialAttribute`). A property set before the upgrade (an own property shadowing the accessor) is taken
 * over by Lit itself on the first update (`ReactiveElement` saves and deletes such instance properties).
 */
export class ConsultElement extends LitElement {
  // Observed only to be removed: Lit maps no property to it.
  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, CREDENTIAL_ATTRIBUTE];
  }

  /** For the custom state (`:state(…)`) that lets a page style where the element stands. */
  private readonly internals = this.attachInternals();

  constructor() {
    super();
    updateWhenLocaleChanges(this);
  }

  /** Makes `name` the element's one custom state: `call-join-button:state(joining)`, `video-consult-room:state(room)`. */
  protected showState(name: string): void {
    const { states } = this.internals;
    if (states.has(name)) return;
    states.clear();
    states.add(name);
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    if (name === CREDENTIAL_ATTRIBUTE) dropCredentialAttribute(this);
    else super.attributeChangedCallback(name, old, value);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void followDeclaredLocale(this, () => {
      const code = 'locale-unavailable';
      this.emit(new ConsultErrorEvent({ code, message: localeMessage() }));
    });
  }

  /** Dispatches one of the package's events from this element; false when a listener canceled it. */
  protected emit(event: ConsultEvent): boolean {
    return this.dispatchEvent(event);
  }
}
