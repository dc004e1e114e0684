import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import type { AppointmentPicker } from '../../src/components/appointment-picker/appointment-picker.js';
import { useMockServer, worker } from './mock-server.js';
import { SERVER, part, record, until } from './support.js';
import {
  TOKEN,
  active,
  appointmentAt,
  bookingApi,
  dailySlots,
  fill,
  holdTime,
  loaded,
  picker,
  radios,
  submit,
  text,
  texts,
  useClockAt,
} from './appointment-picker.helpers.js';

useMockServer();
const fakeClock = useClockAt();

const BOOKED_AT = '2030-03-06T09:00:00.000Z';

/** The fake with appointment `appt-1` at `start`, and free times on 6 and 7 March. */
const withAppointment = (start = BOOKED_AT) => {
  const api = bookingApi(dailySlots('2030-03-06', '2030-03-07'));
  api.appointments.set('appt-1', { view: appointmentAt(start), token: TOKEN });
  return api;
};

/** A picker opened on `appt-1` with its token (a property); resolves once the appointment shows. */
const managed = async (token = TOKEN) => {
  const el = await fixture<AppointmentPicker>(
    html`<appointment-picker
      server=${SERVER}
      service="derm"
      layout="list"
      timezone="Europe/Berlin"
      appointment="appt-1"
      .appointmentToken=${token}
    ></appointment-picker>`,
  );
  await until(() => part(el, '[part~="confirmation"], [part~="error"]'), 'the appointment');
  await el.updateComplete;
  return el;
};

const click = async (el: AppointmentPicker, selector: string) => {
  part<HTMLButtonElement>(el, selector)!.click();
  await el.updateComplete;
  await el.updateComplete;
};

/** "Choose another time", then once the times show, holds the `index`th of `day`. */
const holdNewTime = async (el: AppointmentPicker, day = '2030-03-07', index = 0) => {
  await click(el, '[part~="change"]');
  await loaded(el);
  await holdTime(el, day, index);
};

describe('<appointment-picker> reschedule and cancel', function () {
  this.timeout(30_000);

  it('opens on a given appointment with its token in the header only, and loads no times until asked', async () => {
    const api = withAppointment();
    const el = await managed();
    expect(text(el, '[part~="confirmation"] h3')).to.equal('Video visit');
    expect(text(el, '[part~="when"]')).to.equal(
      'Wednesday, March 6, 10:00 AM (Central European Standard Time)',
    );
    expect(texts(el, '[part~="change"], [part~="cancel"]')).to.deep.equal([
      'Choose another time',
      'Cancel visit',
    ]);
    expect(api.seen.manage).to.deep.equal([
      {
        method: 'GET',
        url: `${SERVER}/v1/appointments/appt-1`,
        authorization: `Bearer ${TOKEN}`,
        key: null,
        body: undefined,
      },
    ]);
    expect(api.seen.slotQueries).to.have.length(0);
    expect(el.getAttributeNames()).to.not.include('appointment-token');
    expect(el.outerHTML).to.not.contain(TOKEN);
    await expect(el).to.be.accessible();
  });

  it('reschedules: keeps the current time in view and out of the list, holds a new one, moves it with an Idempotency-Key', async () => {
    const api = withAppointment();
    const el = await managed();
    await click(el, '[part~="change"]');
    await loaded(el);
    await until(() => radios(el).length, 'the times');
    await el.updateComplete;
    expect(text(el, '[part~="current"] p')).to.equal(
      'Your visit is booked for Wednesday, March 6, 10:00 AM (Central European Standard Time).',
    );
    expect(active(el) === radios(el)[0], 'focus').to.equal(true);
    // The visit's own time is not offered as another time (the fake lists it free, as for another clinician).
    expect(radios(el, '2030-03-06').map((radio) => radio.value)).to.deep.equal([
      '2030-03-06T08:00:00.000Z',
      '2030-03-06T13:30:00.000Z',
    ]);
    await expect(el).to.be.accessible();

    await holdTime(el, '2030-03-07', 1);
    // The appointment has its patient: no fields, one button that moves it.
    expect(part(el, '#field-name')).to.equal(null);
    expect(text(el, '[part~="book"]')).to.equal('Move my visit to this time');
    await expect(el).to.be.accessible();
    const moved = oneEvent(el, 'vc-rescheduled');
    submit(el);
    expect((await moved).detail).to.deep.equal({
      appointment: 'appt-1',
      start: '2030-03-07T09:00:00.000Z',
      end: '2030-03-07T09:30:00.000Z',
      previousStart: BOOKED_AT,
      previousEnd: '2030-03-06T09:30:00.000Z',
    });
    const patch = api.seen.manage.find((r) => r.method === 'PATCH')!;
    expect(patch.authorization).to.equal(`Bearer ${TOKEN}`);
    expect(patch.key).to.match(/^[0-9a-f-]{36}$/);
    expect(patch.body).to.deep.equal({ holdId: 'hold-1', holdSecret: 'secret-1' });
    await el.updateComplete;
    expect(text(el, '[part~="confirmation"] h3')).to.equal('Your video visit has been moved');
    expect(text(el, '[part~="status"]')).to.equal('Your video visit has been moved');
    expect(text(el, '[part~="when"]')).to.equal(
      'Thursday, March 7, 10:00 AM (Central European Standard Time)',
    );
    expect(active(el) === part(el, '#booked-title'), 'focus').to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('"Keep my visit as it is" goes back to the appointment unchanged', async () => {
    const api = withAppointment();
    const el = await managed();
    await click(el, '[part~="change"]');
    await loaded(el);
    await click(el, '[part~="current"] [part~="keep"]');
    expect(text(el, '[part~="confirmation"] h3')).to.equal('Video visit');
    expect(active(el) === part(el, '#booked-title'), 'focus').to.equal(true);
    expect(api.seen.manage.map((r) => r.method)).to.deep.equal(['GET']);
  });

  it('sends the same Idempotency-Key again when a move lost its answer, and moves once', async () => {
    const api = withAppointment();
    const el = await managed();
    await holdNewTime(el);
    api.dropNextMove = true;
    submit(el);
    await until(() => part(el, '[part~="uncertain"]'), 'the uncertain state');
    const moved = oneEvent(el, 'vc-rescheduled');
    submit(el);
    await moved;
    const keys = api.seen.manage.filter((r) => r.method === 'PATCH').map((r) => r.key);
    expect(keys).to.have.length(2);
    expect(keys[1]).to.equal(keys[0]);
    expect(api.appointments.get('appt-1')!.view.sequence).to.equal(1);
  });

  it('cancels after an inline confirmation that focuses "Keep my visit as it is"', async () => {
    const api = withAppointment();
    const el = await managed();
    await click(el, '[part~="cancel"]');
    const group = part(el, '[part~="confirm-cancel"]')!;
    expect(group.getAttribute('role')).to.equal('group');
    expect(text(el, '#confirm-question')).to.equal('Cancel this video visit?');
    expect(active(el) === part(el, '[part~="keep"]'), 'focus').to.equal(true);
    await expect(el).to.be.accessible();

    await click(el, '[part~="keep"]');
    expect(part(el, '[part~="confirm-cancel"]')).to.equal(null);
    expect(active(el) === part(el, '#booked-title'), 'focus').to.equal(true);
    expect(api.seen.manage.map((r) => r.method)).to.deep.equal(['GET']);

    await click(el, '[part~="cancel"]');
    const cancelled = oneEvent(el, 'vc-cancelled');
    part<HTMLButtonElement>(el, '[part~="confirm"]')!.click();
    expect((await cancelled).detail).to.deep.equal({
      appointment: 'appt-1',
      start: BOOKED_AT,
      end: '2030-03-06T09:30:00.000Z',
    });
    const del = api.seen.manage.at(-1)!;
    expect([del.method, del.url, del.authorization]).to.deep.equal([
      'DELETE',
      `${SERVER}/v1/appointments/appt-1`,
      `Bearer ${TOKEN}`,
    ]);
    await el.updateComplete;
    expect(text(el, '[part~="confirmation"] h3')).to.equal('Your video visit is cancelled');
    expect(text(el, '[part~="status"]')).to.equal('Your video visit is cancelled');
    expect(part(el, '[part~="change"], [part~="cancel"]')).to.equal(null);
    expect(active(el) === part(el, '#booked-title'), 'focus').to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('opened with a ticket-url, fetches a fresh ticket for a change made after the first one expired', async () => {
    const api = withAppointment();
    let fetched = 0;
    worker.use(http.get('/ticket', () => HttpResponse.text(`patient-ticket-${++fetched}`)));
    api.appointments.get('appt-1')!.token = 'patient-ticket-1';
    const el = await fixture<AppointmentPicker>(
      html`<appointment-picker
        server=${SERVER}
        service="derm"
        layout="list"
        timezone="Europe/Berlin"
        appointment="appt-1"
        ticket-url="/ticket"
      ></appointment-picker>`,
    );
    await until(() => part(el, '[part~="confirmation"]'), 'the appointment');
    // The first ticket has expired by the time the patient decides: the server takes only a new one.
    api.appointments.get('appt-1')!.token = 'patient-ticket-2';
    await click(el, '[part~="cancel"]');
    const cancelled = oneEvent(el, 'vc-cancelled');
    part<HTMLButtonElement>(el, '[part~="confirm"]')!.click();
    await cancelled;
    expect(api.seen.manage.map((r) => [r.method, r.authorization])).to.deep.equal([
      ['GET', 'Bearer patient-ticket-1'],
      ['DELETE', 'Bearer patient-ticket-2'],
    ]);
  });

  it('says to call the clinic when the server refuses a cancel past the cut-off', async () => {
    const api = withAppointment();
    const el = await managed();
    const errors = record(el, 'vc-error');
    api.closed = true;
    await click(el, '[part~="cancel"]');
    part<HTMLButtonElement>(el, '[part~="confirm"]')!.click();
    await until(() => part(el, '[part~="closed"]'), 'the cut-off message');
    await el.updateComplete;
    const message = 'It is too close to the visit to change it online. Please call the clinic.';
    expect(text(el, '[part~="closed"]')).to.equal(message);
    expect(text(el, '[part~="status"]')).to.equal(message);
    expect(errors.map((e) => e.detail.code)).to.deep.equal(['cancel-window-closed']);
    expect(part(el, '[part~="change"], [part~="cancel"], [part~="confirm"]')).to.equal(null);
    expect(active(el) === part(el, '#booked-title'), 'focus').to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('gives the held time back when the server refuses a move past the cut-off', async () => {
    const api = withAppointment();
    const el = await managed();
    await holdNewTime(el);
    api.closed = true;
    submit(el);
    await until(() => part(el, '[part~="closed"]'), 'the cut-off message');
    await until(() => api.seen.releases.length, 'the release');
    expect(api.seen.releases).to.deep.equal([{ id: 'hold-1', secret: 'secret-1' }]);
    expect(text(el, '[part~="when"]')).to.equal(
      'Wednesday, March 6, 10:00 AM (Central European Standard Time)',
    );
  });

  it("offers no change past the appointment's changeableUntil, without asking the server", async () => {
    // Today 14:00 UTC: the 4-hour cut-off passed at 10:00, the clock says 12:00.
    const api = withAppointment('2030-03-05T14:00:00.000Z');
    const el = await managed();
    expect(text(el, '[part~="closed"]')).to.equal(
      'It is too close to the visit to change it online. Please call the clinic.',
    );
    expect(part(el, '[part~="change"], [part~="cancel"]')).to.equal(null);
    expect(api.seen.manage).to.have.length(1);
    await expect(el).to.be.accessible();
  });

  it('shows an already cancelled appointment as cancelled', async () => {
    const api = withAppointment();
    api.appointments.get('appt-1')!.view.status = 'cancelled';
    const el = await managed();
    expect(text(el, '[part~="confirmation"] h3')).to.equal('Your video visit is cancelled');
    expect(part(el, '[part~="cancel"]')).to.equal(null);
  });

  it('says so when the token is refused', async () => {
    withAppointment();
    const el = await managed('vca_other');
    expect(part(el, '[part~="error"]')!.getAttribute('role')).to.equal('alert');
    expect(part(el, '[part~="confirmation"]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('never reads an appointment-token attribute: removes it, warns without the value, sends nothing', async () => {
    const api = withAppointment();
    const warnings: unknown[][] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      const el = await fixture<AppointmentPicker>(
        html`<appointment-picker
          server=${SERVER}
          service="derm"
          appointment="appt-1"
          appointment-token=${TOKEN}
        ></appointment-picker>`,
      );
      await until(() => part(el, '[part~="error"]'), 'the missing credential');
      expect(el.hasAttribute('appointment-token')).to.equal(false);
      expect(el.appointmentToken).to.equal(undefined);
      expect(api.seen.manage).to.have.length(0);
      const said = warnings.flat().map(String).join(' ');
      expect(said).to.contain('appointmentToken');
      expect(said).to.not.contain(TOKEN);
    } finally {
      console.warn = original;
    }
  });

  it('offers both right after booking, with the new token in headers and never in a URL', async () => {
    const api = bookingApi(dailySlots('2030-03-06', '2030-03-07'));
    const el = await picker('list');
    await holdTime(el, '2030-03-06');
    fill(el, { name: 'Ada Patient', email: 'ada@example.com' });
    const booked = oneEvent(el, 'vc-booked');
    submit(el);
    await booked;
    await el.updateComplete;
    expect(texts(el, '[part~="change"], [part~="cancel"]')).to.deep.equal([
      'Choose another time',
      'Cancel visit',
    ]);
    await holdNewTime(el, '2030-03-07', 2);
    const moved = oneEvent(el, 'vc-rescheduled');
    submit(el);
    expect((await moved).detail.start).to.equal('2030-03-07T13:30:00.000Z');
    expect(api.seen.manage.map((r) => [r.method, r.authorization])).to.deep.equal([
      ['PATCH', `Bearer ${TOKEN}`],
    ]);
    const urls = [...api.seen.manage.map((r) => r.url), ...api.seen.slotQueries.map((q) => q.toString())];
    for (const url of urls) expect(url).to.not.contain(TOKEN);
    expect(el.outerHTML).to.not.contain(TOKEN);
  });

  it('keeps its layout right to left, clean for axe', async () => {
    document.documentElement.dir = 'rtl';
    try {
      withAppointment();
      const el = await managed();
      expect(getComputedStyle(part(el, '[part~="confirmation"]')!).direction).to.equal('rtl');
      await click(el, '[part~="cancel"]');
      expect(active(el) === part(el, '[part~="keep"]'), 'focus').to.equal(true);
      await expect(el).to.be.accessible();
    } finally {
      document.documentElement.dir = '';
    }
  });
});

describe('<appointment-picker> slots revalidation', function () {
  this.timeout(30_000);

  it('sends If-None-Match on a refresh and keeps its times on 304', async () => {
    const api = bookingApi(dailySlots('2030-03-06'));
    const el = await picker('list');
    const before = radios(el).map((radio) => radio.value);
    expect(before).to.have.length(3);
    api.holdSeconds = 60;
    await holdTime(el, '2030-03-06');
    fakeClock().tick(61_000);
    await until(() => part(el, '[part~="change"]'), 'the hold ran out');
    await click(el, '[part~="change"]');
    await until(() => api.seen.slotTags.length === 2, 'the refresh');
    await loaded(el);
    expect(api.seen.slotTags[0]).to.equal(null);
    expect(String(api.seen.slotTags[1])).to.match(/^"\w+"$/);
    // The same query (its `from` on the quarter hour): the 304 kept the times.
    expect(api.seen.slotQueries[1]!.toString()).to.equal(api.seen.slotQueries[0]!.toString());
    expect(radios(el).map((radio) => radio.value)).to.deep.equal(before);
    expect(part(el, '[part~="error"]') === null, 'no error').to.equal(true);
  });

  it('takes the new times when they changed (200 with a new ETag)', async () => {
    const api = bookingApi(dailySlots('2030-03-06'));
    const el = await picker('list');
    api.taken.add('2030-03-06T08:00:00.000Z');
    radios(el, '2030-03-06')[0]!.click();
    await el.updateComplete;
    part<HTMLButtonElement>(el, '[part~="reserve"]')!.click();
    await until(() => api.seen.slotTags.length === 2, 'the refresh');
    await until(() => radios(el).length === 2, 'the fresh times');
    expect(String(api.seen.slotTags[1])).to.match(/^"\w+"$/);
  });
});
