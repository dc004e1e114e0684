import { expect, fixture, html } from '@open-wc/testing';
import { useMockServer } from './mock-server.js';
import { SERVER, part, until } from './support.js';
import {
  bookingApi,
  dailySlots,
  fill,
  holdTime,
  inLanguage,
  radios,
  submit,
  text,
  texts,
  useClockAt,
} from './appointment-picker.helpers.js';

useMockServer();
useClockAt();

/** What each language says for a few of the picker's own strings (times in Berlin, a patient in Berlin). */
const LOCALES = [
  {
    lang: 'de',
    zoneNote: 'Zeiten in der Zeitzone Mitteleuropäische Normalzeit.',
    date: 'Mittwoch, 6. März',
    time: '09:00',
    reserve: 'Diesen Termin reservieren',
    book: 'Videosprechstunde buchen',
    booked: 'Ihre Videosprechstunde ist gebucht',
    firstHeader: 'Mo',
    cancel: 'Termin absagen',
    keep: 'Termin so behalten',
    cancelled: 'Ihre Videosprechstunde ist abgesagt',
  },
  {
    lang: 'fr',
    zoneNote: 'Heures en heure normale d’Europe centrale.',
    date: 'mercredi 6 mars',
    time: '09:00',
    reserve: 'Réserver ce créneau',
    book: 'Réserver la téléconsultation',
    booked: 'Votre téléconsultation est réservée',
    firstHeader: 'lun.',
    cancel: 'Annuler le rendez-vous',
    keep: 'Garder mon rendez-vous',
    cancelled: 'Votre téléconsultation est annulée',
  },
  {
    lang: 'it',
    zoneNote: 'Orari in Ora standard dell’Europa centrale.',
    date: 'mercoledì 6 marzo',
    time: '09:00',
    reserve: 'Riserva questo orario',
    book: 'Prenota la visita video',
    booked: 'La sua visita video è prenotata',
    firstHeader: 'lun',
    cancel: 'Annulla la visita',
    keep: 'Mantieni la visita così',
    cancelled: 'La sua visita video è annullata',
  },
  {
    lang: 'nl',
    zoneNote: 'Tijden in Midden-Europese standaardtijd.',
    date: 'woensdag 6 maart',
    time: '09:00',
    reserve: 'Deze tijd vasthouden',
    book: 'Videoconsult boeken',
    booked: 'Uw videoconsult is geboekt',
    firstHeader: 'ma',
    cancel: 'Afspraak annuleren',
    keep: 'Afspraak zo houden',
    cancelled: 'Uw videoconsult is geannuleerd',
  },
];

describe('<appointment-picker> in every language', function () {
  // Several axe runs per test: on a loaded CI machine each takes seconds.
  this.timeout(30_000);

  after(async () => {
    // Back to English for the suites that follow in this browser.
    await fixture(html`<div lang="en"><appointment-picker></appointment-picker></div>`);
  });

  for (const l of LOCALES) {
    it(`speaks ${l.lang} in every step, with Intl dates in ${l.lang}, and stays accessible`, async () => {
      const api = bookingApi(dailySlots('2030-03-06'));
      const month = await inLanguage(l.lang, 'month');
      await until(
        () => text(month, '[part~="zone-note"]') === l.zoneNote,
        `the ${l.lang} zone note, got "${text(month, '[part~="zone-note"]')}"`,
      );
      expect(texts(month, 'th')[0]).to.equal(l.firstHeader);
      await expect(month).to.be.accessible();

      const el = await inLanguage(l.lang, 'list');
      await until(() => text(el, '[part~="zone-note"]') === l.zoneNote);
      expect(text(el, '[part~="times"] legend')).to.equal(l.date);
      expect(text(el, '[part~="time"]')).to.equal(l.time);
      radios(el)[0]!.click();
      await el.updateComplete;
      expect(text(el, '[part~="reserve"]')).to.equal(l.reserve);
      await expect(el).to.be.accessible();
      await holdTime(el, '2030-03-06');
      expect(text(el, '[part~="book"]')).to.equal(l.book);
      submit(el);
      await el.updateComplete;
      expect(part(el, '#name-error')!.textContent).not.to.contain('Please');
      await expect(el).to.be.accessible();
      fill(el, { name: 'Ada', email: 'ada@example.com' });
      submit(el);
      await until(() => part(el, '[part~="confirmation"]'));
      expect(text(el, '[part~="confirmation"] h3')).to.equal(l.booked);
      await expect(el).to.be.accessible();
      // The calendar file is asked for in the picker's language (the server writes its words in it).
      part<HTMLButtonElement>(el, '[part~="calendar"]')!.click();
      await until(() => api.seen.calendar.length === 1, 'the calendar download');
      expect(api.seen.calendar[0]!.language).to.equal(l.lang);
      expect(api.seen.calendar[0]!.url).to.equal(`${SERVER}/v1/appointments/appt-1/calendar.ics`);
      expect(text(el, '[part~="cancel"]')).to.equal(l.cancel);
      part<HTMLButtonElement>(el, '[part~="cancel"]')!.click();
      await el.updateComplete;
      expect(text(el, '[part~="keep"]')).to.equal(l.keep);
      await expect(el).to.be.accessible();
      part<HTMLButtonElement>(el, '[part~="confirm"]')!.click();
      await until(() => text(el, '[part~="confirmation"] h3') === l.cancelled, `${l.lang} cancelled`);
      await expect(el).to.be.accessible();
    });
  }
});
