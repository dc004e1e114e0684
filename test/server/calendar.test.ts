import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { renderCalendar } from '../../src/server/booking/calendar.js';
import type { CalendarEntry } from '../../src/server/booking/types.js';

const entry = (over: Partial<CalendarEntry> = {}): CalendarEntry => ({
  uid: 'apt_7f3c9e@consult.hospital.example',
  sequence: 0,
  cancelled: false,
  start: new Date('2026-03-29T07:30:00Z'),
  end: new Date('2026-03-29T07:50:00Z'),
  summary: 'Video visit: Dermatology',
  url: 'https://portal.hospital.example/visits/apt_7f3c9e',
  alarmMinutesBefore: 15,
  alarmText: 'Your video visit starts soon: Dermatology',
  updatedAt: new Date('2026-03-01T10:00:00Z'),
  ...over,
});

/** German, Arabic and emoji (4 octets, a surrogate pair in JS): folding must never cut one apart. */
const MULTIBYTE =
  'Videosprechstunde: Hautärztliche Kontrolle für Jürgen Größe 🩺👩🏽‍⚕️ — زيارة فيديو: الأمراض الجلدية ' +
  '€'.repeat(40);

const CRLF = Buffer.from('\r\n');

/** The file's octets, cut at each CRLF (the last one ends the file). */
function octetLines(text: string): Buffer[] {
  const bytes = Buffer.from(text, 'utf8');
  const lines: Buffer[] = [];
  let from = 0;
  for (let at = bytes.indexOf(CRLF); at >= 0; at = bytes.indexOf(CRLF, from)) {
    lines.push(bytes.subarray(from, at));
    from = at + 2;
  }
  expect(from, 'the file ends with CRLF').toBe(bytes.length);
  return lines;
}

/** RFC 5545 3.1: a CRLF followed by one space or tab is removed. */
const unfold = (text: string) => text.replace(/\r\n[ \t]/g, '');
const property = (text: string, name: string) =>
  unfold(text)
    .split('\r\n')
    .filter((l) => l.startsWith(`${name}:`) || l.startsWith(`${name};`));

describe('renderCalendar (RFC 5545)', () => {
  it('ends every line with CRLF and nothing else, at most 75 octets, each line whole UTF-8', () => {
    const text = renderCalendar(entry({ summary: MULTIBYTE, description: MULTIBYTE }));
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const strict = new TextDecoder('utf-8', { fatal: true });
    const lines = octetLines(text);
    for (const line of lines) {
      expect(line.length, strict.decode(line)).toBeLessThanOrEqual(75);
      // A fold inside a character would leave an invalid sequence (or a lone surrogate, replaced) here.
      expect(strict.decode(line)).not.toContain('\uFFFD');
    }
    expect(text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    // Folded by octets, not characters: 40 "€" are 40 characters but 120 octets.
    const folded = lines.filter((l) => l[0] === 0x20);
    expect(folded.length).toBeGreaterThanOrEqual(6);
    expect(lines.some((l) => l.length > 70 && [...l.toString('utf8')].length < 45)).toBe(true);
    // Unfolded, the summary is all there.
    expect(property(text, 'SUMMARY')).toEqual([`SUMMARY:${MULTIBYTE}`]);
  });

  it('escapes backslash, semicolon, comma and newlines in text', () => {
    const text = renderCalendar(
      entry({
        summary: 'Follow-up; skin, hair\\nails',
        description: 'Line one\nLine two\r\nthree',
        alarmText: 'Soon; a, b',
        url: undefined,
      }),
    );
    expect(property(text, 'SUMMARY')).toEqual(['SUMMARY:Follow-up\\; skin\\, hair\\\\nails']);
    // The event's description, then the alarm's.
    expect(property(text, 'DESCRIPTION')).toEqual([
      'DESCRIPTION:Line one\\nLine two\\nthree',
      'DESCRIPTION:Soon\\; a\\, b',
    ]);
  });

  it('writes UTC times, a stable UID, the SEQUENCE, the visit page and a reminder alarm', () => {
    const text = renderCalendar(entry({ sequence: 3, description: 'How to join.' }));
    expect(property(text, 'UID')).toEqual(['UID:apt_7f3c9e@consult.hospital.example']);
    expect(property(text, 'SEQUENCE')).toEqual(['SEQUENCE:3']);
    expect(property(text, 'DTSTART')).toEqual(['DTSTART:20260329T073000Z']);
    expect(property(text, 'DTEND')).toEqual(['DTEND:20260329T075000Z']);
    expect(property(text, 'DTSTAMP')).toEqual(['DTSTAMP:20260301T100000Z']);
    expect(property(text, 'STATUS')).toEqual(['STATUS:CONFIRMED']);
    expect(unfold(text)).toContain(
      'BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT15M\r\nDESCRIPTION:Your video visit starts soon: Dermatology\r\n',
    );
    // The visit page: as URL, as LOCATION and after the description (not every calendar app shows URL).
    expect(property(text, 'URL')).toEqual([
      'URL;VALUE=URI:https://portal.hospital.example/visits/apt_7f3c9e',
    ]);
    expect(property(text, 'LOCATION')).toEqual([
      'LOCATION:https://portal.hospital.example/visits/apt_7f3c9e',
    ]);
    expect(property(text, 'DESCRIPTION')[0]).toBe(
      'DESCRIPTION:How to join.\\n\\nhttps://portal.hospital.example/visits/apt_7f3c9e',
    );
    // The same appointment moved: same UID, higher SEQUENCE.
    const moved = renderCalendar(entry({ sequence: 4, start: new Date('2026-03-30T08:00:00Z') }));
    expect(property(moved, 'UID')).toEqual(property(text, 'UID'));
    expect(property(moved, 'SEQUENCE')).toEqual(['SEQUENCE:4']);
    // Without a visit page: no link at all, the description alone.
    const unlinked = renderCalendar(entry({ url: undefined, description: 'How to join.' }));
    expect(unlinked).not.toMatch(/^(URL|LOCATION)[:;]/m);
    expect(property(unlinked, 'DESCRIPTION')[0]).toBe('DESCRIPTION:How to join.');
  });

  const ORGANIZER = { organizerName: 'Hautklinik', organizerEmail: 'termine@klinik.example' };

  // RFC 5546 3.2.1 (PUBLISH: ORGANIZER 1, ATTENDEE 0), 3.2.5 (CANCEL: ORGANIZER 1, SEQUENCE 1, no VALARM); without
  // an organizer no iTIP method can be valid, so none (RFC 5545 3.7.2).
  it.each([
    ['with an organizer', ORGANIZER, 'PUBLISH', 'CANCEL'],
    ['without an organizer', {}, 'none', 'none'],
  ] as const)('%s: METHOD %s while booked, %s once cancelled', (_, organizer, booked, cancelled) => {
    const methods = (text: string) => property(text, 'METHOD');
    const active = renderCalendar(entry({ ...organizer, sequence: 1 }));
    const gone = renderCalendar(entry({ ...organizer, sequence: 2, cancelled: true }));
    expect(methods(active)).toEqual(booked === 'none' ? [] : [`METHOD:${booked}`]);
    expect(methods(gone)).toEqual(cancelled === 'none' ? [] : [`METHOD:${cancelled}`]);
    for (const text of [active, gone]) {
      // Never an invitation: that needs an ATTENDEE, and the only one would be the patient (RFC 5546 3.2.2).
      expect(text).not.toMatch(/REQUEST|^ATTENDEE/m);
      expect(property(text, 'ORGANIZER')).toEqual(
        booked === 'none' ? [] : ['ORGANIZER;CN="Hautklinik":mailto:termine@klinik.example'],
      );
    }
    expect(property(active, 'STATUS')).toEqual(['STATUS:CONFIRMED']);
    // Cancelled: same UID, the raised SEQUENCE, STATUS:CANCELLED, and no reminder.
    expect(property(gone, 'UID')).toEqual(property(active, 'UID'));
    expect(property(gone, 'SEQUENCE')).toEqual(['SEQUENCE:2']);
    expect(property(gone, 'STATUS')).toEqual(['STATUS:CANCELLED']);
    expect(gone).not.toContain('VALARM');
  });

  it('names the organizer only with an address, and refuses a link that is not a plain web page', () => {
    expect(renderCalendar(entry({ organizerName: 'Hautklinik' }))).not.toContain('ORGANIZER');
    expect(property(renderCalendar(entry(ORGANIZER)), 'ORGANIZER')).toEqual([
      'ORGANIZER;CN="Hautklinik":mailto:termine@klinik.example',
    ]);
    expect(() => renderCalendar(entry({ url: 'javascript:alert(1)' }))).toThrow(TypeError);
    expect(() => renderCalendar(entry({ url: 'https://user:pw@portal.example/v' }))).toThrow(TypeError);
  });

  it('is read back the same by an independent parser (ical.js)', () => {
    const summary = `${MULTIBYTE}; a, b \\ c`;
    const description = 'Bitte 5 Minuten vorher.\nلا تنسَ السماعات 🎧';
    const text = renderCalendar(entry({ summary, description, sequence: 2, ...ORGANIZER }));
    const calendar = new ICAL.Component(ICAL.parse(text));
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    const vevent = calendar.getFirstSubcomponent('vevent')!;
    const event = new ICAL.Event(vevent);
    expect(event.uid).toBe('apt_7f3c9e@consult.hospital.example');
    expect(event.sequence).toBe(2);
    expect(event.summary).toBe(summary);
    expect(event.description).toBe(`${description}\n\nhttps://portal.hospital.example/visits/apt_7f3c9e`);
    expect(event.startDate.toJSDate()).toEqual(new Date('2026-03-29T07:30:00Z'));
    expect(event.endDate.toJSDate()).toEqual(new Date('2026-03-29T07:50:00Z'));
    expect(event.startDate.zone?.tzid).toBe('UTC');
    expect(vevent.getFirstPropertyValue('url')).toBe('https://portal.hospital.example/visits/apt_7f3c9e');
    const alarm = vevent.getFirstSubcomponent('valarm')!;
    expect(String(alarm.getFirstPropertyValue('trigger'))).toBe('-PT15M');

    const cancelled = new ICAL.Component(
      ICAL.parse(renderCalendar(entry({ cancelled: true, sequence: 3, ...ORGANIZER }))),
    );
    expect(cancelled.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(cancelled.getFirstSubcomponent('vevent')!.getFirstPropertyValue('status')).toBe('CANCELLED');
  });
});
