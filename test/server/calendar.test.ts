import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { renderCalendar } from '../../src/server/booking/calendar.js';
import type { CalendarEntry } from '../../src/server/booking/types.js';

const entry = (over: Partial<CalendarEntry> = {}): CalendarEntry => ({
  uid: 'apt_7f3c9e@consult.hospital.example',
  sequence: 0,
  method: 'REQUEST',
  start: new Date('2026-03-29T07:30:00Z'),
  end: new Date('2026-03-29T07:50:00Z'),
  summary: 'Video visit: Dermatology',
  url: 'https://portal.hospital.example/visits/apt_7f3c9e',
  alarmMinutesBefore: 15,
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
      entry({ summary: 'Follow-up; skin, hair\\nails', description: 'Line one\nLine two\r\nthree' }),
    );
    expect(property(text, 'SUMMARY')).toEqual(['SUMMARY:Follow-up\\; skin\\, hair\\\\nails']);
    // The event's description (the alarm's repeats the summary).
    expect(property(text, 'DESCRIPTION')).toEqual([
      'DESCRIPTION:Line one\\nLine two\\nthree',
      'DESCRIPTION:Follow-up\\; skin\\, hair\\\\nails',
    ]);
  });

  it('writes UTC times, a stable UID, the SEQUENCE, METHOD:REQUEST and a reminder alarm', () => {
    const text = renderCalendar(entry({ sequence: 3 }));
    expect(property(text, 'METHOD')).toEqual(['METHOD:REQUEST']);
    expect(property(text, 'UID')).toEqual(['UID:apt_7f3c9e@consult.hospital.example']);
    expect(property(text, 'SEQUENCE')).toEqual(['SEQUENCE:3']);
    expect(property(text, 'DTSTART')).toEqual(['DTSTART:20260329T073000Z']);
    expect(property(text, 'DTEND')).toEqual(['DTEND:20260329T075000Z']);
    expect(property(text, 'DTSTAMP')).toEqual(['DTSTAMP:20260301T100000Z']);
    expect(property(text, 'STATUS')).toEqual(['STATUS:CONFIRMED']);
    expect(unfold(text)).toContain('BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT15M\r\n');
    expect(property(text, 'URL')).toEqual([
      'URL;VALUE=URI:https://portal.hospital.example/visits/apt_7f3c9e',
    ]);
    // The same appointment moved: same UID, higher SEQUENCE.
    const moved = renderCalendar(entry({ sequence: 4, start: new Date('2026-03-30T08:00:00Z') }));
    expect(property(moved, 'UID')).toEqual(property(text, 'UID'));
    expect(property(moved, 'SEQUENCE')).toEqual(['SEQUENCE:4']);
  });

  it('cancels with METHOD:CANCEL and STATUS:CANCELLED, never as a request', () => {
    const text = renderCalendar(entry({ method: 'CANCEL', sequence: 5 }));
    expect(property(text, 'METHOD')).toEqual(['METHOD:CANCEL']);
    expect(property(text, 'STATUS')).toEqual(['STATUS:CANCELLED']);
    expect(property(text, 'SEQUENCE')).toEqual(['SEQUENCE:5']);
    expect(text).not.toContain('REQUEST');
    expect(text).not.toContain('VALARM');
  });

  it('names the organizer only with an address, and refuses a link that is not a plain web page', () => {
    expect(renderCalendar(entry({ organizerName: 'Hautklinik' }))).not.toContain('ORGANIZER');
    expect(
      property(
        renderCalendar(entry({ organizerName: 'Hautklinik', organizerEmail: 'termine@klinik.example' })),
        'ORGANIZER',
      ),
    ).toEqual(['ORGANIZER;CN="Hautklinik":mailto:termine@klinik.example']);
    expect(() => renderCalendar(entry({ url: 'javascript:alert(1)' }))).toThrow(TypeError);
    expect(() => renderCalendar(entry({ url: 'https://user:pw@portal.example/v' }))).toThrow(TypeError);
  });

  it('is read back the same by an independent parser (ical.js)', () => {
    const summary = `${MULTIBYTE}; a, b \\ c`;
    const description = 'Bitte 5 Minuten vorher.\nلا تنسَ السماعات 🎧';
    const text = renderCalendar(entry({ summary, description, sequence: 2 }));
    const calendar = new ICAL.Component(ICAL.parse(text));
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    const vevent = calendar.getFirstSubcomponent('vevent')!;
    const event = new ICAL.Event(vevent);
    expect(event.uid).toBe('apt_7f3c9e@consult.hospital.example');
    expect(event.sequence).toBe(2);
    expect(event.summary).toBe(summary);
    expect(event.description).toBe(description);
    expect(event.startDate.toJSDate()).toEqual(new Date('2026-03-29T07:30:00Z'));
    expect(event.endDate.toJSDate()).toEqual(new Date('2026-03-29T07:50:00Z'));
    expect(event.startDate.zone?.tzid).toBe('UTC');
    expect(vevent.getFirstPropertyValue('url')).toBe('https://portal.hospital.example/visits/apt_7f3c9e');
    const alarm = vevent.getFirstSubcomponent('valarm')!;
    expect(String(alarm.getFirstPropertyValue('trigger'))).toBe('-PT15M');

    const cancelled = new ICAL.Component(
      ICAL.parse(renderCalendar(entry({ method: 'CANCEL', sequence: 3 }))),
    );
    expect(cancelled.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(cancelled.getFirstSubcomponent('vevent')!.getFirstPropertyValue('status')).toBe('CANCELLED');
  });
});
