import { html, nothing, type TemplateResult } from 'lit';
import { msg } from '@lit/localize';
import { dayNumber, fullDate, monthName, weekdayNames } from './formats.js';
import { timesAvailable } from './picker-messages.js';
import { addDays, addMonths, type Day, monthStart, weekStart } from './zones.js';

export const MONTH_LABEL_ID = 'month-label';

export interface MonthView {
  /** The day that has the grid's one tab stop; its month is shown. */
  focused: Day;
  selected?: Day;
  today: Day;
  firstDay: number;
  /** Free times per day (days without an entry have none). */
  counts: ReadonlyMap<Day, number>;
  locale: string;
  min?: Day;
  max?: Day;
  onKeyDown(event: KeyboardEvent): void;
  onPick(day: Day): void;
  /** Shows the month `delta` months away (the previous/next buttons). */
  onMonth(delta: number): void;
}

/** The weeks of `focused`'s month: rows of seven days, undefined outside the month. */
const weeks = (month: Day, firstDay: number): (Day | undefined)[][] => {
  const rows: (Day | undefined)[][] = [];
  const next = addMonths(month, 1);
  for (let start = weekStart(month, firstDay); start < next; start = addDays(start, 7)) {
    rows.push(
      Array.from({ length: 7 }, (_, i) => {
        const day = addDays(start, i);
        return day >= month && day < next ? day : undefined;
      }),
    );
  }
  return rows;
};

const cell = (day: Day, view: MonthView) => {
  const count = view.counts.get(day) ?? 0;
  const outside = (!!view.min && day < view.min) || (!!view.max && day > view.max);
  const free = count > 0 && !outside;
  return html`<td
    part="day"
    data-day=${day}
    tabindex=${day === view.focused ? 0 : -1}
    aria-label=${`${fullDate(day, view.locale)}, ${timesAvailable(free ? count : 0)}`}
    aria-selected=${day === view.selected ? 'true' : 'false'}
    aria-disabled=${free ? nothing : 'true'}
    aria-current=${day === view.today ? 'date' : nothing}
    @click=${() => view.onPick(day)}
  >
    ${dayNumber(day, view.locale)}
  </td>`;
};

/** The APG date-picker grid of one month, with previous/next month buttons and the month as a polite live heading. */
export const renderMonth = (view: MonthView): TemplateResult => {
  const month = monthStart(view.focused);
  const rows = weeks(month, view.firstDay);
  const header = Array.from({ length: 7 }, (_, i) =>
    weekdayNames(addDays(weekStart(month, view.firstDay), i), view.locale),
  );
  return html`
    <div part="month">
      <div class="month-head">
        <button
          part="month-button"
          type="button"
          aria-label=${msg('Previous month')}
          @click=${() => view.onMonth(-1)}
        >
          <span aria-hidden="true">‹</span>
        </button>
        <h3 id=${MONTH_LABEL_ID} aria-live="polite">${monthName(month, view.locale)}</h3>
        <button
          part="month-button"
          type="button"
          aria-label=${msg('Next month')}
          @click=${() => view.onMonth(1)}
        >
          <span aria-hidden="true">›</span>
        </button>
      </div>
      <table role="grid" aria-labelledby=${MONTH_LABEL_ID} @keydown=${view.onKeyDown}>
        <thead>
          <tr>
            ${header.map(([short, long]) => html`<th scope="col" abbr=${long}>${short}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (row) =>
              html`<tr>
                ${row.map((day) => (day ? cell(day, view) : html`<td></td>`))}
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
  `;
};
