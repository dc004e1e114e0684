import type { AppointmentRecord, HoldRecord } from './booking-types.js';

// Rows of the booking tables as SQLite returns them, and their records.

export interface HoldRow {
  id: string;
  service_id: string;
  clinician_id: string;
  starts_at: number;
  ends_at: number;
  blocked_until: number;
  expires_at: number;
  secret_hash: string;
  holder: string;
}

export interface AppointmentRow {
  id: string;
  service_id: string;
  clinician_id: string;
  provider: string;
  starts_at: number;
  ends_at: number;
  status: AppointmentRecord['status'];
  status_reason: string | null;
  sequence: number;
  room_key: string;
  holder: string;
  created_at: number;
  updated_at: number;
}

export const toHold = (r: HoldRow): HoldRecord => ({
  id: r.id,
  serviceId: r.service_id,
  clinicianId: r.clinician_id,
  start: new Date(r.starts_at),
  end: new Date(r.ends_at),
  expiresAt: new Date(r.expires_at),
  holder: r.holder,
});

export const toAppointment = (r: AppointmentRow): AppointmentRecord => ({
  id: r.id,
  serviceId: r.service_id,
  clinicianId: r.clinician_id,
  provider: r.provider,
  start: new Date(r.starts_at),
  end: new Date(r.ends_at),
  status: r.status,
  statusReason: r.status_reason,
  sequence: r.sequence,
  roomKey: r.room_key,
  holder: r.holder,
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
});

export interface OccupiedRow {
  clinician_id: string;
  starts_at: number;
  blocked_until: number;
}
