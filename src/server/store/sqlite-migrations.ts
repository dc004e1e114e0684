/**
 * Schema migrations, versioned in code and applied in order at start (PRAGMA user_version holds the
 * last applied one). Never edit a shipped migration: add the next one.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE rooms (
    id TEXT PRIMARY KEY,
    provider TEXT NOT NULL,
    appointment TEXT NOT NULL,
    vendor_room_id TEXT NOT NULL,
    vendor_data TEXT NOT NULL DEFAULT '{}',
    status TEXT NOT NULL CHECK (status IN ('open', 'ended', 'cancelled')),
    starts_at INTEGER NOT NULL,
    duration_minutes INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (provider, appointment)
  );
  CREATE TABLE join_grants (
    token_hash TEXT PRIMARY KEY,
    room_id TEXT NOT NULL REFERENCES rooms(id),
    role TEXT NOT NULL CHECK (role IN ('patient', 'clinician')),
    participant_id TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    embed_origin TEXT,
    used_at INTEGER,
    session_hash TEXT
  );
  CREATE INDEX join_grants_expiry ON join_grants (expires_at);
  CREATE INDEX join_grants_session ON join_grants (room_id, session_hash);
  CREATE TABLE ticket_replay (
    issuer TEXT NOT NULL,
    jti TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (issuer, jti)
  );
  CREATE INDEX ticket_replay_expiry ON ticket_replay (expires_at);
  `,
  `
  CREATE TABLE audit_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    type TEXT NOT NULL,
    actor TEXT,
    role TEXT,
    room_id TEXT,
    provider TEXT,
    reason TEXT,
    request_id TEXT
  );
  CREATE INDEX audit_events_at ON audit_events (at);
  CREATE TABLE idempotency_records (
    scope TEXT NOT NULL,
    key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    status INTEGER NOT NULL,
    body TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (scope, key)
  );
  CREATE INDEX idempotency_records_expiry ON idempotency_records (expires_at);
  `,
  // The clinician's display name shown to the patient (sealed like vendor_data); null when none was given.
  `
  ALTER TABLE rooms ADD COLUMN clinician_name TEXT;
  `,
  // One row the readiness check rewrites: a real write, so that a full disk shows as "not ready".
  `
  CREATE TABLE health_probe (id INTEGER PRIMARY KEY CHECK (id = 1), at INTEGER NOT NULL);
  `,
  // Refused requests are aggregated (one row per reason and pseudonymous source per minute, with a count).
  `
  ALTER TABLE audit_events ADD COLUMN count INTEGER;
  ALTER TABLE audit_events ADD COLUMN source TEXT;
  `,
  // The durable job table: vendor-side booking work and webhook deliveries (src/server/jobs/types.ts).
  `
  CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    dedupe_key TEXT UNIQUE,
    payload TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    run_at INTEGER NOT NULL,
    lease_until INTEGER,
    last_error TEXT,
    created_at INTEGER NOT NULL,
    finished_at INTEGER
  );
  CREATE INDEX jobs_due ON jobs (status, run_at);
  `,
  // Clinicians' schedules (src/server/store/schedule-types.ts): seeded from the configuration, edited by
  // staff. Weekly hours and exceptions are JSON (read whole by the slot engine); a deleted one is kept
  // (deleted = 1) so that the configuration does not bring it back at the next start.
  `
  CREATE TABLE schedules (
    clinician_id TEXT PRIMARY KEY,
    zone TEXT NOT NULL,
    weekly TEXT NOT NULL,
    exceptions TEXT NOT NULL,
    origin TEXT NOT NULL CHECK (origin IN ('config', 'staff')),
    version INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  `,
  // Booking: holds, appointments and the capacity units that make double booking impossible (see
  // src/server/store/sqlite-booking.ts and docs/booking.md).
  `
  CREATE TABLE booking_holds (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL,
    clinician_id TEXT NOT NULL,
    starts_at INTEGER NOT NULL,
    ends_at INTEGER NOT NULL,
    blocked_until INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    secret_hash TEXT NOT NULL,
    holder TEXT NOT NULL,
    source TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX booking_holds_expiry ON booking_holds (expires_at);
  CREATE INDEX booking_holds_holder ON booking_holds (holder);
  CREATE INDEX booking_holds_source ON booking_holds (source);
  CREATE INDEX booking_holds_time ON booking_holds (clinician_id, starts_at);
  CREATE TABLE appointments (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL,
    clinician_id TEXT NOT NULL,
    provider TEXT NOT NULL,
    starts_at INTEGER NOT NULL,
    ends_at INTEGER NOT NULL,
    blocked_until INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'booked', 'vendor-failed', 'cancelled')),
    status_reason TEXT,
    sequence INTEGER NOT NULL DEFAULT 0,
    room_key TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    holder TEXT NOT NULL,
    patient TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX appointments_time ON appointments (clinician_id, starts_at);
  CREATE INDEX appointments_ends ON appointments (ends_at);
  CREATE TABLE capacity_units (
    clinician_id TEXT NOT NULL,
    unit_start INTEGER NOT NULL,
    seat INTEGER NOT NULL CHECK (seat >= 0),
    owner TEXT NOT NULL,
    PRIMARY KEY (clinician_id, unit_start, seat)
  ) WITHOUT ROWID;
  CREATE INDEX capacity_units_owner ON capacity_units (owner);
  `,
];
