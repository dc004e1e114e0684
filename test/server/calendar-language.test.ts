import ICAL from 'ical.js';
import { afterEach, describe, expect, it } from 'vitest';
import { bookingServer, MINUTE, T0 } from './support/booking.js';

// `GET /v1/appointments/:id/calendar.ics` in the patient's language (`Accept-Language`), with the clinic's
// configuration winning over the built-in words, and the METHOD that RFC 5546 allows for what is configured.

type Server = Awaited<ReturnType<typeof bookingServer>>;
let server: Server | undefined;
afterEach(async () => server?.close());

const HOUR = 60 * MINUTE;
const VISIT_PAGE = 'https://portal.hospital.test/visits/{appointment}';

async function bookedCalendar(
  appointments: Record<string, unknown> = {},
  config: Record<string, unknown> = {},
) {
  server = await bookingServer({ appointments, joinWindow: { patientMinutesBefore: 10 }, ...config });
  const s = server;
  const booked = await s.holdAndBook('derm-20', T0 + 6 * HOUR);
  const fetchIcs = async (headers: Record<string, string> = {}) => {
    const res = await s.app.request(`/v1/appointments/${booked.appointment.id}/calendar.ics`, {
      headers: s.withToken(booked.token, headers),
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    const calendar = new ICAL.Component(ICAL.parse(text));
    const vevent = calendar.getFirstSubcomponent('vevent')!;
    const alarm = vevent.getFirstSubcomponent('valarm');
    return {
      text,
      res,
      method: calendar.getFirstPropertyValue('method'),
      summary: String(vevent.getFirstPropertyValue('summary')),
      description: String(vevent.getFirstPropertyValue('description')),
      alarm: alarm && String(alarm.getFirstPropertyValue('description')),
      organizer: vevent.getFirstProperty('organizer'),
      status: vevent.getFirstPropertyValue('status'),
    };
  };
  return { s, booked, fetchIcs };
}

describe('the calendar file in the patient language', () => {
  it.each([
    [
      'en',
      'en-GB,en;q=0.9',
      'Video visit: Dermatology video visit',
      'To join, open the page where you booked this visit and press "Join video visit". ' +
        'You can join from 10 minutes before the start.',
      'Your video visit starts soon: Dermatology video visit',
    ],
    [
      'de',
      'de-CH,de;q=0.9,en;q=0.8',
      'Videosprechstunde: Dermatology video visit',
      'Zum Teilnehmen öffnen Sie die Seite, auf der Sie diesen Termin gebucht haben, und klicken Sie auf ' +
        '„Videosprechstunde beitreten“. Sie können ab 10 Minuten vor Beginn beitreten.',
      'Ihre Videosprechstunde beginnt bald: Dermatology video visit',
    ],
    [
      'fr',
      'fr-BE',
      'Consultation vidéo : Dermatology video visit',
      'Pour participer, ouvrez la page sur laquelle vous avez pris ce rendez-vous et cliquez sur ' +
        '« Rejoindre la consultation vidéo ». Vous pouvez la rejoindre dès 10 minutes avant le début.',
      'Votre consultation vidéo commence bientôt : Dermatology video visit',
    ],
    [
      'it',
      'it',
      'Visita video: Dermatology video visit',
      'Per partecipare, apra la pagina in cui ha prenotato questa visita e prema «Partecipa alla visita video». ' +
        "Può partecipare da 10 minuti prima dell'inizio.",
      'La sua visita video inizia a breve: Dermatology video visit',
    ],
    [
      'nl',
      'en;q=0.5, nl-NL',
      'Videoconsult: Dermatology video visit',
      'Om deel te nemen, opent u de pagina waar u dit consult hebt geboekt en klikt u op ' +
        '‘Deelnemen aan videoconsult’. U kunt vanaf 10 minuten voor de aanvang deelnemen.',
      'Uw videoconsult begint binnenkort: Dermatology video visit',
    ],
  ])('%s (Accept-Language: %s)', async (lang, accept, summary, description, alarm) => {
    const { fetchIcs } = await bookedCalendar();
    const ics = await fetchIcs({ 'accept-language': accept });
    expect(ics).toMatchObject({ summary, description, alarm });
    expect(ics.res.headers.get('content-language')).toBe(lang);
    expect(ics.res.headers.get('vary')).toContain('Accept-Language');
  });

  it('falls back to English for a language it does not have, for `*` and without the header', async () => {
    const { fetchIcs } = await bookedCalendar();
    const cases: Record<string, string>[] = [
      { 'accept-language': 'pt-BR, ja;q=0.8' },
      { 'accept-language': '*' },
      {},
    ];
    for (const headers of cases) {
      const ics = await fetchIcs(headers);
      expect(ics.summary).toBe('Video visit: Dermatology video visit');
      expect(ics.res.headers.get('content-language')).toBe('en');
    }
    // A language refused with q=0 is not chosen.
    expect((await fetchIcs({ 'accept-language': 'de;q=0, fr;q=0.3' })).summary).toMatch(
      /^Consultation vidéo/,
    );
  });

  it('links the visit page when one is configured, and never a join URL or a token', async () => {
    const { booked, fetchIcs } = await bookedCalendar({ visitPageUrl: VISIT_PAGE });
    const page = `https://portal.hospital.test/visits/${booked.appointment.id}`;
    const ics = await fetchIcs({ 'accept-language': 'de' });
    expect(ics.description).toBe(
      'Zum Teilnehmen öffnen Sie die unten genannte Seite und klicken Sie auf „Videosprechstunde beitreten“. ' +
        `Sie können ab 10 Minuten vor Beginn beitreten.\n\n${page}`,
    );
    const unfolded = ics.text.replace(/\r\n[ \t]/g, '');
    expect(unfolded).toContain(`URL;VALUE=URI:${page}\r\n`);
    expect(unfolded).toContain(`LOCATION:${page}\r\n`);
    expect(unfolded).not.toContain(booked.token);
    expect(unfolded).not.toMatch(/token|\/v1\/join|\/sandbox\/|otp|tan=/i);
  });

  it('keeps what the clinic configured: its own description and its organizer', async () => {
    const { fetchIcs } = await bookedCalendar({
      visitPageUrl: VISIT_PAGE,
      calendarDescription: 'Bitte halten Sie Ihre Versichertenkarte bereit.',
      organizer: { email: 'termine@hospital.test', name: 'Hautklinik' },
    });
    const ics = await fetchIcs({ 'accept-language': 'fr' });
    expect(ics.summary).toBe('Consultation vidéo : Dermatology video visit');
    expect(ics.description).toMatch(/^Bitte halten Sie Ihre Versichertenkarte bereit\.\n\nhttps:\/\/portal/);
    expect(ics.method).toBe('PUBLISH');
    expect(ics.organizer?.getFirstValue()).toBe('mailto:termine@hospital.test');
    expect(ics.organizer?.getParameter('cn')).toBe('Hautklinik');
  });

  it('says the join time plainly when patients join at the start', async () => {
    const { fetchIcs } = await bookedCalendar({}, { joinWindow: { patientMinutesBefore: 0 } });
    expect((await fetchIcs({ 'accept-language': 'en' })).description).toMatch(
      /You can join at the start time\.$/,
    );
  });

  it.each([
    [
      'with an organizer (name from the clinician)',
      { organizer: { email: 'termine@hospital.test' } },
      'PUBLISH',
      'CANCEL',
    ],
    ['without an organizer', {}, null, null],
  ])('%s: METHOD while booked and once cancelled', async (_, appointments, booked, cancelled) => {
    const { s, booked: a, fetchIcs } = await bookedCalendar(appointments);
    const before = await fetchIcs({ 'accept-language': 'it' });
    expect(before.method).toBe(booked);
    expect(before.status).toBe('CONFIRMED');
    expect(before.organizer?.getParameter('cn') ?? null).toBe(booked && 'Dr. Anna Arzt');
    const res = await s.app.request(`/v1/appointments/${a.appointment.id}`, {
      method: 'DELETE',
      headers: s.withToken(a.token),
    });
    expect(res.status).toBe(200);
    const after = await fetchIcs({ 'accept-language': 'it' });
    expect(after.method).toBe(cancelled);
    expect(after.status).toBe('CANCELLED');
    expect(after.alarm).toBe(null);
    expect(after.text).toContain('SEQUENCE:1\r\n');
    expect(after.text).not.toMatch(/REQUEST|^ATTENDEE/m);
  });

  it('is documented in the OpenAPI document: the Accept-Language header and the Content-Language answered', async () => {
    server = await bookingServer();
    const doc = await (await server.app.request('/openapi.json')).json();
    const get = doc.paths['/v1/appointments/{id}/calendar.ics'].get;
    expect(get.parameters.map((p: { name: string; in: string }) => `${p.in} ${p.name}`)).toEqual([
      'path id',
      'header Accept-Language',
    ]);
    expect(get.responses['200'].headers['Content-Language'].schema.enum).toEqual([
      'en',
      'de',
      'fr',
      'it',
      'nl',
    ]);
  });
});
