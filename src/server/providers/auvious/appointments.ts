import { ProblemError } from '../../problem-error.js';
import { createOrAdopt } from '../internal/create-or-adopt.js';
import type { Participant, RoomSpec } from '../types.js';
import { VENDOR, type AuviousApi, type Customer } from './api.js';
import { formatDuration, formatInstant } from './formats.js';
import type { AuviousOptions } from './options.js';
import { ROOM_MARK, type Appointment } from './schemas.js';

const MINUTE_MS = 60_000;

/** The Auvious user that stands for a clinician: by e-mail in `agents`, else `defaultAgentUserId`. */
export const agentOf = (options: AuviousOptions, clinician: Participant | undefined): string => {
  const email = clinician?.email?.toLowerCase();
  const mapped =
    email === undefined
      ? undefined
      : Object.entries(options.agents).find(([key]) => key.toLowerCase() === email)?.[1];
  const agent = mapped ?? options.defaultAgentUserId;
  if (agent === undefined) {
    throw new ProblemError('bad-request', `${VENDOR} needs an agent for the clinician of this room`, {
      reason: 'no agents entry for the clinician and no defaultAgentUserId',
    });
  }
  return agent;
};

/** The doc's `customer`: a name split at the first space, the contact we have, our pseudonymous id. */
export const customerOf = (patient: Participant): Customer => {
  const [first, ...rest] = (patient.name?.trim() || 'Patient').split(/\s+/);
  const contact = {
    ...(patient.email === undefined ? {} : { primaryEmail: patient.email }),
    ...(patient.phone === undefined ? {} : { primaryPhone: patient.phone }),
  };
  return {
    name: { firstName: first ?? 'Patient', lastName: rest.join(' ') },
    ...(Object.keys(contact).length > 0 ? { contact } : {}),
    metadata: { consultParticipantId: patient.id },
  };
};

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) =>
  a.start < b.end && b.start < a.end;

export const createAppointments = (options: AuviousOptions, api: AuviousApi) => {
  /**
   * Refuses a time the vendor already has more than `maxOverlapping` appointments at (`own`: how many of
   * those are the appointment being moved). A check, then an act: two servers booking the same instant
   * can both pass it; the vendor's own rules decide then.
   */
  const checkOverlap = async (start: Date, minutes: number, own: number, signal: AbortSignal) => {
    const { count } = await api.overlapCount(start, minutes, signal);
    if (count > options.maxOverlapping + own) {
      throw new ProblemError(
        'vendor-schedule-conflict',
        `${VENDOR} already has an appointment at this time`,
        { reason: `overlap count ${count} over ${options.maxOverlapping + own}` },
      );
    }
  };

  /**
   * The appointments carrying our room id in `metadata` (stored and returned by the vendor, see the doc's
   * Update and Find). Only a complete answer can prove that there is none.
   */
  const findOurs = async (spec: RoomSpec, signal: AbortSignal): Promise<Appointment[]> => {
    const from = new Date(spec.startsAt.getTime() - MINUTE_MS);
    const to = new Date(spec.startsAt.getTime() + (spec.durationMinutes + 1) * MINUTE_MS);
    const page = await api.findInRange(from, to, signal);
    const ours = page.content.filter((a) => a.metadata?.[ROOM_MARK] === spec.roomId);
    const complete = (page.pageCount ?? 1) <= 1 && (page.total ?? 0) <= page.content.length;
    if (ours.length === 0 && !complete) {
      throw new ProblemError('vendor-rejected', `${VENDOR} lists too many appointments at this time`, {
        reason: 'lookup page incomplete: cannot prove that no appointment is ours',
      });
    }
    return ours;
  };

  /** Adds the agent and the customer unless the appointment has them (a retry after a partial create). */
  const withParticipants = async (
    appointment: Appointment,
    agentUserId: string,
    patient: Participant | undefined,
    signal: AbortSignal,
  ) => {
    const present = appointment.participantIds ?? [];
    if (!present.some((p) => p.type === 'AGENT' && p.id === agentUserId)) {
      await api.addAgent(appointment.id, agentUserId, signal);
    }
    if (patient !== undefined && !present.some((p) => p.type === 'CUSTOMER')) {
      await api.addCustomer(appointment.id, customerOf(patient), signal);
    }
  };

  return {
    checkOverlap,

    /**
     * Our appointment for `spec`: the one already marked with our room id (a job retried after a partial
     * create), else a new one after the overlap check; a schedule that timed out adopts the appointment
     * found with our mark, never another. Then the agent and the customer.
     */
    async ensure(spec: RoomSpec, locale: string, signal: AbortSignal) {
      const clinician = spec.participants.find((p) => p.role === 'clinician');
      const patients = spec.participants.filter((p) => p.role === 'patient');
      if (patients.length > 1) throw new ProblemError('bad-request', `${VENDOR} rooms have one patient`);
      const agentUserId = agentOf(options, clinician);
      const found = await findOurs(spec, signal);
      if (found.length > 1) {
        throw new ProblemError('vendor-rejected', `${VENDOR} holds several appointments for this room`, {
          reason: 'several appointments carry our room id',
        });
      }
      let appointment = found[0];
      if (appointment === undefined) {
        await checkOverlap(spec.startsAt, spec.durationMinutes, 0, signal);
        const body = {
          applicationId: options.applicationId,
          start: formatInstant(spec.startsAt),
          duration: formatDuration(spec.durationMinutes),
          timezone: options.timezone,
          locale,
          title: spec.title?.trim() || 'Video visit',
          metadata: { [ROOM_MARK]: spec.roomId },
          notificationsActive: false,
        };
        appointment = await createOrAdopt(
          () => api.schedule(body, signal),
          () => findOurs(spec, signal),
        );
      }
      await withParticipants(appointment, agentUserId, patients[0], signal);
      return { appointmentId: appointment.id, agentUserId, locale };
    },

    /**
     * Reschedules to `change`. The overlap check allows the appointment itself where its current time
     * (asked, not remembered: a retried reschedule may have moved it already) overlaps the new one; an
     * appointment already at the new time is left as it is.
     */
    async move(
      appointmentId: string,
      change: { startsAt: Date; durationMinutes: number },
      locale: string,
      signal: AbortSignal,
    ) {
      const current = await api.get(appointmentId, signal);
      const now = { start: current.start.getTime(), end: current.start.getTime() + current.duration };
      const start = change.startsAt.getTime();
      const target = { start, end: start + change.durationMinutes * MINUTE_MS };
      if (now.start === target.start && now.end === target.end) return;
      await checkOverlap(change.startsAt, change.durationMinutes, overlaps(now, target) ? 1 : 0, signal);
      await api.reschedule(
        appointmentId,
        { start: change.startsAt, durationMinutes: change.durationMinutes, locale },
        signal,
      );
    },
  };
};
