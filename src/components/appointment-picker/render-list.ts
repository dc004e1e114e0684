import { html, nothing, type TemplateResult } from 'lit';
import { msg } from '@lit/localize';
import type { Slot } from './booking-client.js';
import type { Day } from './zones.js';
import { renderTimes, type TimesView } from './render-times.js';

/** Days per page of the list: the NHS found patients chose faster from 10 dates than from 5. */
export const DAYS_PER_PAGE = 10;

export interface ListView extends Omit<TimesView, 'day' | 'slots' | 'heading' | 'short' | 'onAll'> {
  days: readonly [Day, Slot[]][];
  /** How many days are shown (pages of `DAYS_PER_PAGE`). */
  shown: number;
  /** The days whose times are all shown. */
  all: ReadonlySet<Day>;
  onAll(day: Day): void;
  onMore(): void;
}

/** The next days with free times, each a heading with its times; "Show later dates" adds the next page. */
export const renderList = (view: ListView): TemplateResult => {
  const days = view.days.slice(0, view.shown);
  return html`
    <div part="list">
      ${days.map(([day, slots]) =>
        renderTimes({
          ...view,
          day,
          slots,
          heading: true,
          short: !view.all.has(day),
          onAll: () => view.onAll(day),
        }),
      )}
    </div>
    ${
      view.days.length > view.shown
        ? html`<button part="more" type="button" @click=${view.onMore}>${msg('Show later dates')}</button>`
        : nothing
    }
  `;
};
