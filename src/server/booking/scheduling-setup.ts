import type { ConsultServerConfig } from '../config.js';
import type { Logger } from '../logger.js';
import type { ScheduleStore } from '../store/schedule-types.js';
import { bookingCatalog, type BookingCatalog } from './config.js';
import { createSlotEngine, type SlotEngine } from './slots.js';
import type { OccupancyReader } from './types.js';

/** Nothing taken: the occupancy until the booking store (holds, appointments) provides its own. */
export const NO_OCCUPANCY: OccupancyReader = { occupied: async () => [] };

/**
 * Services, clinicians and the slot engine from the configuration, with the configured schedules seeded
 * into the database (see `ScheduleStore.seed`: the file seeds, staff edits win).
 */
export async function setupScheduling(deps: {
  config: ConsultServerConfig;
  schedules: ScheduleStore;
  /** Provider names the server has (each service's provider must be one). */
  providers: readonly string[];
  occupancy?: OccupancyReader;
  logger: Logger;
  now: () => Date;
}): Promise<{ catalog: BookingCatalog; engine: SlotEngine }> {
  const catalog = bookingCatalog(deps.config.booking, deps.config.provider);
  for (const service of catalog.services.values()) {
    if (!deps.providers.includes(service.provider)) {
      throw new Error(
        `booking service "${service.id}": provider "${service.provider}" is not configured (have: ${deps.providers.join(', ')})`,
      );
    }
  }
  const outcomes = await deps.schedules.seed(
    deps.config.booking.schedules.map((s) => ({
      clinicianId: s.clinician,
      zone: s.zone ?? catalog.timezone,
      weekly: s.weekly,
      exceptions: s.exceptions,
    })),
    deps.now(),
  );
  const kept = Object.entries(outcomes).filter(([, o]) => o === 'kept-staff' || o === 'kept-deleted');
  if (kept.length > 0) {
    deps.logger.info(
      { schedules: Object.fromEntries(kept) },
      'configured schedules that staff changed or deleted are kept as staff left them',
    );
  }
  const engine = createSlotEngine({
    schedules: async (ids) => (await deps.schedules.list()).filter((s) => ids.includes(s.clinicianId)),
    occupancy: deps.occupancy ?? NO_OCCUPANCY,
  });
  return { catalog, engine };
}
