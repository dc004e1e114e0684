import { expect } from '@open-wc/testing';
import { http } from 'msw';
import { bookingSteps } from '../../src/components/appointment-picker/booking-loader.js';
import { useMockServer, worker } from './mock-server.js';
import { part, until } from './support.js';
import {
  BOOKING_STEPS,
  bookingApi,
  dailySlots,
  picker,
  radios,
  useClockAt,
} from './appointment-picker.helpers.js';

// The picker loads in two stages: what shows the free times, and its booking steps (booking-controller.ts, in the
// script tag's build chunks/appointment-booking.js) once a time is chosen. A file of its own: a module loads once
// per page, and here it must not have loaded before the test.

useMockServer();
useClockAt();

describe('<appointment-picker> in two stages', function () {
  this.timeout(30_000);

  it('shows the times without the booking steps, fetches them when a time is chosen, and Reserve waits for them', async () => {
    const requested: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    worker.use(
      // Held back until released, then on to the test server (undefined), which serves the module.
      http.get(BOOKING_STEPS, async ({ request }) => {
        requested.push(request.url);
        await gate;
        return undefined;
      }),
    );
    const api = bookingApi(dailySlots('2030-03-06'));
    const el = await picker('list');
    expect(radios(el)).to.have.length(3);
    expect(requested, 'times shown, nothing chosen').to.deep.equal([]);
    expect(bookingSteps.loaded()).to.equal(undefined);

    // What the status line says from now on: the steps' arrival is no news for a screen reader.
    const status = part(el, '[part~="status"]')!;
    const said: string[] = [];
    new MutationObserver(() => said.push(status.textContent!.trim())).observe(status, {
      childList: true,
      characterData: true,
      subtree: true,
    });
    radios(el)[1]!.click();
    await until(() => requested.length === 1, 'the booking steps requested');
    // Nothing pressed yet: the choice alone asked for them.
    expect(api.seen.holds).to.deep.equal([]);
    const reserve = () => part<HTMLButtonElement>(el, '[part~="reserve"]')!;
    expect(reserve().getAttribute('aria-busy')).to.equal('false');
    // Pressed while they are still on their way: busy, and the press is kept.
    reserve().click();
    await el.updateComplete;
    expect(reserve().getAttribute('aria-busy')).to.equal('true');
    expect(reserve().textContent!.trim()).to.equal('Holding this time…');
    expect(api.seen.holds).to.deep.equal([]);
    release();
    await until(() => part(el, '[part~="hold"]'), 'the hold');
    expect(api.seen.holds).to.have.length(1);
    expect(requested).to.have.length(1);
    expect(said).not.to.include('Loading free times…');
  });
});
