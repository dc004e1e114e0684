import { expect } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import type { AppointmentPicker } from '../../src/components/appointment-picker/appointment-picker.js';
import { bookingSteps } from '../../src/components/appointment-picker/booking-loader.js';
import { useMockServer, worker } from './mock-server.js';
import { SERVER, part, record, received, until } from './support.js';
import {
  BOOKING_STEPS,
  TOKEN,
  appointmentAt,
  bookingApi,
  dailySlots,
  useClockAt,
} from './appointment-picker.helpers.js';

// A file of its own: the booking steps must not have loaded in this page before (a module loads once per page).

useMockServer();
useClockAt();

describe('<appointment-picker> managing an appointment when its booking steps cannot load', function () {
  this.timeout(30_000);

  it('says so once for an appointment to manage, asks again only at "Try again", then shows it', async () => {
    const api = bookingApi(dailySlots('2030-03-06'));
    api.appointments.set('appt-1', { view: appointmentAt('2030-03-06T09:00:00.000Z'), token: TOKEN });
    let refuse = true;
    worker.use(http.get(BOOKING_STEPS, () => (refuse ? HttpResponse.error() : undefined)));
    // Every load the picker asks for (the loader is shared by all pickers on the page).
    const load = bookingSteps.load;
    let loads = 0;
    bookingSteps.load = () => (loads++, load());
    try {
      const el = document.createElement('appointment-picker') as AppointmentPicker;
      Object.assign(el, { server: SERVER, service: 'derm', layout: 'list', appointment: 'appt-1' });
      el.appointmentToken = TOKEN;
      const errors = record(el, 'vc-error');
      document.body.append(el);
      await received(errors);
      // The update the failure asked for, and one more: neither may start another load on its own.
      await el.updateComplete;
      await el.updateComplete;
      expect(errors.map((e) => e.detail.code)).to.deep.equal(['chunk-unavailable']);
      expect(loads).to.equal(1);
      expect(part(el, '[part~="error"]')!.getAttribute('role')).to.equal('alert');

      refuse = false;
      part<HTMLButtonElement>(el, '[part~="retry"]')!.click();
      await until(() => part(el, '[part~="confirmation"]'), 'the appointment');
      expect(loads).to.equal(2);
      expect(errors).to.have.length(1);
      el.remove();
    } finally {
      bookingSteps.load = load;
    }
  });
});
