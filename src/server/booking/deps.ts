import type { CalendarEntry, Clinician, Service, SlotOracle } from './types.js';

/**
 * What booking needs from scheduling and the calendar renderer, injected so that each side can be built
 * and tested alone: the configured services and clinicians, the slot engine (is this start offered?)
 * and the RFC 5545 renderer.
 */
export interface BookingDeps {
  services: (id: string) => Service | undefined;
  clinicians: (id: string) => Clinician | undefined;
  slots: SlotOracle;
  renderCalendar: (entry: CalendarEntry) => string;
}
