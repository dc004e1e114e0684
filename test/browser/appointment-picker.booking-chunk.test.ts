import { expect } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import { useMockServer, worker } from './mock-server.js';
import { part, record, received, until } from './support.js';
import { bookingApi, dailySlots, picker, radios, text, useClockAt } from './appointment-picker.helpers.js';

// A file of its own: its booking steps must not have loaded in this page before (a module loads once per page).

useMockServer();
useClockAt();

/** The booking steps' module (booking-controller.ts; in the script tag's build chunks/appointment-booking.js). */
const BOOKING_STEPS = /\/appointment-picker\/booking-controller\.ts$/;

describe('<appointment-picker> when its booking steps cannot load', function () {
  this.timeout(30_000);

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
    const message = 'The video visit cannot be started from this page. Please contact your care team.';
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
