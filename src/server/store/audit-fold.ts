import type { AuditEvent } from './types.js';

/** A unit of work's `ticket.accepted` events by request id, with their place in its list of writes. */
export type AcceptedTickets = Map<string, { index: number; actor?: string; role?: string }>;

/**
 * Both stores record a request's audit events in its unit of work. A request's later event by the same actor
 * records the acceptance of its ticket: the separate `ticket.accepted` write is replaced by `dropped` (a third
 * of a join's bytes) and its role is kept on the later event, which this returns.
 */
export function foldAcceptance<W>(
  unit: { writes: W[]; accepted: AcceptedTickets },
  event: AuditEvent,
  dropped: W,
): AuditEvent {
  if (event.requestId === undefined) return event;
  const accepted = unit.accepted.get(event.requestId);
  if (event.type === 'ticket.accepted') {
    unit.accepted.set(event.requestId, { index: unit.writes.length, actor: event.actor, role: event.role });
  } else if (accepted && accepted.actor !== undefined && accepted.actor === event.actor) {
    unit.writes[accepted.index] = dropped;
    unit.accepted.delete(event.requestId);
    if (event.role === undefined && accepted.role !== undefined) return { ...event, role: accepted.role };
  }
  return event;
}

/** An audit event as the row both stores write (`at`, `type`, `actor`, … `source`), absent fields `null`. */
export const auditRow = (e: AuditEvent): (string | number | null)[] =>
  [
    e.at.getTime(),
    e.type,
    e.actor,
    e.role,
    e.roomId,
    e.provider,
    e.reason,
    e.requestId,
    e.count,
    e.source,
  ].map((value) => value ?? null);
