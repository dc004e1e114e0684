import { expect, fixture, html } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import { useMockServer, worker } from './mock-server.js';
import { part, record, received, until } from './support.js';
import {
  BOOKING_STEPS,
  bookingApi,
  dailySlots,
  inLanguage,
  picker,
  radios,
  text,
  useClockAt,
} from './appointment-picker.helpers.js';

// A file of its own: its booking steps must not have loaded in this page before (a module loads once per page).

useMockServer();
useClockAt();

describe('<appointment-picker> when its booking steps cannot load', function () {
  this.timeout(30_000);

  // First: the steps must not have loaded yet, and the next test (English) loads them at last.
  it("says so in the page's language (de), in the picker's own words about booking", async () => {
    bookingApi(dailySlots('2030-03-06'));
    worker.use(http.get(BOOKING_STEPS, () => HttpResponse.error()));
    const el = await inLanguage('de');
    // German has loaded (its own file) once the times speak it.
    await until(() => text(el, '[part~="zone-note"]').startsWith('Zeiten'), 'the German zone note');
    const errors = record(el, 'vc-error');
    radios(el)[0]!.click();
    await el.updateComplete;
    part<HTMLButtonElement>(el, '[part~="reserve"]')!.click();
    await received(errors);
    await el.updateComplete;
    const message =
      'Die Buchung kann nicht weitergehen: Ein Teil dieser Seite wurde nicht geladen. Bitte prüfen Sie Ihre ' +
      'Internetverbindung und versuchen Sie es noch einmal, oder rufen Sie die Praxis an.';
    expect(errors.map((e) => e.detail)).to.deep.equal([{ code: 'chunk-unavailable', message }]);
    expect(text(el, '[part~="error"] p')).to.equal(message);
    // Back to English for the test that follows.
    await fixture(html`<div lang="en"><appointment-picker></appointment-picker></div>`);
  });

  it('says so at "Reserve this time", with vc-error chunk-unavailable, and a later press loads them', async () => {
    const api = bookingApi(dailySlots('2030-03-06'));
    let refuse = true;
    const asked: string[] = [];
    worker.use(
      http.get(BOOKING_STEPS, ({ request }) => {
        asked.push(request.url);
        // Undefined: on to the test server, which serves the module.
        return refuse ? HttpResponse.error() : undefined;
      }),
    );
    const el = await picker('list');
    const errors = record(el, 'vc-error');
    radios(el)[0]!.click();
    // Fetched at the choice; its failure waits for the press.
    await until(() => asked.length === 1, 'the booking steps requested');
    const reserve = () => part<HTMLButtonElement>(el, '[part~="reserve"]')!;
    reserve().click();
    await received(errors);
    expect(errors.map((e) => e.detail.code)).to.deep.equal(['chunk-unavailable']);
    await el.updateComplete;
    // The picker's own words (a patient is booking), not the shared ones about starting a video visit.
    const message =
      'Booking cannot go on: part of this page did not load. Please check your internet connection and try again, ' +
      'or call the clinic.';
    expect(errors[0]!.detail.message).to.equal(message);
    expect(part(el, '[part~="error"]')!.getAttribute('role')).to.equal('alert');
    expect(text(el, '[part~="error"] p')).to.equal(message);
    // The time stays chosen, the button ready for another press; no hold was asked for.
    expect(reserve().getAttribute('aria-busy')).to.equal('false');
    expect(api.seen.holds).to.deep.equal([]);
    await expect(el).to.be.accessible();

    refuse = false;
    reserve().click();
    await until(() => part(el, '[part~="hold"]'), 'the hold');
    expect(api.seen.holds).to.have.length(1);
    expect(part(el, '[part~="error"]')).to.equal(null);
    expect(errors).to.have.length(1);
  });
});
