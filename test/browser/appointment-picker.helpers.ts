import { fixture, html } from '@open-wc/testing';
import { http, HttpResponse } from 'msw';
import type { AppointmentPicker } from '../../src/components/appointment-picker/appointment-picker.js';
import type { Slot } from '../../src/components/appointment-picker/booking-client.js';
import { clock } from '../../src/controllers/countdown-controller.js';
import { useFakeClock } from './call-join-button.window-helpers.js';
import { problem, worker } from './mock-server.js';
import { SERVER, part, until } from './support.js';
import '../../src/components/appointment-picker/define.js';

export const MINUTE = 60_000;

/** The booking steps' module (booking-controller.ts; in the script tag's build chunks/appointment-booking.js). */
export const BOOKING_STEPS = /\/appointment-picker\/booking-controller\.ts$/;
/** Tuesday 5 March 2030, noon UTC: "today" of the fake clock. */
export const NOW = Date.parse('2030-03-05T12:00:00.000Z');

/** Slots of 30 minutes at the given UTC instants, each with one free clinician. */
export const slotsAt = (...starts: string[]): Slot[] =>
  starts.map((start) => ({
    start: new Date(start).toISOString(),
    end: new Date(Date.parse(start) + 30 * MINUTE).toISOString(),
    clinicians: [{ id: 'dr-a', free: 1 }],
  }));

/** Three times on each of `days` (`YYYY-MM-DD`): 08:00, 09:00, 13:30 UTC (09:00, 10:00, 14:30 in Berlin in winter). */
export const dailySlots = (...days: string[]): Slot[] =>
  days.flatMap((day) => slotsAt(`${day}T08:00:00Z`, `${day}T09:00:00Z`, `${day}T13:30:00Z`));

export interface Seen {
  slotQueries: URLSearchParams[];
  slotAuth: (string | null)[];
  holds: { body: unknown; authorization: string | null }[];
  releases: { id: string; secret: string | null }[];
  /** The `Booking-Session` header of each hold and booking request. */
  sessions: (string | null)[];
  bookings: { key: string | null; body: unknown }[];
  /** Appointments the fake made, by Idempotency-Key: the second request with a key gets the first answer. */
  made: Map<string, unknown>;
  calendar: { url: string; authorization: string | null; language: string | null }[];
  /** The `If-None-Match` of each slots request. */
  slotTags: (string | null)[];
  /** Requests on `/v1/appointments/:id`: method, URL, Authorization, Idempotency-Key, body. */
  manage: { method: string; url: string; authorization: string | null; key: string | null; body: unknown }[];
}

/** A strong ETag of the slots as the fake sends them: it changes when they change. */
const etagOf = (slots: Slot[]) => {
  let hash = 5381;
  for (const char of JSON.stringify(slots)) hash = (hash * 33 + char.charCodeAt(0)) >>> 0;
  return `"${hash.toString(36)}"`;
};

/** An appointment as the server shows it, 30 minutes from `start`, changeable until 4 hours before. */
export const appointmentAt = (start: string, id = 'appt-1', status = 'booked') => ({
  id,
  start,
  end: new Date(Date.parse(start) + 30 * MINUTE).toISOString(),
  status,
  service: 'derm',
  clinician: 'dr-a',
  provider: 'sandbox',
  sequence: 0,
  changeableUntil: new Date(Date.parse(start) - 240 * MINUTE).toISOString(),
  joinAvailableFrom: new Date(Date.parse(start) - 10 * MINUTE).toISOString(),
});

export const TOKEN = 'vca_capability-token-1';

/** A fake of the booking API (issue 10) for one test: slots, holds, idempotent bookings, the calendar file. */
export const bookingApi = (initial: Slot[], zone = 'Europe/Berlin') => {
  const api = {
    slots: initial,
    zone,
    /** Starts that the next hold or booking finds taken. */
    taken: new Set<string>(),
    /** Drop the answer of the next booking (after making it), as a lost connection would. */
    dropNextBooking: false,
    holdSeconds: 300,
    /** The appointments `GET/PATCH/DELETE /v1/appointments/:id` act on, with the token each one takes. */
    appointments: new Map<string, { view: ReturnType<typeof appointmentAt>; token: string }>(),
    /** Changes are past the service's cut-off: 409 `cancel-window-closed`. */
    closed: false,
    /** Drop the answer of the next move (after making it), as a lost connection would. */
    dropNextMove: false,
    seen: {
      slotQueries: [],
      slotAuth: [],
      holds: [],
      releases: [],
      sessions: [],
      bookings: [],
      made: new Map(),
      calendar: [],
      slotTags: [],
      manage: [],
    } as Seen,
  };
  let holds = 0;
  worker.use(
    http.get(`${SERVER}/v1/slots`, ({ request }) => {
      api.seen.slotQueries.push(new URL(request.url).searchParams);
      api.seen.slotAuth.push(request.headers.get('authorization'));
      const slots = api.slots.filter((slot) => !api.taken.has(slot.start));
      const etag = etagOf(slots);
      const tag = request.headers.get('if-none-match');
      api.seen.slotTags.push(tag);
      const headers = { ETag: etag, 'Cache-Control': 'private, no-cache' };
      if (tag === etag) return new HttpResponse(null, { status: 304, headers });
      return HttpResponse.json({ service: 'derm', zone: api.zone, slots }, { headers });
    }),
    http.post(`${SERVER}/v1/holds`, async ({ request }) => {
      const body = (await request.json()) as { start: string };
      api.seen.holds.push({ body, authorization: request.headers.get('authorization') });
      api.seen.sessions.push(request.headers.get('booking-session'));
      if (api.taken.has(body.start)) return problem(409, 'slot-taken');
      holds++;
      return HttpResponse.json(
        {
          holdId: `hold-${holds}`,
          holdSecret: `secret-${holds}`,
          expiresAt: new Date(clock.now() + api.holdSeconds * 1000).toISOString(),
          start: body.start,
          end: new Date(Date.parse(body.start) + 30 * MINUTE).toISOString(),
          clinician: 'dr-a',
          changeableUntil: new Date(Date.parse(body.start) - 240 * MINUTE).toISOString(),
          // As the server: an anonymous caller of a public service gets a booking session to send back.
          ...(request.headers.get('authorization') ? {} : { session: 'vcs_session-1' }),
        },
        { status: 201 },
      );
    }),
    http.delete(`${SERVER}/v1/holds/:id`, async ({ params, request }) => {
      const { holdSecret } = (await request.json()) as { holdSecret: string };
      api.seen.releases.push({ id: String(params.id), secret: holdSecret });
      return new HttpResponse(null, { status: 204 });
    }),
    http.post(`${SERVER}/v1/appointments`, async ({ request }) => {
      const key = request.headers.get('idempotency-key');
      const body = (await request.json()) as { holdId: string };
      api.seen.bookings.push({ key, body });
      api.seen.sessions.push(request.headers.get('booking-session'));
      const hold = api.seen.holds.at(-1)!.body as { start: string };
      if (api.taken.has(hold.start)) return problem(409, 'slot-taken');
      let answer = key ? api.seen.made.get(key) : undefined;
      if (!answer) {
        answer = {
          appointment: {
            id: `appt-${api.seen.made.size + 1}`,
            start: hold.start,
            end: new Date(Date.parse(hold.start) + 30 * MINUTE).toISOString(),
            status: 'pending',
            service: 'derm',
            clinician: 'dr-a',
            provider: 'sandbox',
            sequence: 0,
            changeableUntil: new Date(Date.parse(hold.start) - 240 * MINUTE).toISOString(),
            joinAvailableFrom: new Date(Date.parse(hold.start) - 10 * MINUTE).toISOString(),
          },
          token: TOKEN,
        };
        api.seen.made.set(key ?? '', answer);
        const { appointment } = answer as { appointment: ReturnType<typeof appointmentAt> };
        api.appointments.set(appointment.id, { view: appointment, token: TOKEN });
      }
      if (api.dropNextBooking) {
        api.dropNextBooking = false;
        return HttpResponse.error();
      }
      return HttpResponse.json(answer as Record<string, unknown>, { status: 201 });
    }),
    http.all(`${SERVER}/v1/appointments/:id`, async ({ request, params }) => {
      const key = request.headers.get('idempotency-key');
      const authorization = request.headers.get('authorization');
      const body = request.method === 'PATCH' ? await request.json() : undefined;
      api.seen.manage.push({ method: request.method, url: request.url, authorization, key, body });
      const found = api.appointments.get(String(params.id));
      if (!found || authorization !== `Bearer ${found.token}`) return problem(403, 'forbidden-scope');
      if (request.method === 'GET') return HttpResponse.json(found.view);
      if (api.closed) return problem(409, 'cancel-window-closed');
      if (request.method === 'DELETE') {
        found.view = { ...found.view, status: 'cancelled', sequence: found.view.sequence + 1 };
        return HttpResponse.json(found.view);
      }
      if (!key) return problem(400, 'idempotency-key-missing');
      const replayed = api.seen.made.get(`move:${key}`);
      if (replayed) return HttpResponse.json(replayed as Record<string, unknown>);
      const hold = api.seen.holds.at(-1)!.body as { start: string };
      if (api.taken.has(hold.start)) return problem(409, 'slot-taken');
      const moved = { ...appointmentAt(hold.start, found.view.id), sequence: found.view.sequence + 1 };
      found.view = moved;
      api.seen.made.set(`move:${key}`, moved);
      if (api.dropNextMove) {
        api.dropNextMove = false;
        return HttpResponse.error();
      }
      return HttpResponse.json(moved);
    }),
    http.get(`${SERVER}/v1/appointments/:id/calendar.ics`, ({ request }) => {
      api.seen.calendar.push({
        url: request.url,
        authorization: request.headers.get('authorization'),
        language: request.headers.get('accept-language'),
      });
      return new HttpResponse('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n', {
        headers: { 'Content-Type': 'text/calendar' },
      });
    }),
  );
  return api;
};

/** A fake clock for each test, from `start` (default: `NOW`). */
export const useClockAt = (start = NOW) => useFakeClock(start);

/** A picker for service `derm` against the fake, times in `timezone`, in `layout`; resolves once times show. */
export const picker = async (
  layout: 'list' | 'month' = 'list',
  timezone = 'Europe/Berlin',
  extra: { minDate?: string; maxDate?: string; firstDay?: number } = {},
): Promise<AppointmentPicker> => {
  const el = await fixture<AppointmentPicker>(
    html`<appointment-picker
      server=${SERVER}
      service="derm"
      layout=${layout}
      timezone=${timezone}
      min-date=${extra.minDate ?? ''}
      max-date=${extra.maxDate ?? ''}
      first-day=${extra.firstDay ?? ''}
    ></appointment-picker>`,
  );
  await loaded(el);
  return el;
};

/** A picker as `picker()` makes it (Berlin), in a `<div lang>`; resolves once times show. */
export const inLanguage = async (lang: string, layout: 'list' | 'month' = 'list') => {
  const wrapper = await fixture<HTMLElement>(
    html`<div lang=${lang}>
      <appointment-picker
        server=${SERVER}
        service="derm"
        layout=${layout}
        timezone="Europe/Berlin"
      ></appointment-picker>
    </div>`,
  );
  const el = wrapper.querySelector<AppointmentPicker>('appointment-picker')!;
  await loaded(el);
  return el;
};

/** Waits until the slots have loaded (or failed) and the picker has rendered them. */
export const loaded = async (el: AppointmentPicker) => {
  await until(
    () =>
      !part(el, '[part~="skeleton"]') &&
      part(el, '[part~="status"]')?.textContent?.trim() !== 'Loading free times…',
    'slots loaded',
  );
  await el.updateComplete;
};

/** Texts of the given parts, trimmed and with whitespace collapsed. */
export const texts = (el: Element, selector: string): string[] =>
  [...el.shadowRoot!.querySelectorAll(selector)].map((node) => node.textContent!.replace(/\s+/g, ' ').trim());

export const text = (el: Element, selector: string): string => texts(el, selector)[0] ?? '';

export const radios = (el: Element, day?: string) => [
  ...el.shadowRoot!.querySelectorAll<HTMLInputElement>(
    `[part~="times"]${day ? `[data-day="${day}"]` : ''} input[type="radio"]`,
  ),
];

export const active = (el: Element) => el.shadowRoot!.activeElement as HTMLElement | null;

/** Chooses the radio at `index` of `day` and presses "Reserve this time"; resolves when the hold is held. */
export const holdTime = async (el: AppointmentPicker, day: string, index = 0) => {
  radios(el, day)[index]!.click();
  await el.updateComplete;
  part<HTMLButtonElement>(el, '[part~="reserve"]')!.click();
  await until(() => part(el, '[part~="hold"]'), 'the hold');
  await el.updateComplete;
};

/** Fills the built-in form. */
export const fill = (el: Element, values: { name?: string; email?: string; phone?: string }) => {
  for (const [name, value] of Object.entries(values)) {
    part<HTMLInputElement>(el, `input[name="${name}"]`)!.value = value;
  }
};

export const submit = (el: Element) => part<HTMLButtonElement>(el, '[part~="book"]')!.click();

export { problem };
