import * as v from 'valibot';
import { BookingConfigSchema } from './booking/config.js';

const ORIGIN_RE = /^https?:\/\/[^/?#\s]+$/;
const isLoopbackHost = (host: string) => /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/.test(host);

/** An exact origin (`scheme://host[:port]`); `null` and wildcards are never accepted. */
const OriginSchema = v.pipe(
  v.string(),
  v.regex(ORIGIN_RE, 'must be an origin like https://portal.example.org (no path, no wildcard)'),
  v.check(
    (o) => URL.canParse(o) && (new URL(o).protocol === 'https:' || isLoopbackHost(new URL(o).host)),
    'must use https: (http: only for localhost)',
  ),
);

/** A URL on https:, or http: on localhost. */
const SecureUrlSchema = v.pipe(
  v.string(),
  v.url(),
  v.check(
    (u) => URL.canParse(u) && (new URL(u).protocol === 'https:' || isLoopbackHost(new URL(u).host)),
    'must use https: (http: only for localhost)',
  ),
);

const IssuerSchema = v.pipe(
  v.strictObject({
    /** The `iss` claim this portal signs with. */
    issuer: v.pipe(v.string(), v.minLength(1)),
    /** Algorithms accepted for this issuer; pinned, never taken from the token. */
    algorithms: v.pipe(v.array(v.picklist(['ES256', 'EdDSA', 'HS256'])), v.minLength(1)),
    /** JWKS endpoint of the portal (ES256/EdDSA). */
    jwksUrl: v.optional(v.pipe(v.string(), v.url(), v.startsWith('https://', 'must be https'))),
    /** Static public key as JWK (ES256/EdDSA). */
    publicKeyJwk: v.optional(v.record(v.string(), v.unknown())),
    /** Static public key as PEM SPKI (ES256/EdDSA). */
    publicKeyPem: v.optional(v.pipe(v.string(), v.startsWith('-----BEGIN PUBLIC KEY-----'))),
    /** HS256 shared secret, at least 32 bytes. Load it from the environment, never from a checked-in file. */
    secret: v.optional(v.pipe(v.string(), v.minBytes(32, 'must be at least 32 bytes'))),
    /**
     * `appointment` (the default): this portal's patient tickets must name the one appointment they may
     * act on, so that no portal can forget the optional claim and let a patient into every visit. `any`
     * accepts unscoped patient tickets, which may join any visit whose id they know: only for a portal
     * that checks every patient's visits itself.
     */
    patientScope: v.optional(v.picklist(['appointment', 'any']), 'appointment'),
  }),
  v.check((i) => {
    const symmetric = i.algorithms.includes('HS256');
    const asymmetric = i.algorithms.some((a) => a !== 'HS256');
    return !(symmetric && asymmetric);
  }, 'HS256 cannot be mixed with ES256/EdDSA for one issuer (algorithm confusion)'),
  v.check(
    (i) => !i.algorithms.includes('HS256') || i.secret !== undefined,
    'HS256 needs a secret of at least 32 bytes',
  ),
  v.check(
    (i) =>
      i.algorithms.includes('HS256') ||
      [i.jwksUrl, i.publicKeyJwk, i.publicKeyPem].filter((k) => k !== undefined).length === 1,
    'ES256/EdDSA need exactly one of jwksUrl, publicKeyJwk, publicKeyPem',
  ),
);

const minutes = (min: number, max: number) =>
  v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));

export type IssuerConfig = v.InferOutput<typeof IssuerSchema>;

export const ConsultServerConfigSchema = v.strictObject({
  /** Base URL browsers reach this server at (used for sandbox room links). */
  publicUrl: SecureUrlSchema,
  /** The `aud` every ticket must carry. */
  audience: v.pipe(v.string(), v.minLength(1)),
  issuers: v.pipe(
    v.array(IssuerSchema),
    v.minLength(1, 'configure at least one ticket issuer'),
    // The verifier finds an issuer's key by `iss`: a second entry of one name would silently replace the first.
    v.check(
      (list) => new Set(list.map((i) => i.issuer)).size === list.length,
      'each issuer name may appear once (for two keys of one issuer, publish both in its JWKS)',
    ),
  ),
  /** Pages that may call this server (CORS) and frame its rooms. */
  allowedOrigins: v.array(OriginSchema),
  /** The provider new rooms are created with. */
  provider: v.optional(v.string(), 'sandbox'),
  /** Per-provider options; each adapter validates its own. */
  providers: v.optional(v.record(v.string(), v.unknown()), {}),
  database: v.optional(
    v.strictObject({
      path: v.optional(v.pipe(v.string(), v.minLength(1)), '.data/consult.sqlite'),
      /**
       * `postgres://user:password@host:5432/db`: use PostgreSQL instead of the SQLite file at `path`, so
       * that several instances share one database (README "Several instances"). A secret: in a config
       * file write `{ "env": "VC_DATABASE_URL" }`.
       */
      url: v.optional(
        v.pipe(v.string(), v.regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')),
      ),
      /** Connections one instance's pool opens at most (PostgreSQL only). */
      poolSize: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(200)), 10),
      /**
       * Key (>= 32 bytes) that seals vendor credentials in the database (AES-256-GCM). Without it a key
       * is derived from `pseudonymSecret` (HKDF, its own label).
       */
      encryptionKey: v.optional(v.pipe(v.string(), v.minBytes(32, 'must be at least 32 bytes'))),
      /**
       * `full`: every commit is on disk before the answer leaves (no audit row or replay entry lost on
       * power failure). `normal` is faster in WAL mode and may lose the last commits on power loss.
       */
      synchronous: v.optional(v.picklist(['full', 'normal']), 'full'),
    }),
    {},
  ),
  audit: v.optional(
    v.strictObject({
      /**
       * Audit rows are deleted after this many days: six years by default, the HIPAA documentation
       * period. Export what you must keep longer before then (`GET /v1/audit`).
       */
      retentionDays: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 2190),
      /** Refused requests are counted per source and minute; beyond this many sources a minute they share one row. */
      refusalSourcesPerMinute: v.optional(
        v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10_000)),
        100,
      ),
    }),
    {},
  ),
  /** How long rows that no longer matter are kept before the retention job deletes them. */
  retention: v.optional(
    v.strictObject({
      /** Rooms, this many days after their visit ended (start + duration). */
      roomDays: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(3650)), 1),
      /**
       * Join links, this many hours after they were used or expired unused. A used link is the room page's
       * session (4 hours at most), so not below 5.
       */
      grantHours: v.optional(v.pipe(v.number(), v.integer(), v.minValue(5), v.maxValue(8760)), 24),
      /**
       * Jobs (vendor retries, webhook deliveries), this many days after they were done or failed for good:
       * long enough for an operator to look into a failure.
       */
      jobDays: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(3650)), 14),
      /** The job runs at start and then every this many minutes. */
      intervalMinutes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1440)), 60),
    }),
    {},
  ),
  /** The durable jobs (vendor retries, webhook deliveries): how often the table is polled and how long a job is retried. */
  jobs: v.optional(
    v.strictObject({
      /** Jobs enqueued by this process start at once; this finds retries and other processes' jobs. */
      pollIntervalMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(100), v.maxValue(300_000)), 5000),
      /** Attempts in all before a job fails for good (a vendor-side booking then becomes `vendor-failed`). */
      maxAttempts: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100)), 20),
      /** Retries wait 5 s, 10 s, 20 s, … (with jitter), never longer than this: 20 attempts span about two days. */
      maxBackoffMinutes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1440)), 360),
    }),
    {},
  ),
  /**
   * Standard Webhooks to the portal (`appointment.*`, `visit.*`), ids and times only. Without it, events
   * are still recorded in the job table and completed without a delivery.
   */
  webhooks: v.optional(
    v.strictObject({
      url: SecureUrlSchema,
      /** `whsec_` + base64 of at least 24 random bytes; from the environment (`{ "env": … }`). */
      secret: v.pipe(
        v.string(),
        v.regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, 'must be whsec_ followed by base64'),
        v.check(
          (s) => Buffer.from(s.slice('whsec_'.length), 'base64').length >= 24,
          'must hold at least 24 bytes',
        ),
      ),
      /** A delivery not answered within this is retried later. */
      timeoutMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1000), v.maxValue(30_000)), 15_000),
    }),
  ),
  /** Lifetime of a minted join link. */
  joinLinkTtlSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(30), v.maxValue(3600)), 300),
  ticket: v.optional(
    v.strictObject({
      maxAgeSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(10), v.maxValue(600)), 120),
      clockToleranceSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(120)), 30),
    }),
    {},
  ),
  /**
   * When a scheduled visit can be joined: patients from `patientMinutesBefore` its start, clinicians from
   * `clinicianMinutesBefore`; nobody after its end plus `graceMinutesAfter` (overruns happen).
   */
  joinWindow: v.optional(
    v.strictObject({
      patientMinutesBefore: v.optional(minutes(0, 1440), 10),
      clinicianMinutesBefore: v.optional(minutes(0, 1440), 60),
      graceMinutesAfter: v.optional(minutes(0, 1440), 30),
    }),
    {},
  ),
  /** Live room state (`GET /v1/rooms/:id/events`): how often vendors are asked, how long a stream lives. */
  live: v.optional(
    v.strictObject({
      /** One poll per room per interval, however many browsers watch it. Vendors rate-limit: not below 1 s. */
      pollIntervalMs: v.optional(
        v.pipe(v.number(), v.integer(), v.minValue(1000), v.maxValue(300_000)),
        5000,
      ),
      /** The sandbox is local (a database read), so it may be polled faster. */
      sandboxPollIntervalMs: v.optional(
        v.pipe(v.number(), v.integer(), v.minValue(250), v.maxValue(60_000)),
        1000,
      ),
      /** A comment line keeps proxies from closing an idle stream. */
      heartbeatSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(5), v.maxValue(120)), 15),
      /** A stream closes after this; the browser reconnects with a fresh ticket (tickets live <= 120 s). */
      maxStreamSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(30), v.maxValue(3600)), 600),
      /** Open streams per client address (a hospital's NAT carries many clinicians). */
      maxStreamsPerIp: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 100),
      /** Open streams per ticket subject (a few tabs). */
      maxStreamsPerSubject: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100)), 5),
    }),
    {},
  ),
  /** Booking holds (`POST /v1/holds`): how long a slot is reserved while the patient fills in the form. */
  holds: v.optional(
    v.strictObject({
      /** A hold expires this long after it was taken; its capacity is then free for anyone at once. */
      minutes: v.optional(minutes(1, 60), 5),
      /** Live holds per client address (a hospital's NAT carries many patients; one client cannot hold a day). */
      maxPerIp: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10_000)), 20),
    }),
    {},
  ),
  /** Booked appointments (`POST /v1/appointments`). */
  appointments: v.optional(
    v.strictObject({
      /** The patient's details (sealed) are purged this many days after the visit ended. */
      patientDataDays: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(3650)), 30),
      /**
       * The hospital's page for a booked visit, linked from the calendar file; `{appointment}` is replaced by
       * the appointment id. Never a join URL (that is a credential). Without it the calendar file has no link.
       */
      visitPageUrl: v.optional(
        v.pipe(
          v.string(),
          v.check((u) => URL.canParse(u.replaceAll('{appointment}', 'x')), 'must be a URL template'),
          v.check(
            (u) =>
              u.startsWith('https://') || isLoopbackHost(new URL(u.replaceAll('{appointment}', 'x')).host),
            'must use https:',
          ),
        ),
      ),
      /** The calendar file's reminder alarm, this many minutes before the start. */
      reminderMinutes: v.optional(minutes(0, 10_080), 60),
      /**
       * The calendar file's `ORGANIZER`: the clinic's address (and name, else the clinician's). With it the file is
       * an iTIP `PUBLISH` (`CANCEL` once cancelled); without it a plain calendar file (docs/booking.md).
       */
      organizer: v.optional(
        v.strictObject({
          email: v.pipe(v.string(), v.maxLength(254), v.email()),
          name: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(200))),
        }),
      ),
      /**
       * The calendar file's `DESCRIPTION` in the clinic's own words, instead of the built-in text on how to join
       * (which speaks the patient's language). The visit page still follows it. Never a join URL.
       */
      calendarDescription: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(2000))),
    }),
    {},
  ),
  /** Default length of a visit when a room is created on first join. */
  defaultVisitMinutes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(5), v.maxValue(480)), 30),
  /**
   * Key of the pseudonymous ids in logs and audit rows (HMAC of issuer and `sub`). At least 32 bytes;
   * keep it stable, or the same person gets a new id.
   */
  pseudonymSecret: v.pipe(
    v.string('set pseudonymSecret (VC_PSEUDONYM_SECRET)'),
    v.minBytes(32, 'must be at least 32 bytes'),
  ),
  /**
   * Where the client address comes from behind a reverse proxy. Without it the socket peer is the
   * client and forwarding headers are ignored; with it, the header counts only when the peer is one
   * of `addresses`.
   */
  trustedProxy: v.optional(
    v.strictObject({
      header: v.optional(v.picklist(['x-forwarded-for', 'x-real-ip', 'forwarded']), 'x-forwarded-for'),
      addresses: v.pipe(v.array(v.pipe(v.string(), v.ip())), v.minLength(1)),
    }),
  ),
  rateLimit: v.optional(
    v.strictObject({
      /** Requests per window from one client address. */
      perIp: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 120),
      /** Requests per window from one ticket subject. */
      perSubject: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 30),
      windowSeconds: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(3600)), 60),
    }),
    {},
  ),
  /** A request still running after this is answered 504 `request-timeout`. */
  requestTimeoutMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(100), v.maxValue(120_000)), 15_000),
  /** On SIGTERM, how long requests in flight may still run. */
  shutdownGraceMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(120_000)), 10_000),
  logLevel: v.optional(v.picklist(['fatal', 'error', 'warn', 'info', 'debug', 'silent']), 'info'),
  /** Clinicians, visit types and the schedules the database is seeded with (src/server/booking/config.ts). */
  booking: v.optional(BookingConfigSchema, {}),
});

/**
 * Demo mode mints tickets for anyone who asks: it comes from the CLI's `--demo` flag alone (the
 * `demo` option of `createConsultServer`), never from a file or the environment an operator edits.
 */
const DEMO_REFUSED =
  "demo: demo mode comes from the CLI's --demo flag only, never from a configuration file or the environment";

export type ConsultServerConfigInput = v.InferInput<typeof ConsultServerConfigSchema>;
export type ConsultServerConfig = v.InferOutput<typeof ConsultServerConfigSchema>;

/** Thrown at start when the configuration is wrong; `issues` names every wrong field. */
export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid consult server configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export const formatIssues = (issues: readonly v.BaseIssue<unknown>[], prefix = ''): string[] =>
  issues.map((issue) => {
    const path = v.getDotPath(issue);
    const where = [prefix, path].filter(Boolean).join('.');
    return `${where || '(root)'}: ${issue.message}`;
  });

export function parseConfig(input: unknown): ConsultServerConfig {
  const issues: string[] = [];
  if (typeof input === 'object' && input !== null && Object.hasOwn(input, 'demo')) {
    issues.push(DEMO_REFUSED);
    const { demo: _demo, ...rest } = input as Record<string, unknown>;
    input = rest;
  }
  const result = v.safeParse(ConsultServerConfigSchema, input);
  if (!result.success) issues.push(...formatIssues(result.issues));
  if (issues.length > 0 || !result.success) throw new ConfigError(issues);
  return result.output;
}
