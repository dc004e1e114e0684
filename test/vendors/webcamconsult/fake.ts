/**
 * A stateful fake of the webcamconsult API, built from the doc (vendor-docs/webcamconsult-api.md): users
 * (listed, read), clients (`GET`/`POST /clients.json`, `GET`/`DELETE /client/{id}.json`) and appointments
 * (`GET`/`POST /appointments.json`, `GET`/`PUT`/`DELETE /appointment/{id}.json`), with the doc's bodies:
 * records wrapped in `{ client: … }` / `{ appointment: … }`, lists bare, 422 `{ errors: { field: [text] } }`
 * (Dutch, as the doc's sample), deletes `{ status: "ok" }`. Ids are 24 hex digits; clients carry an
 * `authentication_token` in the list only; appointments are created `idle` and their dates come back in
 * the organisation's offset (`+01:00`). It authenticates like the doc says: the organisation's token in
 * `Authorization: Token token=…`, or the `authentication_token` query parameter (accepted, and recorded,
 * so a test can prove the adapter never uses it). Undocumented answers (401, 404) are plain.
 */
import { HttpResponse, type HttpHandler } from 'msw';
import { randomBytes } from 'node:crypto';
import { FakeKit, type RouteInfo } from '../support/fake-kit.js';

export const WCC_BASE = 'https://eapi.webcamconsult.test';
export const WCC_JOIN_ORIGIN = 'https://consult.webcamconsult.test';
export const WCC_TOKEN = '38826f79010b41b5aaeb4710debb09db';
/** Users of the fake organisation. */
export const WCC_USERS = {
  doctor: '1234567890abcdef12345678',
  integration: 'aaaaaaaaaaaaaaaaaaaaaaaa',
  nurse: 'bbbbbbbbbbbbbbbbbbbbbbbb',
} as const;
/** The adapter options that talk to this fake. */
export const WCC_OPTIONS = {
  baseUrl: WCC_BASE,
  apiToken: WCC_TOKEN,
  joinUrlTemplate: `${WCC_JOIN_ORIGIN}/consult/{appointmentId}?token={clientToken}`,
  clinicianJoinUrlTemplate: `${WCC_JOIN_ORIGIN}/users/{userId}/appointments/{appointmentId}`,
  users: { 'dr.akkermans@clinic.example': WCC_USERS.doctor },
  defaultUserId: WCC_USERS.nurse,
  integrationUserId: WCC_USERS.integration,
};

export interface FakeClient {
  id: string;
  email: string | null;
  last_name: string | null;
  initials: string | null;
  division_ids: string[];
  authentication_token: string;
}

export interface FakeAppointment {
  id: string;
  user_id: string;
  client_id: string;
  created_by_user_id: string | null;
  date: number;
  duration: number;
  division_id: string | null;
  state: string;
  started_at: number | null;
}

const hexId = () => randomBytes(12).toString('hex');
/** The organisation's offset, as the doc's samples show (`…+02:00`; winter here). */
const local = (ms: number) => new Date(ms + 3_600_000).toISOString().replace('Z', '+01:00');
const isDate = (value: unknown): value is string =>
  typeof value === 'string' &&
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value) &&
  !Number.isNaN(Date.parse(value));
const unprocessable = (errors: Record<string, string[]>) => HttpResponse.json({ errors }, { status: 422 });
const ok = () => HttpResponse.json({ status: 'ok' });
const notFound = () => HttpResponse.json({ error: 'Not found' }, { status: 404 });

const clientJson = (c: FakeClient, withToken: boolean) => ({
  id: c.id,
  email: c.email,
  titles: null,
  initials: c.initials,
  surname_prefix: null,
  last_name: c.last_name,
  client_full_name: [c.initials, c.last_name].filter(Boolean).join(' '),
  external: null,
  gender: null,
  date_of_birth: null,
  reference_code: null,
  division_ids: c.division_ids,
  ...(withToken ? { authentication_token: c.authentication_token } : {}),
});

const appointmentJson = (a: FakeAppointment) => ({
  id: a.id,
  user_id: a.user_id,
  client_id: a.client_id,
  created_by_user_id: a.created_by_user_id,
  date: local(a.date),
  state: a.state,
  division_id: a.division_id,
  duration: a.duration,
  external_participant_ids: [],
  inloop_json: {},
  ...(a.started_at === null ? {} : { started_at: local(a.started_at) }),
});

type Body = Record<string, unknown>;

export const createWebcamconsultFake = () => {
  const kit = new FakeKit([WCC_JOIN_ORIGIN]);
  const clients = new Map<string, FakeClient>();
  const appointments = new Map<string, FakeAppointment>();
  const users = new Set<string>(Object.values(WCC_USERS));
  /** Every appointment ever created (deleted ones too): what "exactly one" is counted on. */
  let created = 0;

  const authenticated = (info: RouteInfo) =>
    info.request.headers.get('authorization') === `Token token=${WCC_TOKEN}` ||
    info.url.searchParams.get('authentication_token') === WCC_TOKEN;
  const url = (path: string) => `${WCC_BASE}${path}`;
  /** `/appointment/{id}.json`: the id is the file name without `.json`. */
  const idOf = (info: RouteInfo) => /^(.+)\.json$/.exec(info.params.file ?? '')?.[1] ?? '';

  /** Checks an appointment body (all of it for POST, what is given for PUT); returns the 422 errors. */
  const appointmentErrors = (b: Body, partial: boolean) => {
    const errors: Record<string, string[]> = {};
    const need = (key: string) => !partial || b[key] !== undefined;
    if (need('user_id') && !users.has(b.user_id as string)) errors.user_id = ['bestaat niet'];
    if (need('client_id') && !clients.has(b.client_id as string)) errors.client_id = ['bestaat niet'];
    if (need('date') && !isDate(b.date)) errors.date = ['is ongeldig'];
    if (need('duration') && !(Number.isInteger(b.duration) && (b.duration as number) > 0))
      errors.duration = ['moet groter zijn dan 0'];
    if (b.created_by_user_id !== undefined && !users.has(b.created_by_user_id as string))
      errors.created_by_user_id = ['bestaat niet'];
    return errors;
  };

  const guarded =
    (resolver: (info: RouteInfo) => Response) =>
    (info: RouteInfo): Response =>
      authenticated(info) ? resolver(info) : new HttpResponse(null, { status: 401 });

  const handlers: HttpHandler[] = [
    kit.route(
      'get',
      url('/users.json'),
      guarded(() => HttpResponse.json([...users].map((id) => ({ id, roles: ['consultant'] })))),
    ),

    kit.route(
      'get',
      url('/clients.json'),
      guarded(() => HttpResponse.json([...clients.values()].map((c) => clientJson(c, true)))),
    ),

    kit.route(
      'post',
      url('/clients.json'),
      guarded((info) => {
        const b = ((info.body as Body | undefined)?.client ?? {}) as Body;
        const email = typeof b.email === 'string' ? b.email : null;
        if (email !== null && !/^[^@\s]+@[^@\s]+$/.test(email))
          return unprocessable({ email: ['is ongeldig'] });
        if (
          email !== null &&
          [...clients.values()].some((c) => c.email?.toLowerCase() === email.toLowerCase())
        )
          return unprocessable({ email: ['is al in gebruik'] });
        const client: FakeClient = {
          id: hexId(),
          email,
          last_name: typeof b.last_name === 'string' ? b.last_name : null,
          initials: typeof b.initials === 'string' ? b.initials : null,
          division_ids: Array.isArray(b.division_ids) ? (b.division_ids as string[]) : [],
          authentication_token: randomBytes(15).toString('base64url'),
        };
        clients.set(client.id, client);
        return HttpResponse.json({ client: clientJson(client, false) });
      }),
    ),

    kit.route(
      'get',
      url('/client/:file'),
      guarded((info) => {
        const client = clients.get(idOf(info));
        return client ? HttpResponse.json({ client: clientJson(client, false) }) : notFound();
      }),
    ),

    kit.route(
      'delete',
      url('/client/:file'),
      guarded((info) => (clients.delete(idOf(info)) ? ok() : notFound())),
    ),

    kit.route(
      'get',
      url('/appointments.json'),
      guarded(() => HttpResponse.json([...appointments.values()].map(appointmentJson))),
    ),

    kit.route(
      'post',
      url('/appointments.json'),
      guarded((info) => {
        const b = ((info.body as Body | undefined)?.appointment ?? {}) as Body;
        const errors = appointmentErrors(b, false);
        if (Object.keys(errors).length > 0) return unprocessable(errors);
        const appointment: FakeAppointment = {
          id: hexId(),
          user_id: b.user_id as string,
          client_id: b.client_id as string,
          created_by_user_id: (b.created_by_user_id as string | undefined) ?? null,
          date: Date.parse(b.date as string),
          duration: b.duration as number,
          division_id: (b.division_id as string | undefined) ?? null,
          state: 'idle',
          started_at: null,
        };
        appointments.set(appointment.id, appointment);
        created += 1;
        return HttpResponse.json({ appointment: appointmentJson(appointment) });
      }),
    ),

    kit.route(
      'get',
      url('/appointment/:file'),
      guarded((info) => {
        const appointment = appointments.get(idOf(info));
        return appointment ? HttpResponse.json({ appointment: appointmentJson(appointment) }) : notFound();
      }),
    ),

    kit.route(
      'put',
      url('/appointment/:file'),
      guarded((info) => {
        const appointment = appointments.get(idOf(info));
        if (!appointment) return notFound();
        const b = ((info.body as Body | undefined)?.appointment ?? {}) as Body;
        const errors = appointmentErrors(b, true);
        if (Object.keys(errors).length > 0) return unprocessable(errors);
        if (typeof b.user_id === 'string') appointment.user_id = b.user_id;
        if (typeof b.client_id === 'string') appointment.client_id = b.client_id;
        if (typeof b.date === 'string') appointment.date = Date.parse(b.date);
        if (typeof b.duration === 'number') appointment.duration = b.duration;
        return HttpResponse.json({ appointment: appointmentJson(appointment) });
      }),
    ),

    kit.route(
      'delete',
      url('/appointment/:file'),
      guarded((info) => (appointments.delete(idOf(info)) ? ok() : notFound())),
    ),
  ];

  /** The consult begins: webcamconsult sets `started_at` (the state stays as documented). */
  const start = (appointmentId: string, at: number) => {
    const appointment = appointments.get(appointmentId);
    if (!appointment) throw new Error(`no fake appointment ${appointmentId}`);
    appointment.started_at = at;
  };

  /** A client made in webcamconsult itself (not by us). */
  const addClient = (client: Partial<FakeClient> & { email: string | null }): FakeClient => {
    const full: FakeClient = {
      id: hexId(),
      last_name: null,
      initials: null,
      division_ids: [],
      authentication_token: randomBytes(15).toString('base64url'),
      ...client,
    };
    clients.set(full.id, full);
    return full;
  };

  return {
    handlers,
    kit,
    clients,
    appointments,
    start,
    addClient,
    createdCount: () => created,
    reset: () => {
      kit.reset();
      clients.clear();
      appointments.clear();
      created = 0;
    },
  };
};
