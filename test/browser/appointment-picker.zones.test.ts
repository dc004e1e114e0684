import { expect } from '@open-wc/testing';
import { useMockServer } from './mock-server.js';
import { part } from './support.js';
import { bookingApi, picker, slotsAt, text, texts, useClockAt } from './appointment-picker.helpers.js';

useMockServer();
useClockAt();

const timesOf = (el: Element, day: string) => texts(el, `[part~="times"][data-day="${day}"] [part~="time"]`);

describe('<appointment-picker> time zones', function () {
  // Several axe runs per test: on a loaded CI machine each takes seconds.
  this.timeout(30_000);

  it('says on the spring-forward day in Berlin that the clocks change, and names each zone in full', async () => {
    // 31 March 2030, the last Sunday of March: 02:00 CET becomes 03:00 CEST.
    bookingApi(slotsAt('2030-03-31T00:30:00Z', '2030-03-31T01:30:00Z', '2030-04-01T08:00:00Z'));
    const el = await picker('list');
    expect(text(el, '[part~="times"][data-day="2030-03-31"] [part~="clock-change"]')).to.equal(
      'On this day the clocks go forward one hour.',
    );
    expect(timesOf(el, '2030-03-31')).to.deep.equal([
      '1:30 AM (Central European Standard Time)',
      '3:30 AM (Central European Summer Time)',
    ]);
    const group = part(el, '[part~="times"][data-day="2030-03-31"]')!;
    expect(group.getAttribute('aria-describedby')).to.equal('clock-2030-03-31 zone-note');
    // An ordinary day says nothing of clocks and needs no zone per time.
    expect(part(el, '[part~="times"][data-day="2030-04-01"] [part~="clock-change"]')).to.equal(null);
    expect(timesOf(el, '2030-04-01')).to.deep.equal(['10:00 AM']);
    await expect(el).to.be.accessible();
  });

  it('tells the two 2:30s of the fall-back day apart', async () => {
    // 27 October 2030, the last Sunday of October: 03:00 CEST becomes 02:00 CET, so 02:30 comes twice.
    bookingApi(slotsAt('2030-10-27T00:30:00Z', '2030-10-27T01:30:00Z'));
    const el = await picker('list');
    expect(text(el, '[part~="clock-change"]')).to.equal('On this day the clocks go back one hour.');
    expect(timesOf(el, '2030-10-27')).to.deep.equal([
      '2:30 AM (Central European Summer Time)',
      '2:30 AM (Central European Standard Time)',
    ]);
  });

  it("shows a patient in New York their time and the clinic's, with long zone names", async () => {
    bookingApi(slotsAt('2030-03-06T09:00:00Z', '2030-03-12T09:00:00Z'));
    const el = await picker('list', 'America/New_York');
    expect(text(el, '[part~="zone-note"]')).to.equal(
      'Times are in Eastern Standard Time, your time zone. The clinic is in Berlin (Central European Standard Time).',
    );
    expect(timesOf(el, '2030-03-06')).to.deep.equal(['4:00 AM your time, 10:00 AM in Berlin']);
    // After the US clocks moved (10 March) and before Europe's (31 March), the gap is five hours.
    expect(timesOf(el, '2030-03-12')).to.deep.equal(['5:00 AM your time, 10:00 AM in Berlin']);
    await expect(el).to.be.accessible();
  });

  it("says when the patient's clocks change but the clinic's do not", async () => {
    bookingApi(slotsAt('2030-03-10T14:00:00Z'));
    const el = await picker('list', 'America/New_York');
    expect(text(el, '[part~="clock-change"]')).to.equal('On this day the clocks go forward one hour.');
    expect(timesOf(el, '2030-03-10')).to.deep.equal([
      '10:00 AM (Eastern Daylight Time) your time, 3:00 PM in Berlin',
    ]);
  });

  it("groups times by the patient's day and switches to the clinic's zone with the selector", async () => {
    // 23:30 UTC on 6 March is the evening of the 6th in New York and past midnight (the 7th) in Berlin.
    bookingApi(slotsAt('2030-03-06T23:30:00Z'));
    const el = await picker('list', 'America/New_York');
    expect(texts(el, '[part~="times"] legend')).to.deep.equal(['Wednesday, March 6']);
    const select = part<HTMLSelectElement>(el, '[part~="zone"] select')!;
    expect([...select.options].map((o) => [o.value, o.text.trim()])).to.deep.equal([
      ['America/New_York', 'New York (Eastern Standard Time)'],
      ['Europe/Berlin', 'Berlin (Central European Standard Time)'],
    ]);
    // Each option takes its direction from its words: on a right-to-left page a select too narrow for the English
    // name cuts its end (the zone name), not its start (the city).
    expect([...select.options].map((o) => getComputedStyle(o).unicodeBidi)).to.deep.equal([
      'plaintext',
      'plaintext',
    ]);
    select.value = 'Europe/Berlin';
    select.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect(texts(el, '[part~="times"] legend')).to.deep.equal(['Thursday, March 7']);
    expect(timesOf(el, '2030-03-07')).to.deep.equal(['12:30 AM']);
    expect(text(el, '[part~="zone-note"]')).to.equal('Times are in Central European Standard Time.');
    await expect(el).to.be.accessible();
  });
});
