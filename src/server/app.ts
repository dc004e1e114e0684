import { Hono } from 'hono';
import { createAudit } from './audit.js';
import { bookedJoin } from './booking/booked-join.js';
import { bookingRoutes } from './booking/booking-setup.js';
import type { BookingDeps } from './booking/deps.js';
import { createBookingJobHandlers } from './booking/vendor-jobs.js';
import { renderCalendar } from './booking/calendar.js';
import { createAuthenticate } from './auth/authenticate.js';
import { createTicketVerifier } from './auth/ticket-verifier.js';
import type { OccupancyReader } from './booking/types.js';
import { setupScheduling } from './booking/scheduling-setup.js';
import { parseConfig, type ConsultServerConfig, type ConsultServerConfigInput } from './config.js';
import { demoTicketRoutes, type DemoSigner } from './demo/demo-tickets.js';
import { demoVisitRoutes } from './demo/demo-visits.js';
import type { AppEnv } from './env.js';
import { createJobRunner, type JobRunner, type JobRunnerOptions } from './jobs/runner.js';
import { createWebhookDelivery } from './jobs/webhook-delivery.js';
import { createLive, isEventStream, type LiveTimingOverrides } from './live/live-setup.js';
import { createLogger, type Logger } from './logger.js';
import { clientIp } from './middleware/client-ip.js';
import { limitBody } from './middleware/body-limit.js';
import { allowlistCors } from './middleware/cors.js';
import { notFoundOrMethodNotAllowed } from './middleware/method-not-allowed.js';
import { onError } from './middleware/problem.js';
import { createRateLimiter, rateLimitByIp } from './middleware/rate-limit.js';
import { requestIds } from './middleware/request-id.js';
import { requestLog } from './middleware/request-log.js';
import { requestTimeout } from './middleware/request-timeout.js';
import { securityHeaders } from './middleware/security-headers.js';
import { transactional } from './middleware/transaction.js';
import { openApiDocument } from './openapi.js';
import { createSandboxPresence } from './providers/sandbox-presence.js';
import { createSandboxProvider } from './providers/sandbox.js';
import type { ProviderDeps } from './providers/internal/deps.js';
import { createConfiguredProviders } from './providers/registry.js';
import type { VideoProvider } from './providers/types.js';
import { createRefusalCounter } from './refusals.js';
import { startRetention } from './retention.js';
import { createRoomService } from './rooms.js';
import { auditRoutes } from './routes/audit.js';
import { healthRoutes } from './routes/health.js';
import { joinRoutes } from './routes/join.js';
import { roomEventRoutes } from './routes/room-events.js';
import { roomRoutes } from './routes/rooms.js';
import { sandboxRoomRoutes } from './routes/sandbox-room.js';
import { scheduleRoutes } from './routes/schedules.js';
import { slotRoutes } from './routes/slots.js';
import { visitRoutes } from './routes/visits.js';
import { createEndVisit } from './visits/end-visit.js';
import { createSqliteStore } from './store/sqlite.js';
import { createPgStore } from './store/pg.js';
import { deriveDataKey } from './store/sealed-json.js';
import type { ConsultStore } from './store/types.js';

export interface ConsultServerOptions {
  /** Defaults to the SQLite store at `config.database.path`. */
  store?: ConsultStore;
  logger?: Logger;
  /** Extra providers (tests, custom adapters), in addition to the sandbox and `config.providers`. */
  providers?: VideoProvider[];
  /** Outbound `fetch` and clock for the vendor adapters built from `config.providers` (tests). */
  vendorDeps?: ProviderDeps;
  /**
   * Demo mode (the CLI's `--demo`): serves `POST /demo/visits`, and `GET /demo/ticket` with
   * `demoSigner`. Anyone can then mint tickets: never in production, never from configuration.
   */
  demo?: boolean;
  /** Demo mode's local ticket signer (serves `GET /demo/ticket`). */
  demoSigner?: DemoSigner;
  now?: () => Date;
  /** Live-state timings in milliseconds, below the configuration's minimums (tests). */
  liveTimings?: LiveTimingOverrides;
  /**
   * Job runner settings beyond the configuration (tests): `start: false` leaves the runner stopped, so
   * that a test runs due jobs itself (`app.jobs.runDue()`) on its fake clock.
   */
  jobs?: Partial<Pick<JobRunnerOptions, 'timeoutMs' | 'leaseMs' | 'backoff' | 'random'>> & {
    start?: boolean;
  };
  /** Outbound `fetch` of webhook deliveries (tests). */
  webhookFetch?: typeof fetch;
  /** What the slot engine subtracts (held and booked capacity); nothing taken when absent. */
  occupancy?: OccupancyReader;
  /**
   * Booking (`/v1/holds`, `/v1/appointments`): services, clinicians, slot engine, calendar renderer.
   * Defaults to the configured `booking` catalogue, the slot engine and `renderCalendar` (tests).
   */
  booking?: BookingDeps;
}

/**
 * A Fetch-API app (`app.fetch(request)`), plus `drain()` to end the open event streams and stop taking
 * jobs (`serveNode` calls it when shutdown begins) and `close()` to drain, let running jobs finish and
 * release the database.
 */
export type ConsultServer = Hono<AppEnv> & {
  readonly config: ConsultServerConfig;
  /** The durable job runner: booking registers its vendor handlers here. */
  readonly jobs: JobRunner;
  /** The handlers of booking's vendor jobs (registered with `jobs`). */
  readonly bookingJobs: ReturnType<typeof createBookingJobHandlers>;
  drain(): void;
  close(): Promise<void>;
};

/** Builds the consult server. Mount `app.fetch` in any Fetch-API host; `node.ts` does it for Node. */
export async function createConsultServer(
  input: ConsultServerConfigInput,
  options: ConsultServerOptions = {},
): Promise<ConsultServer> {
  const config = parseConfig(input);
  const now = options.now ?? (() => new Date());
  const logger = options.logger ?? createLogger(config.logLevel);
  const dataKey = deriveDataKey(config.database.encryptionKey ?? config.pseudonymSecret);
  const store =
    options.store ??
    (config.database.url
      ? await createPgStore({ url: config.database.url, dataKey, poolSize: config.database.poolSize })
      : createSqliteStore(config.database.path, { dataKey, synchronous: config.database.synchronous }));

  const providers = new Map<string, VideoProvider>();
  const clock = () => now().getTime();
  // Shared by every instance on PostgreSQL (a page may poll one instance and be watched from another).
  const presence = store.sandboxPresence?.(clock) ?? createSandboxPresence(clock);
  const { joinWindow } = config;
  const opensMinutesBefore = Math.max(joinWindow.clinicianMinutesBefore, joinWindow.patientMinutesBefore);
  providers.set(
    'sandbox',
    createSandboxProvider({ publicUrl: config.publicUrl, store, now, presence, opensMinutesBefore }),
  );
  for (const p of createConfiguredProviders(config.providers, options.vendorDeps)) providers.set(p.name, p);
  for (const p of options.providers ?? []) providers.set(p.name, p);
  if (!providers.has(config.provider)) {
    throw new Error(
      `provider "${config.provider}" is not configured (have: ${[...providers.keys()].join(', ')})`,
    );
  }

  const audit = createAudit(store, logger, now);
  const { catalog, engine } = await setupScheduling({
    config,
    schedules: store.schedules,
    providers: [...providers.keys()],
    occupancy: options.occupancy ?? store.bookings,
    logger,
    now,
  });
  // Booking on the configured catalogue and slot engine (tests may hand in their own).
  const booking: BookingDeps = options.booking ?? {
    services: (id) => catalog.services.get(id),
    clinicians: (id) => catalog.clinicians.get(id),
    slots: engine,
    renderCalendar,
  };
  const refusals = createRefusalCounter({
    store,
    logger,
    now,
    maxSourcesPerMinute: config.audit.refusalSourcesPerMinute,
  });
  const retention = startRetention({ store, config, logger, now });
  const windowMs = config.rateLimit.windowSeconds * 1000;
  // Shared by every instance when the store can (PostgreSQL), else counted in this process.
  const limiter = (limit: number) =>
    store.sharedRateLimiter?.({ limit, windowMs, now: clock, secret: config.pseudonymSecret }) ??
    createRateLimiter(limit, windowMs, clock);
  const authenticate = createAuthenticate({
    verify: await createTicketVerifier(config, store, now),
    audit,
    refusals,
    perSubject: limiter(config.rateLimit.perSubject),
    pseudonymSecret: config.pseudonymSecret,
  });
  const rooms = createRoomService({
    store,
    providers,
    defaultProvider: config.provider,
    defaultVisitMinutes: config.defaultVisitMinutes,
    now,
  });

  const jobs = createJobRunner({
    store: store.jobs,
    now,
    logger,
    pollIntervalMs: config.jobs.pollIntervalMs,
    maxAttempts: config.jobs.maxAttempts,
    backoff: { baseMs: 10_000, maxMs: config.jobs.maxBackoffMinutes * 60_000 },
    // Longer than any vendor call or webhook delivery (at most 30 s), so that those time out first.
    timeoutMs: 45_000,
    ...options.jobs,
  });
  // Without a portal to tell, webhook jobs are completed as they come (they stay in the table, with
  // their ids and times, until the retention purge), so that none piles up waiting for a handler.
  jobs.register(
    'webhook',
    config.webhooks
      ? createWebhookDelivery(config.webhooks, { fetch: options.webhookFetch, now })
      : async () => {},
  );
  // A booked appointment's vendor side: created, moved and cancelled by durable jobs.
  const bookingJobs = createBookingJobHandlers({
    ...booking,
    store,
    providers,
    pseudonymSecret: config.pseudonymSecret,
    now,
  });
  for (const [kind, handler] of Object.entries(bookingJobs.handlers)) {
    jobs.register(kind as keyof typeof bookingJobs.handlers, handler, bookingJobs.onFailed);
  }
  if (options.jobs?.start !== false) jobs.start();

  const live = createLive({
    config,
    overrides: options.liveTimings,
    store,
    providerOf: rooms.providerOf,
    now,
    logger,
    jobs: store.jobs,
  });
  const endVisit = createEndVisit({
    store,
    providerOf: rooms.providerOf,
    audit,
    visitEnded: live.visitEnded,
  });
  const shutdown = new AbortController();

  const app = new Hono<AppEnv>();
  app.onError(onError(logger));
  app.notFound(notFoundOrMethodNotAllowed(() => app.routes));
  app.use(securityHeaders({ https: new URL(config.publicUrl).protocol === 'https:' }));
  app.use(requestIds());
  app.use(clientIp(config.trustedProxy));
  app.use(requestLog(logger));
  app.use(
    requestTimeout(config.requestTimeoutMs, { exempt: (c) => isEventStream(c.req.method, c.req.path) }),
  );
  app.use('/v1/*', allowlistCors(config.allowedOrigins));
  app.use('/v1/*', rateLimitByIp(limiter(config.rateLimit.perIp)));
  app.use('/v1/*', limitBody());

  app.route(
    '/',
    healthRoutes({ store, providers: [...providers.keys()], shutdown: shutdown.signal, logger, now }),
  );
  // A join's replay entry, link and audit rows: one commit (the hot path).
  app.use('/v1/join', transactional(store));
  // A booked appointment's capability token joins it, and its room is found where its booking put it.
  const joining = bookedJoin({ authenticate, rooms, store, pseudonymSecret: config.pseudonymSecret });
  app.route(
    '/',
    joinRoutes({
      ...joining,
      audit,
      joinLinkTtlSeconds: config.joinLinkTtlSeconds,
      allowedOrigins: config.allowedOrigins,
      joinWindow,
      now,
      phase: live.joinPhase,
    }),
  );
  app.route(
    '/',
    visitRoutes({
      authenticate: joining.authenticate,
      store,
      defaultProvider: config.provider,
      joinWindow,
      clinicians: booking.clinicians,
      endVisit,
      now,
    }),
  );
  app.route(
    '/',
    roomEventRoutes({ authenticate, rooms, ...live, joinWindow, now, shutdown: shutdown.signal }),
  );
  app.route(
    '/',
    roomRoutes({ authenticate, rooms, audit, store, now, pseudonymSecret: config.pseudonymSecret }),
  );
  app.route('/', auditRoutes({ authenticate, store, now, beforeRead: refusals.flush }));
  app.route('/', sandboxRoomRoutes({ store, logger, now, presence, endVisit }));
  app.route('/', scheduleRoutes({ authenticate, audit, schedules: store.schedules, catalog, now }));
  app.route('/', slotRoutes({ authenticate, catalog, engine, now }));
  app.route('/', bookingRoutes({ ...booking, config, authenticate, store, now }));
  if (options.demo && options.demoSigner) app.route('/', demoTicketRoutes(options.demoSigner));
  if (options.demo) app.route('/', demoVisitRoutes({ rooms, now }));
  const openapi = openApiDocument(config.publicUrl);
  app.get('/openapi.json', (c) => c.json(openapi));

  const drain = () => {
    shutdown.abort();
    live.watch.stopAll();
    void jobs.stop(config.shutdownGraceMs);
  };
  return Object.assign(app, {
    config,
    jobs,
    bookingJobs,
    drain,
    close: async () => {
      drain();
      await jobs.stop();
      retention.stop();
      await refusals.close();
      live.close();
      await store.close();
    },
  });
}
