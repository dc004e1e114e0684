import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { http, HttpResponse } from 'msw';
import type { AppointmentPicker } from '../../src/components/appointment-picker/appointment-picker.js';
import { problem, seen, useMockServer, worker } from './mock-server.js';
import { SERVER, part, record, received, until } from './support.js';
import {
  active,
  bookingApi,
  dailySlots,
  fill,
  holdTime,
  loaded,
  picker,
  radios,
  slotsAt,
  submit,
  text,
  useClockAt,
} from './appointment-picker.helpers.js';
import { serveVisit, visitAt, visitRequests } from './call-join-button.window-helpers.js';
import '../../src/components/call-join-button/define.js';

useMockServer();
useClockAt();

const SLOTS = `${SERVER}/v1/slots`;

describe('<appointment-picker> states', function () {
  // Several axe runs per test: on a loaded CI machine each takes seconds.
  this.timeout(30_000);

  it('shows a skeleton and says it is loading, announced politely', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    worker.use(
      http.get(SLOTS, () =>
        gate.then(() => HttpResponse.json({ service: 'derm', zone: 'Europe/Berlin', slots: [] })),
      ),
    );
    const el = await fixture<AppointmentPicker>(
      html`<appointment-picker
        server=${SERVER}
        service="derm"
        layout="list"
        timezone="Europe/Berlin"
      ></appointment-picker>`,
    );
    await until(() => part(el, '[part~="skeleton"]'));
    expect(part(el, '[part~="skeleton"]')!.getAttribute('aria-hidden')).to.equal('true');
    expect(part(el, '[part~="status"]')!.getAttribute('role')).to.equal('status');
    expect(text(el, '[part~="status"]')).to.equal('Loading free times…');
    await expect(el).to.be.accessible();
    release();
    await loaded(el);
    expect(text(el, '[part~="empty"]')).to.equal(
      'There are no free times at the moment. Please try again later or call the clinic.',
    );
    await expect(el).to.be.accessible();
  });

  it('shows a server error as an alert, without "Try again" where trying again cannot help', async () => {
    bookingApi(dailySlots('2030-03-06'));
    worker.use(http.get(SLOTS, () => problem(404, 'not-found')));
    const errors = record(document, 'vc-error');
    const el = await picker('list');
    const alert = part(el, '[part~="error"]')!;
    expect(alert.getAttribute('role')).to.equal('alert');
    expect(text(el, '[part~="error"] p')).to.equal(
      'Online booking is not available here right now. Please call the clinic.',
    );
    await received(errors);
    expect(errors[0]!.detail.code).to.equal('not-found');
    await expect(el).to.be.accessible();
    // not-found is not mended by retrying; a network failure is.
    expect(part(el, '[part~="retry"]')).to.equal(null);
  });

  it('offers "Try again" when offline and loads the times when it works again', async () => {
    let fail = true;
    bookingApi(dailySlots('2030-03-06'));
    worker.use(http.get(SLOTS, () => (fail ? HttpResponse.error() : undefined)));
    const el = await picker('list');
    expect(text(el, '[part~="error"] p')).to.equal(
      'We could not connect. Please check your internet connection and try again.',
    );
    await expect(el).to.be.accessible();
    fail = false;
    part<HTMLButtonElement>(el, '[part~="retry"]')!.click();
    await until(() => radios(el).length === 3, 'the times');
    expect(part(el, '[part~="error"]')).to.equal(null);
  });

  it('stops loading when taken off the page while the times load, and loads them when put back', async () => {
    const api = bookingApi(dailySlots('2030-03-06'));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let asked = 0;
    // The first request never answers in time; the next go on to the fake.
    worker.use(http.get(SLOTS, () => (asked++ === 0 ? gate.then(() => HttpResponse.error()) : undefined)));
    const el = await fixture<AppointmentPicker>(
      html`<appointment-picker
        server=${SERVER}
        service="derm"
        layout="list"
        timezone="Europe/Berlin"
      ></appointment-picker>`,
    );
    const errors = record(el, 'vc-error');
    await until(() => asked === 1, 'the first request');
    const parent = el.parentElement!;
    el.remove();
    // While it is out nothing is asked, also when what it would ask changes.
    el.service = 'derm';
    el.clinician = 'dr-a';
    await el.updateComplete;
    expect(asked).to.equal(1);
    parent.append(el);
    await loaded(el);
    expect(radios(el)).to.have.length(3);
    expect(asked).to.equal(2);
    expect(api.seen.slotQueries[0]!.get('clinician')).to.equal('dr-a');
    // The first request, aborted, came to nothing: no error was reported or shown.
    expect(errors).to.deep.equal([]);
    expect(part(el, '[part~="error"]')).to.equal(null);
    release();
  });

  it('sends a fresh ticket from ticket-url with every call, never a cookie', async () => {
    const api = bookingApi(dailySlots('2030-03-06'));
    const el = await fixture<AppointmentPicker>(
      html`<appointment-picker
        server=${SERVER}
        service="derm"
        layout="list"
        timezone="Europe/Berlin"
        ticket-url="/ticket"
      ></appointment-picker>`,
    );
    await loaded(el);
    await holdTime(el, '2030-03-06');
    expect(api.seen.slotAuth).to.deep.equal(['Bearer ticket-from-url']);
    expect(api.seen.holds[0]!.authorization).to.equal('Bearer ticket-from-url');
    expect(seen.ticketFetches).to.equal(2);
    // A picker taken off the page gives its hold back at once.
    el.remove();
    await until(() => api.seen.releases.length === 1, 'the release');
    expect(api.seen.releases[0]!.id).to.equal('hold-1');
  });

  it('downloads the calendar file with the capability token in a header, offers Google Calendar', async () => {
    const api = bookingApi(dailySlots('2030-03-06'));
    const el = await picker('list');
    await holdTime(el, '2030-03-06');
    fill(el, { name: 'Ada', email: 'ada@example.com' });
    submit(el);
    await until(() => part(el, '[part~="confirmation"]'));
    const google = part<HTMLAnchorElement>(el, '[part~="google"]')!;
    const url = new URL(google.href);
    expect(url.origin + url.pathname).to.equal('https://calendar.google.com/calendar/render');
    expect(url.searchParams.get('dates')).to.equal('20300306T080000Z/20300306T083000Z');
    expect(google.href).not.to.contain('cap-token');
    expect(google.rel).to.equal('noopener noreferrer');
    const created: Blob[] = [];
    const original = URL.createObjectURL;
    URL.createObjectURL = (blob: Blob) => {
      created.push(blob);
      return original.call(URL, blob);
    };
    try {
      part<HTMLButtonElement>(el, '[part~="calendar"]')!.click();
      await until(() => created.length === 1, 'the download');
    } finally {
      URL.createObjectURL = original;
    }
    expect(api.seen.calendar).to.deep.equal([
      {
        url: `${SERVER}/v1/appointments/appt-1/calendar.ics`,
        authorization: 'Bearer vca_capability-token-1',
        // The picker's language, for the file's words (the browser's own may differ).
        language: 'en',
      },
    ]);
    expect(created[0]!.type).to.equal('text/calendar');
    expect(await created[0]!.text()).to.contain('BEGIN:VCALENDAR');
  });

  it('puts a join button for the booked visit where the page asks for one, showing when it opens', async () => {
    bookingApi(dailySlots('2030-03-06'));
    // The visit opens a day after "now": the button says so instead of being live and answering "not open yet".
    const opens = Date.parse('2030-03-06T09:00:00Z');
    serveVisit(() => ({ ...visitAt(0), joinAvailableFrom: new Date(opens).toISOString() }));
    const el = await picker('list');
    el.joinButton = true;
    await holdTime(el, '2030-03-06');
    fill(el, { name: 'Ada', email: 'ada@example.com' });
    submit(el);
    await until(() => part(el, 'call-join-button'));
    const button = part(el, 'call-join-button') as HTMLElement & { appointment: string; ticket: string };
    expect(button.getAttribute('appointment')).to.equal('appt-1');
    expect(button.getAttribute('server')).to.equal(SERVER);
    expect(button.ticket).to.equal('vca_capability-token-1');
    const inner = () => button.shadowRoot?.querySelector('[part~="button"]');
    await until(() => button.shadowRoot?.querySelector('[part~="window"]'));
    expect(visitRequests).to.deep.equal([
      { appointment: 'appt-1', authorization: 'Bearer vca_capability-token-1' },
    ]);
    expect(inner()?.getAttribute('aria-disabled')).to.equal('true');
  });

  it('books with the details the page gives for its own fields', async () => {
    const api = bookingApi(dailySlots('2030-03-06'));
    const el = await picker('list');
    el.patient = { name: 'Page Patient', phone: '+4930123456' };
    await holdTime(el, '2030-03-06');
    expect(part(el, '#field-name')).to.equal(null);
    expect(part(el, 'slot[name="form"]')).not.to.equal(null);
    submit(el);
    await until(() => part(el, '[part~="confirmation"]'));
    expect((api.seen.bookings[0]!.body as { patient: unknown }).patient).to.deep.equal({
      name: 'Page Patient',
      phone: '+4930123456',
    });
  });

  it('lets a keyboard reach, choose and reserve a time in the list: Tab, arrows, Tab, Enter', async () => {
    const api = bookingApi(dailySlots('2030-03-06', '2030-03-07'));
    const el = await picker('list');
    const selects = record(el, 'vc-slot-select');
    radios(el, '2030-03-06')[0]!.focus();
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(active(el)).to.equal(radios(el, '2030-03-06')[1]);
    expect(selects.map((e) => e.detail.start)).to.deep.equal(['2030-03-06T09:00:00.000Z']);
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(selects.at(-1)!.detail.start).to.equal('2030-03-06T13:30:00.000Z');
    // No hold while the patient is only looking.
    expect(api.seen.holds).to.have.length(0);
    await sendKeys({ press: 'Tab' });
    expect(active(el)).to.equal(part(el, '[part~="reserve"]'));
    await sendKeys({ press: 'Enter' });
    await until(() => api.seen.holds.length === 1, 'the hold');
    await until(() => active(el) === part(el, '#field-name'), 'focus in the form');
    el.remove();
    await until(() => api.seen.releases.length === 1, 'the release');
  });

  describe('at 320 px', () => {
    before(() => setViewport({ width: 320, height: 640 }));
    after(() => setViewport({ width: 800, height: 600 }));

    const fits = (el: AppointmentPicker) => {
      const width = el.getBoundingClientRect().width;
      for (const node of el.shadowRoot!.querySelectorAll('*')) {
        const box = node.getBoundingClientRect();
        if (box.width === 0) continue;
        expect(box.right, `${node.tagName} ${node.getAttribute('part') ?? ''}`).to.be.at.most(
          el.getBoundingClientRect().right + 0.5,
        );
      }
      expect(el.scrollWidth).to.be.at.most(Math.ceil(width));
      expect(document.documentElement.scrollWidth).to.be.at.most(320);
    };

    it('switches between list and month as its width crosses 480 px without a ResizeObserver loop error', async () => {
      const errors: string[] = [];
      const onError = (e: ErrorEvent) => errors.push(e.message);
      window.addEventListener('error', onError);
      try {
        bookingApi(dailySlots('2030-03-06', '2030-03-07'));
        const box = await fixture<HTMLElement>(
          html`<div style="inline-size: 600px">
            <appointment-picker
              server=${SERVER}
              service="derm"
              timezone="America/New_York"
            ></appointment-picker>
          </div>`,
        );
        const el = box.querySelector<AppointmentPicker>('appointment-picker')!;
        await loaded(el);
        await until(() => part(el, '[part~="month"]'), 'the month grid at 600 px');
        for (const [width, layout] of [
          [300, 'list'],
          [600, 'month'],
          [300, 'list'],
        ] as const) {
          box.style.inlineSize = `${width}px`;
          await until(() => part(el, `[part~="${layout}"]`), `the ${layout} at ${width} px`);
          // Two frames: a loop error is reported after the frame whose observer delivery changed the layout.
          await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        }
      } finally {
        window.removeEventListener('error', onError);
      }
      expect(errors).to.deep.equal([]);
    });

    it("keeps 'Reserve this time' on screen below a long day's chosen time", async () => {
      // 20 times on one day, in two zones: all shown, the first chosen and scrolled to the top of a 640 px screen.
      const starts = Array.from({ length: 20 }, (_, i) =>
        new Date(Date.parse('2030-03-06T08:00:00Z') + i * 30 * 60_000).toISOString(),
      );
      bookingApi(slotsAt(...starts));
      const el = await picker('list', 'America/New_York');
      (part(el, '[part~="all-times"]') as HTMLButtonElement).click();
      await until(() => radios(el).length === 20, 'all 20 times');
      radios(el)[0]!.click();
      await until(() => part(el, '[part~="reserve"]'), 'the reserve button');
      radios(el)[0]!.scrollIntoView({ block: 'start' });
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const times = part(el, '[part~="times"]')!.getBoundingClientRect();
      expect(times.bottom, 'the day runs on below the screen').to.be.greaterThan(window.innerHeight);
      const reserve = part(el, '[part~="reserve"]')!.getBoundingClientRect();
      expect(reserve.top).to.be.at.least(0);
      expect(reserve.bottom).to.be.at.most(window.innerHeight);
      window.scrollTo(0, 0);
    });

    it('fits the list, the month grid, the form and the confirmation without overflow', async () => {
      document.body.style.margin = '8px';
      bookingApi(dailySlots('2030-03-06', '2030-03-07'));
      const auto = await fixture<AppointmentPicker>(
        html`<appointment-picker
          server=${SERVER}
          service="derm"
          timezone="America/New_York"
        ></appointment-picker>`,
      );
      await loaded(auto);
      // layout="auto" below 480 px: the list.
      await until(() => part(auto, '[part~="list"]'), 'the list');
      fits(auto);
      const month = await picker('month', 'America/New_York');
      fits(month);
      await holdTime(auto, '2030-03-06');
      fits(auto);
      fill(auto, { name: 'Ada', email: 'ada@example.com' });
      submit(auto);
      await until(() => part(auto, '[part~="confirmation"]'));
      fits(auto);
    });
  });
});
