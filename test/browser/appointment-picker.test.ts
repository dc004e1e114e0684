import { expect, oneEvent } from '@open-wc/testing';
import { useMockServer } from './mock-server.js';
import { part, record, received, until } from './support.js';
import {
  active,
  bookingApi,
  dailySlots,
  fill,
  holdTime,
  picker,
  radios,
  submit,
  text,
  texts,
  useClockAt,
  slotsAt,
} from './appointment-picker.helpers.js';

useMockServer();
const fakeClock = useClockAt();

describe('<appointment-picker> list layout and booking', function () {
  // Several axe runs per test: on a loaded CI machine each takes seconds.
  this.timeout(30_000);

  it('lists the next days with free times, each a heading over a native radio group', async () => {
    const api = bookingApi(dailySlots('2030-03-06', '2030-03-07'));
    const el = await picker('list');
    expect(texts(el, '[part~="times"] legend')).to.deep.equal(['Wednesday, March 6', 'Thursday, March 7']);
    expect(el.shadowRoot!.querySelectorAll('[part~="times"] legend h3')).to.have.length(2);
    expect(texts(el, '[part~="times"][data-day="2030-03-06"] [part~="time"]')).to.deep.equal([
      '9:00 AM',
      '10:00 AM',
      '2:30 PM',
    ]);
    expect(text(el, '[part~="zone-note"]')).to.equal('Times are in Central European Standard Time.');
    // A public service: no credential at all.
    expect(api.seen.slotAuth).to.deep.equal([null]);
    const query = api.seen.slotQueries[0]!;
    expect(query.get('service')).to.equal('derm');
    expect(query.get('from')).to.equal('2030-03-05T12:00:00.000Z');
    expect(query.get('tz')).to.equal('Europe/Berlin');
    await expect(el).to.be.accessible();
  });

  it("asks for no more than the server's longest range (62 days), also with a far max-date", async () => {
    const api = bookingApi(dailySlots('2030-03-06'));
    await picker('list', 'Europe/Berlin', { maxDate: '2031-01-01' });
    const query = api.seen.slotQueries.at(-1)!;
    const days = (Date.parse(query.get('to')!) - Date.parse(query.get('from')!)) / 86_400_000;
    expect(days).to.be.greaterThan(30);
    expect(days).to.be.at.most(62);
  });

  it('shows the first 6 times of a long day; "Show all 10 times" adds the rest and focuses the first it added', async () => {
    const starts = Array.from(
      { length: 10 },
      (_, i) => `2030-03-06T${String(7 + i).padStart(2, '0')}:00:00Z`,
    );
    bookingApi([...slotsAt(...starts), ...dailySlots('2030-03-07')]);
    const el = await picker('list');
    expect(radios(el, '2030-03-06')).to.have.length(6);
    // A short day has no button.
    expect(radios(el, '2030-03-07')).to.have.length(3);
    expect(el.shadowRoot!.querySelectorAll('[part~="all-times"]')).to.have.length(1);
    const all = part<HTMLButtonElement>(el, '[part~="times"][data-day="2030-03-06"] [part~="all-times"]')!;
    expect(all.textContent!.trim()).to.equal('Show all 10 times');
    await expect(el).to.be.accessible();
    all.click();
    await el.updateComplete;
    await el.updateComplete;
    expect(radios(el, '2030-03-06')).to.have.length(10);
    expect(part(el, '[part~="all-times"]') === null, 'no button').to.equal(true);
    expect(active(el) === radios(el, '2030-03-06')[6], 'focus on the 7th time').to.equal(true);
    // Still one native radio group per day.
    expect(new Set(radios(el, '2030-03-06').map((r) => r.name)).size).to.equal(1);
    await expect(el).to.be.accessible();
  });

  it('shows 10 days per page and "Show later dates" moves focus to the first new day', async () => {
    const days = Array.from({ length: 12 }, (_, i) => `2030-03-${String(6 + i).padStart(2, '0')}`);
    bookingApi(dailySlots(...days));
    const el = await picker('list');
    expect(el.shadowRoot!.querySelectorAll('[part~="times"]')).to.have.length(10);
    part<HTMLButtonElement>(el, '[part~="more"]')!.click();
    await el.updateComplete;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelectorAll('[part~="times"]')).to.have.length(12);
    expect(part(el, '[part~="more"]')).to.equal(null);
    expect(active(el)).to.equal(radios(el, '2030-03-16')[0]);
  });

  it('selects a time, holds it with a countdown, books it with an Idempotency-Key and confirms', async () => {
    const api = bookingApi(dailySlots('2030-03-06'));
    const el = await picker('list');
    const selects = record(el, 'vc-slot-select');
    radios(el, '2030-03-06')[1]!.click();
    await el.updateComplete;
    expect(selects.map((e) => e.detail)).to.deep.equal([
      { start: '2030-03-06T09:00:00.000Z', end: '2030-03-06T09:30:00.000Z' },
    ]);
    expect(api.seen.holds).to.have.length(0);
    const held = oneEvent(el, 'vc-slot-held');
    part<HTMLButtonElement>(el, '[part~="reserve"]')!.click();
    expect((await held).detail).to.deep.equal({
      start: '2030-03-06T09:00:00.000Z',
      end: '2030-03-06T09:30:00.000Z',
      holdId: 'hold-1',
      expiresAt: '2030-03-05T12:05:00.000Z',
    });
    await el.updateComplete;
    expect(api.seen.holds[0]!.body).to.deep.equal({
      service: 'derm',
      start: '2030-03-06T09:00:00.000Z',
      clinician: 'dr-a',
    });
    expect(text(el, '[part~="when"]')).to.equal(
      'Wednesday, March 6, 10:00 AM (Central European Standard Time)',
    );
    expect(text(el, '[part~="countdown"]')).to.equal('We are holding this time for you: 5:00 left.');
    expect(active(el)).to.equal(part(el, '#field-name'));
    fakeClock().tick(61_000);
    await el.updateComplete;
    expect(text(el, '[part~="countdown"]')).to.equal('We are holding this time for you: 3:59 left.');
    await expect(el).to.be.accessible();

    fill(el, { name: 'Ada Patient', email: 'ada@example.com' });
    const booked = oneEvent(el, 'vc-booked');
    submit(el);
    expect((await booked).detail).to.deep.equal({
      appointment: 'appt-1',
      start: '2030-03-06T09:00:00.000Z',
      end: '2030-03-06T09:30:00.000Z',
      joinAvailableFrom: '2030-03-06T08:50:00.000Z',
      calendarUrl: 'https://consult.example.test/v1/appointments/appt-1/calendar.ics',
      capability: 'vca_capability-token-1',
    });
    expect(api.seen.bookings).to.have.length(1);
    expect(api.seen.bookings[0]!.key).to.match(/^[0-9a-f-]{36}$/);
    expect(api.seen.bookings[0]!.body).to.deep.equal({
      holdId: 'hold-1',
      holdSecret: 'secret-1',
      patient: { name: 'Ada Patient', email: 'ada@example.com' },
    });
    // A public service: the hold opened an anonymous booking session, which the booking sends back.
    expect(api.seen.sessions).to.deep.equal([null, 'vcs_session-1']);
    await el.updateComplete;
    expect(text(el, '[part~="confirmation"] h3')).to.equal('Your video visit is booked');
    expect(active(el)).to.equal(part(el, '#booked-title'));
    await expect(el).to.be.accessible();
  });

  it('says before booking when a held time is too soon to change online afterwards', async () => {
    // The fake's cut-off is 4 hours: 14:00 UTC today (2 hours away) is inside it, tomorrow's times are not.
    const api = bookingApi([...slotsAt('2030-03-05T14:00:00Z'), ...dailySlots('2030-03-06')]);
    const el = await picker('list');
    const soon =
      'This time is soon: once it is booked, you cannot change or cancel it online. To change it, please call the clinic.';
    await holdTime(el, '2030-03-06');
    expect(texts(el, '[part~="hold"] [part~="closed"]')).to.deep.equal([]);
    part<HTMLButtonElement>(el, '[part~="hold"] [part~="change"]')!.click();
    await until(() => radios(el, '2030-03-05').length, 'the times again');
    await holdTime(el, '2030-03-05');
    expect(api.seen.holds.map((h) => (h.body as { start: string }).start)).to.deep.equal([
      '2030-03-06T08:00:00.000Z',
      '2030-03-05T14:00:00.000Z',
    ]);
    expect(texts(el, '[part~="hold"] [part~="closed"]')).to.deep.equal([soon]);
    // Before the form: read before the patient types their details.
    const notice = part(el, '[part~="hold"] [part~="closed"]')!;
    const form = part(el, '[part~="form"]')!;
    expect(notice.compareDocumentPosition(form) & Node.DOCUMENT_POSITION_FOLLOWING).to.not.equal(0);
    await expect(el).to.be.accessible();
  });

  it('sends the same Idempotency-Key again after a dropped answer, and books once', async () => {
    const api = bookingApi(dailySlots('2030-03-06'));
    const el = await picker('list');
    await holdTime(el, '2030-03-06');
    fill(el, { name: 'Ada Patient', phone: '+49 30 1234567' });
    api.dropNextBooking = true;
    submit(el);
    await until(() => part(el, '[part~="uncertain"]'), 'the uncertain state');
    await el.updateComplete;
    expect(text(el, '[part~="book"]')).to.equal('Try again');
    await expect(el).to.be.accessible();
    const booked = oneEvent(el, 'vc-booked');
    submit(el);
    await booked;
    expect(api.seen.bookings).to.have.length(2);
    expect(api.seen.bookings[1]!.key).to.equal(api.seen.bookings[0]!.key);
    expect(api.seen.bookings[1]!.body).to.deep.equal(api.seen.bookings[0]!.body);
    expect(api.seen.made.size).to.equal(1);
  });

  it('uses a fresh key for every new booking, never one from another picker', async () => {
    const api = bookingApi(dailySlots('2030-03-06'));
    const el = await picker('list');
    await holdTime(el, '2030-03-06');
    fill(el, { name: 'Ada', email: 'ada@example.com' });
    submit(el);
    await until(() => part(el, '[part~="confirmation"]'));
    expect(api.seen.bookings).to.have.length(1);
    const first = api.seen.bookings[0]!.key;
    // A second picker's attempt is a new intent.
    const other = await picker('list');
    await holdTime(other, '2030-03-06', 1);
    fill(other, { name: 'Bea', email: 'bea@example.com' });
    submit(other);
    await until(() => part(other, '[part~="confirmation"]'));
    expect(api.seen.bookings[1]!.key).not.to.equal(first);
  });

  it('ties validation messages to their fields and sends nothing until they are mended', async () => {
    const api = bookingApi(dailySlots('2030-03-06'));
    const el = await picker('list');
    await holdTime(el, '2030-03-06');
    submit(el);
    await el.updateComplete;
    await el.updateComplete;
    const name = part<HTMLInputElement>(el, '#field-name')!;
    const email = part<HTMLInputElement>(el, '#field-email')!;
    expect(name.getAttribute('aria-invalid')).to.equal('true');
    expect(name.getAttribute('aria-describedby')).to.equal('name-error');
    expect(text(el, '#name-error')).to.equal('Please enter your name.');
    expect(email.getAttribute('aria-describedby')).to.equal('email-error contact-hint');
    expect(text(el, '#email-error')).to.equal('Please enter an email address or a phone number.');
    expect(name.autocomplete).to.equal('name');
    expect(email.autocomplete).to.equal('email');
    expect(part<HTMLInputElement>(el, '#field-phone')!.autocomplete).to.equal('tel');
    expect(active(el)).to.equal(name);
    expect(api.seen.bookings).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it("shows the server's field errors at their fields", async () => {
    const api = bookingApi(dailySlots('2030-03-06'));
    const { worker } = await import('./mock-server.js');
    const { http, HttpResponse } = await import('msw');
    worker.use(
      http.post('https://consult.example.test/v1/appointments', () =>
        HttpResponse.json(
          {
            type: 'x',
            title: 'x',
            status: 400,
            code: 'bad-request',
            errors: [{ path: 'patient.email', message: 'expected email' }],
          },
          { status: 400, headers: { 'Content-Type': 'application/problem+json' } },
        ),
      ),
    );
    const el = await picker('list');
    await holdTime(el, '2030-03-06');
    fill(el, { name: 'Ada', email: 'ada@example.com' });
    submit(el);
    await until(() => part(el, '#email-error'));
    expect(text(el, '#email-error')).to.equal('Please enter a valid email address, like name@example.com.');
    expect(active(el)).to.equal(part(el, '#field-email'));
    expect(part(el, '[part~="countdown"]')).not.to.equal(null);
    expect(api.seen.made.size).to.equal(0);
  });

  it('refreshes the times and says so when the chosen time was taken', async () => {
    const api = bookingApi(dailySlots('2030-03-06'));
    const el = await picker('list');
    radios(el, '2030-03-06')[0]!.click();
    await el.updateComplete;
    api.taken.add('2030-03-06T08:00:00.000Z');
    const errors = record(el, 'vc-error');
    part<HTMLButtonElement>(el, '[part~="reserve"]')!.click();
    await received(errors);
    expect(errors[0]!.detail.code).to.equal('slot-taken');
    await until(() => api.seen.slotQueries.length === 2, 'a second slots fetch');
    await until(() => radios(el, '2030-03-06').length === 2, 'fresh times');
    expect(text(el, '[part~="status"]')).to.equal(
      'Sorry, someone else has just booked that time. Please choose another one.',
    );
    expect(part(el, '[part~="status"]')!.getAttribute('role')).to.equal('status');
    expect(active(el)).to.equal(radios(el, '2030-03-06')[0]);
    await expect(el).to.be.accessible();
  });

  it('takes a slot-taken answer to the booking back to fresh times', async () => {
    const api = bookingApi(dailySlots('2030-03-06'));
    const el = await picker('list');
    await holdTime(el, '2030-03-06');
    api.taken.add('2030-03-06T08:00:00.000Z');
    fill(el, { name: 'Ada', email: 'ada@example.com' });
    submit(el);
    await until(() => radios(el, '2030-03-06').length === 2, 'fresh times');
    expect(text(el, '[part~="status"]')).to.contain('someone else has just booked');
  });

  it('warns a minute before the hold ends, then says it ran out and offers to choose again', async () => {
    const api = bookingApi(dailySlots('2030-03-06'));
    const el = await picker('list');
    await holdTime(el, '2030-03-06');
    const expiring = record(el, 'vc-hold-expiring');
    const expired = record(el, 'vc-hold-expired');
    fakeClock().tick(239_000);
    expect(expiring).to.have.length(0);
    fakeClock().tick(1_000);
    expect(expiring.map((e) => e.detail)).to.deep.equal([
      { holdId: 'hold-1', expiresAt: '2030-03-05T12:05:00.000Z' },
    ]);
    await el.updateComplete;
    expect(text(el, '[part~="status"]')).to.equal('One minute left to book this time.');
    expect(text(el, '[part~="countdown"]')).to.equal('We are holding this time for you: 1:00 left.');
    fakeClock().tick(59_999);
    expect(expired).to.have.length(0);
    fakeClock().tick(1);
    expect(expired).to.have.length(1);
    await el.updateComplete;
    expect(text(el, '[part~="hold"] h3')).to.equal('The time we held for you has run out');
    expect(active(el)).to.equal(part(el, '#hold-title'));
    await expect(el).to.be.accessible();
    part<HTMLButtonElement>(el, '[part~="change"]')!.click();
    await until(() => api.seen.slotQueries.length === 2, 'fresh times');
    await until(() => radios(el).length > 0);
    // An expired hold is not released: it is gone already.
    expect(api.seen.releases).to.deep.equal([]);
  });

  it('releases the hold with its secret when the patient chooses another time', async () => {
    const api = bookingApi(dailySlots('2030-03-06'));
    const el = await picker('list');
    await holdTime(el, '2030-03-06');
    part<HTMLButtonElement>(el, '[part~="change"]')!.click();
    await until(() => api.seen.releases.length === 1, 'the release');
    expect(api.seen.releases).to.deep.equal([{ id: 'hold-1', secret: 'secret-1' }]);
    await el.updateComplete;
    expect(active(el)).to.equal(radios(el, '2030-03-06')[0]);
  });
});
