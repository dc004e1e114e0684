import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { useMockServer } from './mock-server.js';
import { part } from './support.js';
import {
  active,
  bookingApi,
  dailySlots,
  picker,
  radios,
  text,
  texts,
  useClockAt,
} from './appointment-picker.helpers.js';
import type { AppointmentPicker } from '../../src/components/appointment-picker/appointment-picker.js';

useMockServer();
useClockAt();

/** The day (`YYYY-MM-DD`) of the focused grid cell. */
const focusedDay = (el: AppointmentPicker) => active(el)?.dataset.day;
const cell = (el: AppointmentPicker, day: string) => part(el, `td[data-day="${day}"]`)!;
const heading = (el: AppointmentPicker) => text(el, '[part~="month"] h3');

/** Presses `key` and waits for the grid to follow. */
const press = async (el: AppointmentPicker, key: string) => {
  await sendKeys({ press: key });
  await el.updateComplete;
};

describe('<appointment-picker> month layout', function () {
  // Several axe runs per test: on a loaded CI machine each takes seconds.
  this.timeout(30_000);

  it('is an APG date grid: labelled by the month, full-date cell names, today and days without times marked', async () => {
    bookingApi(dailySlots('2030-03-06', '2030-03-07', '2030-03-20'));
    const el = await picker('month', 'Europe/Berlin', { firstDay: 1 });
    const grid = part(el, 'table')!;
    expect(grid.getAttribute('role')).to.equal('grid');
    expect(grid.getAttribute('aria-labelledby')).to.equal('month-label');
    expect(heading(el)).to.equal('March 2030');
    expect(part(el, '#month-label')!.getAttribute('aria-live')).to.equal('polite');
    expect(texts(el, 'th')).to.deep.equal(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
    expect(part(el, 'th')!.getAttribute('abbr')).to.equal('Monday');
    expect(cell(el, '2030-03-06').getAttribute('aria-label')).to.equal(
      'Wednesday, March 6, 3 times available',
    );
    expect(cell(el, '2030-03-06').hasAttribute('aria-disabled')).to.equal(false);
    expect(cell(el, '2030-03-08').getAttribute('aria-label')).to.equal('Friday, March 8, No times available');
    expect(cell(el, '2030-03-08').getAttribute('aria-disabled')).to.equal('true');
    expect(cell(el, '2030-03-05').getAttribute('aria-current')).to.equal('date');
    expect(cell(el, '2030-03-06').getAttribute('aria-current')).to.equal(null);
    // One tab stop: the first day with times.
    const stops = [...el.shadowRoot!.querySelectorAll('td[tabindex="0"]')];
    expect(stops).to.deep.equal([cell(el, '2030-03-06')]);
    // 1 March 2030 is a Friday: four blank cells before it in a Monday-first week.
    const firstRow = [...el.shadowRoot!.querySelectorAll('tbody tr:first-child td')];
    expect(firstRow.map((td) => td.textContent!.trim())).to.deep.equal(['', '', '', '', '1', '2', '3']);
    await expect(el).to.be.accessible();
  });

  it('moves focus key by key: arrows by day and week, Home/End, PageUp/PageDown, Shift+PageUp/PageDown', async () => {
    bookingApi(dailySlots('2030-03-06'));
    const el = await picker('month', 'Europe/Berlin', { firstDay: 1 });
    cell(el, '2030-03-06').focus();
    const steps: [string, string][] = [
      ['ArrowRight', '2030-03-07'],
      ['ArrowLeft', '2030-03-06'],
      ['ArrowDown', '2030-03-13'],
      ['ArrowUp', '2030-03-06'],
      ['End', '2030-03-10'],
      ['Home', '2030-03-04'],
      ['ArrowLeft', '2030-03-03'],
      ['PageDown', '2030-04-03'],
      ['PageUp', '2030-03-03'],
      ['Shift+PageDown', '2031-03-03'],
      ['Shift+PageUp', '2030-03-03'],
      ['ArrowUp', '2030-02-24'],
    ];
    for (const [key, day] of steps) {
      await press(el, key);
      expect(focusedDay(el), key).to.equal(day);
      expect(el.shadowRoot!.querySelectorAll('td[tabindex="0"]'), key).to.have.length(1);
    }
    expect(heading(el)).to.equal('February 2030');
  });

  it('clamps PageDown to the end of a shorter month', async () => {
    bookingApi(dailySlots('2030-01-31'));
    const el = await picker('month', 'Europe/Berlin', { firstDay: 1, minDate: '2030-01-01' });
    expect(heading(el)).to.equal('January 2030');
    cell(el, '2030-01-31').focus();
    await press(el, 'PageDown');
    expect(focusedDay(el)).to.equal('2030-02-28');
  });

  it('mirrors the left and right arrows in a right-to-left page', async () => {
    bookingApi(dailySlots('2030-03-06'));
    document.documentElement.dir = 'rtl';
    try {
      const el = await picker('month', 'Europe/Berlin', { firstDay: 1 });
      cell(el, '2030-03-06').focus();
      await press(el, 'ArrowLeft');
      expect(focusedDay(el)).to.equal('2030-03-07');
      await press(el, 'ArrowRight');
      await press(el, 'ArrowRight');
      expect(focusedDay(el)).to.equal('2030-03-05');
      await expect(el).to.be.accessible();
    } finally {
      document.documentElement.dir = '';
    }
  });

  it('keeps focus within min-date and max-date', async () => {
    bookingApi(dailySlots('2030-03-06'));
    const el = await picker('month', 'Europe/Berlin', {
      firstDay: 1,
      minDate: '2030-03-05',
      maxDate: '2030-03-20',
    });
    cell(el, '2030-03-06').focus();
    await press(el, 'ArrowUp');
    expect(focusedDay(el)).to.equal('2030-03-05');
    await press(el, 'PageDown');
    expect(focusedDay(el)).to.equal('2030-03-20');
  });

  it('Enter on a day with times moves focus to its radio group, whose legend is the date', async () => {
    bookingApi(dailySlots('2030-03-06', '2030-03-07'));
    const el = await picker('month', 'Europe/Berlin', { firstDay: 1 });
    cell(el, '2030-03-06').focus();
    await press(el, 'ArrowRight');
    await press(el, 'Enter');
    await el.updateComplete;
    expect(cell(el, '2030-03-07').getAttribute('aria-selected')).to.equal('true');
    // The chosen day is drawn in the accent with its text on it (white on #0b5cad), not white on the tint of
    // the days with times (axe does not see through color-mix backgrounds).
    const chosen = getComputedStyle(cell(el, '2030-03-07'));
    expect([chosen.backgroundColor, chosen.color]).to.deep.equal(['rgb(11, 92, 173)', 'rgb(255, 255, 255)']);
    expect(text(el, '[part~="times"] legend')).to.equal('Thursday, March 7');
    expect(active(el)).to.equal(radios(el, '2030-03-07')[0]);
    await expect(el).to.be.accessible();
  });

  it('Space on a day without times keeps focus in the grid and shows no times', async () => {
    bookingApi(dailySlots('2030-03-06'));
    const el = await picker('month', 'Europe/Berlin', { firstDay: 1 });
    cell(el, '2030-03-06').focus();
    await press(el, 'ArrowRight');
    await press(el, ' ');
    expect(focusedDay(el)).to.equal('2030-03-07');
    expect(part(el, '[part~="times"]')).to.equal(null);
  });

  it('says a month has no free times and jumps to the next free day', async () => {
    bookingApi(dailySlots('2030-04-02'));
    const el = await picker('month', 'Europe/Berlin', { firstDay: 1, minDate: '2030-03-05' });
    // The tab stop starts on the first free day, in April: go back to March.
    part<HTMLButtonElement>(el, '[part~="month-button"]')!.click();
    await el.updateComplete;
    expect(heading(el)).to.equal('March 2030');
    expect(text(el, '[part~="empty"] p')).to.equal(
      'No free times in March 2030. Next free: Tuesday, April 2.',
    );
    await expect(el).to.be.accessible();
    part<HTMLButtonElement>(el, '[part~="empty"] button')!.click();
    await el.updateComplete;
    await el.updateComplete;
    expect(heading(el)).to.equal('April 2030');
    expect(active(el)).to.equal(radios(el, '2030-04-02')[0]);
  });

  it('takes the first day of the week from the locale when first-day is not set', async () => {
    bookingApi(dailySlots('2030-03-06'));
    const el = await picker('month');
    // en (US week info): Sunday first.
    expect(texts(el, 'th')[0]).to.equal('Sun');
  });
});
