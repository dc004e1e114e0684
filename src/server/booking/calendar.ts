import ical, { ICalAlarmType, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { CalendarEntry } from './types.js';

/**
 * An appointment as an RFC 5545 calendar file (`text/calendar`), written by ical-generator: CRLF line
 * ends, lines folded at 75 octets between whole UTF-8 characters, text escaped (`\\`, `;`, `,`, newlines),
 * times in UTC, a stable `UID` with the `SEQUENCE` raised on every change, so that calendars update the
 * one event they have. A display alarm reminds the patient. The only link is the hospital's visit page (in
 * `URL`, `LOCATION` and at the end of `DESCRIPTION`, since not every calendar app shows `URL`): never a
 * join URL, which is a credential and would outlive its purpose in every synced calendar.
 *
 * `METHOD` (RFC 5545 3.7.2) makes the file an iTIP message (RFC 5546), and every iTIP method for a `VEVENT`
 * needs an `ORGANIZER` (the restriction tables of RFC 5546 3.2.1-3.2.8). So:
 * - with the clinic's organizer address: `PUBLISH` (3.2.1: `ORGANIZER` 1, `ATTENDEE` 0), and `CANCEL` once
 *   cancelled (3.2.5: `ORGANIZER` 1, `SEQUENCE` 1, `ATTENDEE` 0+, no `VALARM`), the organizer's way to withdraw
 *   the event of that `UID`. Not `REQUEST`: 3.2.2 needs at least one `ATTENDEE`, and the only attendee is the
 *   patient, whose address this file never carries; a request also asks for a reply the clinic would not read.
 * - without one: no `METHOD` at all. The file is then a plain snapshot ("a scheduling transaction MUST NOT be
 *   assumed", RFC 5545 3.7.2), valid without `ORGANIZER`; Outlook imports such a file as it would a `PUBLISH`
 *   ([MS-STANOICAL] V0078), other calendar apps import it as an event. A cancelled appointment is then the
 *   same `UID` with a raised `SEQUENCE` and `STATUS:CANCELLED` (RFC 5545 3.8.1.11, 3.8.7.4): a calendar that
 *   holds the event replaces it with the cancelled version (Outlook shows it free, [MS-OXCICAL] 2.1.3.1.1.20.23).
 * A `PUBLISH` without `ORGANIZER` would break 3.2.1, and a `REQUEST`/`CANCEL` without one 3.2.2/3.2.5.
 */
export function renderCalendar(entry: CalendarEntry): string {
  const { cancelled } = entry;
  const organized = entry.organizerEmail !== undefined;
  const method = !organized ? undefined : cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.PUBLISH;
  const calendar = ical({
    prodId: { company: 'video-consult-elements', product: 'consult-server', language: 'EN' },
    ...(method && { method }),
  });
  const url = entry.url === undefined ? undefined : visitPage(entry.url);
  const description = [entry.description, url].filter((part) => part !== undefined).join('\n\n');
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
  if (description) event.description(description);
  if (url !== undefined) event.url(url).location(url);
  if (entry.organizerEmail !== undefined) {
    event.organizer({ name: entry.organizerName ?? entry.organizerEmail, email: entry.organizerEmail });
  }
  if (!cancelled) {
    event.createAlarm({
      type: ICalAlarmType.display,
      trigger: entry.alarmMinutesBefore * 60,
      description: entry.alarmText,
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
