import ical, { ICalAlarmType, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { CalendarEntry } from './types.js';

/**
 * An appointment as an RFC 5545 calendar file (`text/calendar`), written by ical-generator: CRLF line
 * ends, lines folded at 75 octets between whole UTF-8 characters, text escaped (`\\`, `;`, `,`, newlines),
 * times in UTC, a stable `UID` with the `SEQUENCE` raised on every change, so that calendars update the
 * one event they have. A new or moved appointment is `METHOD:REQUEST`; a cancelled one `METHOD:CANCEL`
 * with `STATUS:CANCELLED`, so that calendars remove it (a cancellation sent as a request stays in them).
 * A display alarm reminds the patient. The only link is the hospital's visit page: never a join URL,
 * which is a credential and would outlive its purpose in every synced calendar.
 */
export function renderCalendar(entry: CalendarEntry): string {
  const cancelled = entry.method === 'CANCEL';
  const calendar = ical({
    prodId: { company: 'video-consult-elements', product: 'consult-server', language: 'EN' },
    method: cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  });
  const event = calendar.createEvent({
    id: entry.uid,
    sequence: entry.sequence,
    start: entry.start,
    end: entry.end,
    stamp: entry.updatedAt,
    lastModified: entry.updatedAt,
    summary: entry.summary,
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
  if (entry.description !== undefined) event.description(entry.description);
  if (entry.url !== undefined) event.url(visitPage(entry.url));
  if (entry.organizerEmail !== undefined) {
    event.organizer({ name: entry.organizerName ?? entry.organizerEmail, email: entry.organizerEmail });
  }
  if (!cancelled) {
    event.createAlarm({
      type: ICalAlarmType.display,
      trigger: entry.alarmMinutesBefore * 60,
      description: entry.summary,
    });
  }
  // ical-generator ends the last line without its CRLF; RFC 5545 ends every content line with one.
  return `${calendar.toString()}\r\n`;
}

/** The visit page must be a plain http(s) page; anything else is a bug upstream, not a link to publish. */
function visitPage(url: string): string {
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (
    !parsed ||
    (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') ||
    parsed.username ||
    parsed.password
  ) {
    throw new TypeError('calendar: url must be an http(s) page without credentials');
  }
  return url;
}
