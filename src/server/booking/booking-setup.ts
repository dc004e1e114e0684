import { Hono } from 'hono';
import type { Authenticate } from '../auth/authenticate.js';
import type { ConsultServerConfig } from '../config.js';
import type { AppEnv } from '../env.js';
import { appointmentRoutes } from '../routes/appointments.js';
import { holdRoutes } from '../routes/holds.js';
import type { ConsultStore } from '../store/types.js';
import type { BookingDeps } from './deps.js';

/** Booking's routes (`/v1/holds`, `/v1/appointments`) on the store's booking tables. */
export function bookingRoutes(
  deps: BookingDeps & {
    config: ConsultServerConfig;
    authenticate: Authenticate;
    store: ConsultStore;
    now: () => Date;
  },
) {
  const { config, store, ...rest } = deps;
  const common = { ...rest, bookings: store.bookings, pseudonymSecret: config.pseudonymSecret };
  return new Hono<AppEnv>()
    .route(
      '/',
      holdRoutes({ ...common, holdMinutes: config.holds.minutes, maxHoldsPerIp: config.holds.maxPerIp }),
    )
    .route(
      '/',
      appointmentRoutes({
        ...common,
        // A claim outlives the request that made it (it is answered or timed out by then).
        idempotencyLeaseMs: config.requestTimeoutMs + 5000,
        visitPageUrl: config.appointments.visitPageUrl,
        reminderMinutes: config.appointments.reminderMinutes,
        organizer: config.appointments.organizer,
        calendarDescription: config.appointments.calendarDescription,
        uidHost: new URL(config.publicUrl).host,
        patientJoinMinutesBefore: config.joinWindow.patientMinutesBefore,
      }),
    );
}
